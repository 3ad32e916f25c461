#pragma once
// The HTTP server (Boost.Beast). For now it answers GET /healthz; the REST API comes later.
// Robust on a county network: a malformed request gets 400 and the connection is closed;
// at most `max_connections` are served at once; when the process runs out of file descriptors
// it stops accepting for a while (backing off up to a second) instead of spinning.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace duban::api {

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< e.g. Allow on a 405
};

/// Maps (method, target) to a response; runs on the server's thread. The target is the raw
/// request-target, already checked to be ASCII with valid UTF-8 once percent-decoded.
using Handler = std::function<Response(const std::string& method, const std::string& target)>;

/// Called with a line for the server's log (e.g. "accept: too many open files; waiting 100 ms").
using Log = std::function<void(const std::string&)>;

class HttpServer {
 public:
  /// Binds at once; throws duban::Error(invalid_argument) if the address cannot be bound.
  HttpServer(boost::asio::io_context& io, const std::string& host, int port, Handler handler,
             int max_connections = 256, Log log = {});
  ~HttpServer();
  /// The bound port (useful with port 0).
  int port() const;
  void start();

  struct Impl;  ///< the acceptor and what its sessions share (http_server.cpp)

 private:
  std::shared_ptr<Impl> impl_;
};

/// Why `target` is not an acceptable request-target (bytes outside printable ASCII, a bad
/// percent escape, or invalid UTF-8 once decoded), or "" when it is.
std::string target_problem(const std::string& target);

}  // namespace duban::api
