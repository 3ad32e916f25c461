#include "api/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <set>

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

std::string Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? "" : it->second;
}

Response Handler::operator()(const std::string& method, const std::string& target) const {
  Request r;
  r.method = method;
  r.target = target;
  r.peer = "127.0.0.1";
  return respond(r);
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    int hi = text[i] == '%' && i + 2 < text.size() + 0 ? hex_value(text[i + 1]) : -1;
    int lo = hi >= 0 ? hex_value(text[i + 2]) : -1;
    if (hi >= 0 && lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string target_problem(const std::string& target) {
  for (std::size_t i = 0; i < target.size(); ++i) {
    auto c = static_cast<unsigned char>(target[i]);
    if (c <= 0x20 || c >= 0x7F)
      return "the request target holds a byte that is not printable ASCII";
    if (c == '%') {
      int hi = i + 2 < target.size() ? hex_value(target[i + 1]) : -1;
      int lo = i + 2 < target.size() ? hex_value(target[i + 2]) : -1;
      if (hi < 0 || lo < 0) return "the request target holds a bad percent escape";
      i += 2;
    }
  }
  if (text_defect(percent_decode(target)))
    return "the request target is not valid UTF-8 text once decoded";
  return "";
}

class Session;

// Shared by the acceptor and every session, on several threads: the connections open, the
// accept loop to resume when one ends while the server was full, and the stop in progress.
struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  tcp::acceptor acceptor;
  asio::steady_timer backoff;
  Handler handler;
  ServerLimits limits;
  Log log;
  std::mutex mutex;  ///< guards what follows
  std::set<Session*> sessions;
  bool paused = false;  ///< full: accepting resumes when a connection ends
  bool stopping = false;
  std::function<void()> drained;
  std::chrono::milliseconds delay{0};

  Impl(asio::io_context& io, Handler h, ServerLimits l, Log lg)
      : acceptor(io),
        backoff(io),
        handler(std::move(h)),
        limits(std::move(l)),
        log(std::move(lg)) {}

  void accept();
  void began(Session* s) {
    std::lock_guard lock(mutex);
    sessions.insert(s);
  }
  void ended(Session* s);
  void say(const std::string& line) {
    if (log) log(line);
  }
  std::size_t body_limit(std::string_view target) const {
    return limits.is_upload && limits.is_upload(target) ? limits.upload_bytes : limits.body_bytes;
  }
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = endpoint.address().to_string();
  }
  ~Session() { server_->ended(this); }
  void start() {
    server_->began(this);
    read();
  }
  /// From stop(): an idle connection closes now; a busy one after its answer.
  void wind_down() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      // Idle: nothing read of a next request, nothing waiting in the socket. A request whose
      // first bytes have arrived is read, answered (Connection: close) and then the end.
      if (!self->busy_ && self->nothing_waiting()) {
        beast::error_code ec;
        self->stream_.socket().cancel(ec);
      }
    });
  }

 private:
  /// Nothing of a next request has arrived: neither in the buffer nor waiting in the socket.
  bool nothing_waiting() {
    beast::error_code ec;
    return buffer_.size() == 0 && stream_.socket().available(ec) == 0;
  }
  void read() {
    // Stopping: a request already on its way is still read and answered (Connection: close).
    if (closing_ && nothing_waiting()) return close();
    busy_ = false;
    request_.emplace();
    request_->header_limit(server_->limits.header_bytes);
    // A kept-alive connection may wait for its next request this long, then the head must
    // arrive within header_timeout of its first byte: both bounded by the same timer here.
    stream_.expires_after(first_ ? server_->limits.header_timeout : server_->limits.idle_timeout);
    first_ = false;
    http::async_read_header(
        stream_, buffer_, *request_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }
  void on_header(beast::error_code ec) {
    if (ec) return on_error(ec);
    busy_ = true;
    request_->body_limit(server_->body_limit(request_->get().target()));
    stream_.expires_after(server_->limits.body_timeout);
    http::async_read(
        stream_, buffer_, *request_,
        [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_read(e); });
  }
  void on_read(beast::error_code ec) {
    if (!ec) return respond();
    on_error(ec);
  }
  void on_error(beast::error_code ec) {
    // The peer went away, was too slow or the server is stopping: nothing to answer. Anything
    // else the parser refused is a malformed request, answered before the connection is closed.
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
        ec == asio::error::eof || closing_) {
      return close();
    }
    busy_ = true;
    int status = ec == http::error::body_limit || ec == http::error::header_limit ? 413 : 400;
    send({status,
          "application/problem+json",
          problem_body(status, status == 413 ? "Payload Too Large" : "Bad Request",
                       status == 413 ? "payload_too_large" : "bad_request",
                       "the request could not be read: " + ec.message()),
          {}},
         false, 11);
  }
  void respond() {
    auto& req = request_->get();
    Response r;
    Request in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    in.peer = peer_;
    if (auto why = target_problem(in.target); !why.empty()) {
      r = {400,
           "application/problem+json",
           problem_body(400, "Bad Request", "bad_request", why),
           {}};
    } else {
      for (const auto& field : req) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        in.headers[name] = std::string(field.value());
      }
      in.body = std::move(req.body());
      try {
        r = server_->handler(in);
      } catch (const std::exception&) {
        r = {500,
             "application/problem+json",
             problem_body(500, "internal error", "internal", ""),
             {}};
      }
    }
    bool head = req.method() == http::verb::head;
    send(std::move(r), req.keep_alive() && !closing_, req.version(), head);
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
    stream_.expires_after(server_->limits.body_timeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (!ec && res->keep_alive()) return self->read();
                        self->close();
                      });
  }
  void close() {
    busy_ = false;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_{16 * 1024};
  std::optional<http::request_parser<http::string_body>> request_;
  std::shared_ptr<HttpServer::Impl> server_;
  std::string peer_;
  bool first_ = true;
  bool busy_ = false;     ///< a request is being read, handled or answered
  bool closing_ = false;  ///< the server is stopping: no further request on this connection
};

