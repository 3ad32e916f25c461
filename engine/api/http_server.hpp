#pragma once
// The HTTP server (Boost.Beast). It moves bytes; what a request means is the handler's (routes).
// Robust on a county network:
// - a malformed request gets 400 and the connection is closed; a body over its limit, 413;
// - the request head must arrive within `header_timeout` (a slow sender cannot hold a slot);
// - at most `max_connections` are served at once, the others wait in the listen queue;
// - when the process runs out of file descriptors it stops accepting for a while (backing off up
//   to a second) instead of spinning;
// - stop() finishes the requests in flight, closes idle connections and then calls `drained`.
// Handlers run on whichever of the io_context's threads read the request.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duban::api {

struct Request {
  std::string method;
  std::string target;  ///< raw, checked: printable ASCII, valid UTF-8 once percent-decoded
  std::map<std::string, std::string> headers;  ///< names in lower case
  std::string body;
  std::string peer;  ///< the client's address
  /// A header's value, "" when absent; `name` in lower case.
  std::string header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< e.g. Allow on a 405
};

/// Maps a request to a response; runs on one of the server's threads.
struct Handler {
  std::function<Response(const Request&)> respond;
  Response operator()(const Request& request) const { return respond(request); }
  /// A request with no header and no body (tests and tools).
  Response operator()(const std::string& method, const std::string& target) const;
};

/// Called with a line for the server's log (e.g. "accept: too many open files; waiting 100 ms").
using Log = std::function<void(const std::string&)>;

struct ServerLimits {
  int max_connections = 256;
  std::size_t body_bytes = 1 << 20;  ///< a request body; 413 beyond
  std::size_t header_bytes = 16 * 1024;
  /// Requests for which this says true (evidence uploads) may send up to `upload_bytes`.
  std::function<bool(std::string_view target)> is_upload;
  std::size_t upload_bytes = 20 << 20;
  std::chrono::seconds header_timeout{10};  ///< for the request line and headers
  std::chrono::seconds body_timeout{60};    ///< for the body once the headers are in
  std::chrono::seconds idle_timeout{30};    ///< a kept-alive connection with no new request
};

class HttpServer {
 public:
  /// Binds at once; throws duban::Error(invalid_argument) if the address cannot be bound.
  HttpServer(boost::asio::io_context& io, const std::string& host, int port, Handler handler,
             ServerLimits limits = {}, Log log = {});
  ~HttpServer();
  /// The bound port (useful with port 0).
  int port() const;
  void start();
  /// Stops accepting, lets the requests in flight finish (their connections then close) and
  /// closes idle connections; calls `drained` (once, on a server thread) when none is left.
  void stop(std::function<void()> drained);
  /// Connections open now.
  int connections() const;

  struct Impl;  ///< the acceptor and what its sessions share (http_server.cpp)

 private:
  std::shared_ptr<Impl> impl_;
};

/// Why `target` is not an acceptable request-target (bytes outside printable ASCII, a bad
/// percent escape, or invalid UTF-8 once decoded), or "" when it is.
std::string target_problem(const std::string& target);

/// `text` with its percent escapes decoded ('+' kept as is).
std::string percent_decode(std::string_view text);

}  // namespace duban::api
