#include "api/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "app/json_views.hpp"
#include "domain/errors.hpp"
#include "domain/text_check.hpp"

namespace duban::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Problem details as the routes write them (app/json_views), escaped by the JSON library.
std::string problem_body(int status, const char* title, const char* code,
                         const std::string& detail) {
  return app::dump_json(app::problem_json(status, title, code, detail));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string target_problem(const std::string& target) {
  std::string decoded;
  for (std::size_t i = 0; i < target.size(); ++i) {
    auto c = static_cast<unsigned char>(target[i]);
    if (c <= 0x20 || c >= 0x7F)
      return "the request target holds a byte that is not printable ASCII";
    if (c == '%') {
      int hi = i + 2 < target.size() ? hex_value(target[i + 1]) : -1;
      int lo = i + 2 < target.size() ? hex_value(target[i + 2]) : -1;
      if (hi < 0 || lo < 0) return "the request target holds a bad percent escape";
      decoded += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      decoded += static_cast<char>(c);
    }
  }
  if (text_defect(decoded)) return "the request target is not valid UTF-8 text once decoded";
  return "";
}

// Shared by the acceptor and every session: the count of live connections, and the accept
// loop to resume when one ends while the server was full.
struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  tcp::acceptor acceptor;
  asio::steady_timer backoff;
  Handler handler;
  int max_connections;
  Log log;
  int live = 0;
  bool paused = false;  ///< full: accepting resumes when a connection ends
  std::chrono::milliseconds delay{0};

  Impl(asio::io_context& io, Handler h, int max, Log l)
      : acceptor(io), backoff(io), handler(std::move(h)), max_connections(max), log(std::move(l)) {}

  void accept();
  void ended() {
    --live;
    if (paused && live < max_connections && acceptor.is_open()) {
      paused = false;
      accept();
    }
  }
  void say(const std::string& line) {
    if (log) log(line);
  }
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {
    ++server_->live;
  }
  ~Session() { server_->ended(); }
  void start() { read(); }

 private:
  void read() {
    request_.emplace();
    request_->header_limit(16 * 1024);
    request_->body_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(
        stream_, buffer_, *request_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }
  void on_read(beast::error_code ec) {
    if (!ec) return respond();
    // The peer went away or was too slow: nothing to answer. Anything else the parser refused
    // is a malformed request, answered 400 before the connection is closed.
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
        ec == asio::error::eof) {
      return close();
    }
    int status = ec == http::error::body_limit || ec == http::error::header_limit ? 413 : 400;
    send({status,
          "application/problem+json",
          problem_body(status, status == 413 ? "Payload Too Large" : "Bad Request", "bad_request",
                       "the request could not be read: " + ec.message()),
          {}},
         false, 11);
  }
  void respond() {
    const auto& req = request_->get();
    Response r;
    auto target = std::string(req.target());
    if (auto why = target_problem(target); !why.empty()) {
      r = {400,
           "application/problem+json",
           problem_body(400, "Bad Request", "bad_request", why),
           {}};
    } else {
      try {
        r = server_->handler(std::string(req.method_string()), target);
      } catch (const std::exception&) {
        r = {500,
             "application/problem+json",
             problem_body(500, "internal error", "internal", ""),
             {}};
      }
    }
    bool head = req.method() == http::verb::head;
    send(std::move(r), req.keep_alive(), req.version(), head);
  }
  void send(Response r, bool keep_alive, unsigned version, bool head = false) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), version);
    res->set(http::field::server, "duban");
    res->set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res->set(name, value);
    res->keep_alive(keep_alive);
    res->body() = std::move(r.body);
    res->prepare_payload();
    if (head) {  // the length the body would have, and no body
      auto length = res->body().size();
      res->body().clear();
      res->content_length(length);
    }
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (!ec && res->keep_alive()) return self->read();
                        self->close();
                      });
  }
  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_{16 * 1024};
  std::optional<http::request_parser<http::string_body>> request_;
  std::shared_ptr<HttpServer::Impl> server_;
};

bool out_of_resources(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors ||  // EMFILE
         ec == beast::error_code(ENFILE, beast::system_category()) ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (!self->acceptor.is_open()) return;
    if (out_of_resources(ec)) {
      // Accepting again at once would fail again at once (100 % CPU): wait, longer each time,
      // saying so while the wait grows (a few lines), then quietly at one second.
      auto longer = std::min(std::chrono::milliseconds(1000),
                             std::max(std::chrono::milliseconds(50), self->delay * 2));
      if (longer != self->delay) {
        self->say("accept: " + ec.message() + "; waiting " + std::to_string(longer.count()) +
                  " ms");
      }
      self->delay = longer;
      self->backoff.expires_after(self->delay);
      self->backoff.async_wait([self](beast::error_code e) {
        if (!e && self->acceptor.is_open()) self->accept();
      });
      return;
    }
    self->delay = std::chrono::milliseconds(0);
    if (!ec) std::make_shared<Session>(std::move(socket), self)->start();
    if (self->live >= self->max_connections) {
      self->paused = true;  // resumed by the next connection that ends
      return;
    }
    self->accept();
  });
}

HttpServer::HttpServer(asio::io_context& io, const std::string& host, int port, Handler handler,
                       int max_connections, Log log)
    : impl_(std::make_shared<Impl>(io, std::move(handler), std::max(1, max_connections),
                                   std::move(log))) {
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

HttpServer::~HttpServer() {
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
  impl_->backoff.cancel();
}

int HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::start() { impl_->accept(); }

}  // namespace duban::api
