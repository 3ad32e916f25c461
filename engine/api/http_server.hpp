#pragma once
// The HTTP server (Boost.Beast). For now it answers GET /healthz; the REST API comes later.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

namespace duban::api {

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

/// Maps (method, target) to a response; runs on the server's thread.
using Handler = std::function<Response(const std::string& method, const std::string& target)>;

class HttpServer {
 public:
  /// Binds at once; throws duban::Error(invalid_argument) if the address cannot be bound.
  HttpServer(boost::asio::io_context& io, const std::string& host, int port, Handler handler);
  ~HttpServer();
  /// The bound port (useful with port 0).
  int port() const;
  void start();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace duban::api
