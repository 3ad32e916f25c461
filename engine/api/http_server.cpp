#include "api/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "domain/errors.hpp"

namespace duban::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& handler)
      : stream_(std::move(socket)), handler_(handler) {}
  void start() { read(); }

 private:
  void read() {
    request_ = {};
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->respond();
                     });
  }
  void respond() {
    Response r;
    try {
      r = handler_(std::string(request_.method_string()), std::string(request_.target()));
    } catch (const std::exception& e) {
      r = {
          500, "application/problem+json",
          std::string(
              R"({"type":"about:blank","title":"internal error","status":500,"code":"internal"})")};
    }
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), request_.version());
    res->set(http::field::server, "duban");
    res->set(http::field::content_type, r.content_type);
    res->keep_alive(request_.keep_alive());
    res->body() = std::move(r.body);
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (res->keep_alive()) {
                          self->read();
                        } else {
                          beast::error_code ignored;
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                        }
                      });
  }
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  const Handler& handler_;
};

}  // namespace

struct HttpServer::Impl {
  tcp::acceptor acceptor;
  Handler handler;
  Impl(asio::io_context& io, Handler h) : acceptor(io), handler(std::move(h)) {}
  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (!ec) std::make_shared<Session>(std::move(socket), handler)->start();
      if (acceptor.is_open()) accept();
    });
  }
};

HttpServer::HttpServer(asio::io_context& io, const std::string& host, int port, Handler handler)
    : impl_(std::make_unique<Impl>(io, std::move(handler))) {
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    throw Error(Errc::invalid_argument,
                {"无效的监听地址:" + host, "invalid listen address: " + host});
  }
  tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    auto where = host + ":" + std::to_string(port);
    throw Error(Errc::invalid_argument, {"无法监听 " + where + ":" + ec.message(),
                                         "cannot listen on " + where + ": " + ec.message()});
  }
}

HttpServer::~HttpServer() = default;

int HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::start() { impl_->accept(); }

}  // namespace duban::api