void HttpServer::Impl::ended(Session* s) {
  std::function<void()> done;
  {
    std::lock_guard lock(mutex);
    sessions.erase(s);
    if (paused && !stopping && static_cast<int>(sessions.size()) < limits.max_connections &&
        acceptor.is_open()) {
      paused = false;
      accept();
    }
    if (stopping && sessions.empty() && drained) done = std::exchange(drained, nullptr);
  }
  if (done) done();
}

namespace {

bool out_of_resources(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors ||  // EMFILE
         ec == beast::error_code(ENFILE, beast::system_category()) ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

}  // namespace

void HttpServer::Impl::accept() {
  // Each connection on a strand of its own: its handlers never run at once, on whichever of the
  // server's threads, nor alongside wind_down().
  acceptor.async_accept(
      asio::make_strand(acceptor.get_executor()),
      [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
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
        if (!ec) {
          // An answer's last few bytes go at once, not after the client's delayed ACK (up to
          // 40 ms on Linux: Nagle's algorithm waits for it). Measured: p99 of the benchmark's mix.
          beast::error_code nodelay;
          socket.set_option(tcp::no_delay(true), nodelay);
          std::make_shared<Session>(std::move(socket), self)->start();
        }
        std::lock_guard lock(self->mutex);
        if (self->stopping) return;
        if (static_cast<int>(self->sessions.size()) >= self->limits.max_connections) {
          self->paused = true;  // resumed by the next connection that ends
          return;
        }
        self->accept();
      });
}

HttpServer::HttpServer(asio::io_context& io, const std::string& host, int port, Handler handler,
                       ServerLimits limits, Log log)
    : impl_(std::make_shared<Impl>(io, std::move(handler), std::move(limits), std::move(log))) {
  impl_->limits.max_connections = std::max(1, impl_->limits.max_connections);
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

int HttpServer::connections() const {
  std::lock_guard lock(impl_->mutex);
  return static_cast<int>(impl_->sessions.size());
}

void HttpServer::stop(std::function<void()> drained) {
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->backoff.cancel();
    if (impl_->sessions.empty()) {
      // Nothing in flight: done now.
    } else {
      impl_->drained = std::move(drained);
      for (auto* s : impl_->sessions) {
        // A session being destroyed on another thread is no longer shared: skip it.
        try {
          open.push_back(s->shared_from_this());
        } catch (const std::bad_weak_ptr&) {
        }
      }
      drained = nullptr;
    }
  }
  for (auto& s : open) s->wind_down();
  if (drained) drained();
}

}  // namespace duban::api
