#include "api/api.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cmath>

#include "app/credential_cases.hpp"
#include "app/denials.hpp"
#include "app/json_views.hpp"
#include "audit/credentials.hpp"
#include "domain/text_check.hpp"

namespace duban::api {

std::optional<std::chrono::seconds> Throttle::blocked(const std::string& key, Instant now) {
  std::lock_guard lock(mutex_);
  auto it = hits_.find(key);
  if (it == hits_.end()) return std::nullopt;
  auto& hits = it->second;
  std::erase_if(hits, [&](Instant at) { return at + window_ <= now; });
  if (static_cast<int>(hits.size()) < limit_) return std::nullopt;
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(hits.front() + window_ - now);
  return std::max(std::chrono::seconds(1), wait);
}

void Throttle::count(const std::string& key, Instant now) {
  std::lock_guard lock(mutex_);
  if (hits_.size() > 100000) hits_.clear();  // a flood of names: forget rather than grow
  hits_[key].push_back(now);
}

void Throttle::clear(const std::string& key) {
  std::lock_guard lock(mutex_);
  hits_.erase(key);
}

int Buckets::take(const std::string& key, Instant now) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = buckets_.try_emplace(key);
  auto& b = it->second;
  if (fresh) {
    b.tokens = burst_;
  } else {
    std::chrono::duration<double> elapsed = now - b.at;
    b.tokens = std::min<double>(burst_, b.tokens + std::max(0.0, elapsed.count()) * rate_);
  }
  b.at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
}

std::optional<Lang> accepted_language(const std::string& header) {
  // "en-US,en;q=0.9,zh;q=0.8": the first of zh and en with the highest q.
  std::optional<Lang> best;
  double best_q = 0;
  std::size_t start = 0;
  while (start <= header.size()) {
    auto end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    auto part = header.substr(start, end - start);
    start = end + 1;
    double q = 1;
    if (auto semi = part.find(";q="); semi != std::string::npos) {
      try {
        q = std::stod(part.substr(semi + 3));
      } catch (const std::exception&) {
        q = 0;
      }
      part.resize(semi);
    }
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    for (auto& c : part) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::optional<Lang> lang;
    if (part.rfind("zh", 0) == 0) lang = Lang::zh;
    if (part.rfind("en", 0) == 0) lang = Lang::en;
    if (lang && q > best_q) {
      best = lang;
      best_q = q;
    }
  }
  return best;
}

std::string client_address(const Request& request, const std::vector<std::string>& trusted) {
  if (std::find(trusted.begin(), trusted.end(), request.peer) == trusted.end()) return request.peer;
  auto forwarded = request.header("x-forwarded-for");
  auto hop =
      forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1);
  while (!hop.empty() && hop.front() == ' ') hop.erase(0, 1);
  while (!hop.empty() && hop.back() == ' ') hop.pop_back();
  boost::system::error_code ec;
  boost::asio::ip::make_address(hop, ec);
  return ec ? request.peer : hop;
}

Route open_route(std::function<Response(Call&)> route) { return route; }

namespace {

HttpProblem too_many(int seconds, const Text& why) {
  HttpProblem p;
  p.status = 429;
  p.title = "Too Many Requests";
  p.code = "rate_limited";
  p.detail = why;
  p.headers.emplace_back("Retry-After", std::to_string(seconds));
  return p;
}

// A refusal no use case recorded (a check of the API's own) goes to the security log too.
template <class Work>
Response recorded(ApiState& state, Call& call, Work&& work) {
  try {
    return work();
  } catch (const Error& e) {
    if (app::is_refusal(e.code()) && !e.recorded()) {
      auto target = call.request.target.substr(0, call.request.target.find('?'));
      app::record_denial(state.services(),
                         {call.user.id, call.request.method + " " + call.pattern, target}, e);
      e.mark_recorded();
    }
    throw;
  }
}

}  // namespace

Route user_route(ApiState& state, std::function<Response(Call&)> route) {
  return [&state, route = std::move(route)](Call& call) {
    auto header = call.request.header("authorization");
    if (header.rfind("Bearer ", 0) != 0) {
      throw unauthenticated({"请先登录(请求头 Authorization: Bearer 令牌)",
                             "log in first (header Authorization: Bearer TOKEN)"});
    }
    auto& services = state.services();
    auto a = app::authenticate(services, header.substr(7));
    if (!a) {
      throw unauthenticated({"令牌无效、已过期或已被吊销,请重新登录",
                             "the token is unknown, expired or revoked; log in again"});
    }
    const auto now = services.clock.now();
    if (int wait = state.requests.take("token:" + std::to_string(a->token.id), now)) {
      throw too_many(wait, {"请求过于频繁,请 " + std::to_string(wait) + " 秒后再试",
                            "too many requests; retry in " + std::to_string(wait) + " s"});
    }
    call.user = a->user;
    call.token_id = a->token.id;
    call.token_expires = a->token.expires_at;
    auto key = call.request.header("idempotency-key");
    if (call.request.method != "POST" || key.empty()) {
      return recorded(state, call, [&] { return route(call); });
    }
    // A retried POST: the first answer again, without acting twice.
    if (key.size() > 255 || text_defect(key)) {
      throw validation_failed(
          {{"Idempotency-Key",
            {"应为不超过 255 字节的可见字符", "must be at most 255 visible characters"}}});
    }
    app::RequestKey request{call.user.id, key,
                            audit::token_hash(call.request.method + " " + call.request.target +
                                              "\n" + call.request.body)};
    auto start = app::begin_request(services, request, state.idempotency);
    switch (start.outcome) {
      case app::RequestOutcome::replay: {
        Response first;
        first.status = start.answer.status;
        first.content_type = start.answer.content_type;
        first.headers = std::move(start.answer.headers);
        first.body = std::move(start.answer.body);
        first.headers.emplace_back("Idempotent-Replayed", "true");
        return first;
      }
      case app::RequestOutcome::busy: {
        Error busy(Errc::conflict, {"相同 Idempotency-Key 的请求正在处理,请稍后重试",
                                    "a request with this Idempotency-Key is in progress; retry"});
        auto r = to_response(busy);
        r.headers.emplace_back("Retry-After", std::to_string(start.retry_after.count()));
        return r;
      }
      case app::RequestOutcome::lost:
        throw Error(Errc::conflict,
                    {"相同 Idempotency-Key 的请求已执行,但服务在保存其应答前中断;"
                     "请查看相关数据的当前状态,不要重复提交",
                     "the request with this Idempotency-Key was carried out, but the server "
                     "stopped before keeping its answer; read the current state instead of "
                     "sending it again"});
      case app::RequestOutcome::mismatch:
        throw validation_failed(
            {{"Idempotency-Key", {"该键已用于另一个请求", "was used for another request"}}});
      case app::RequestOutcome::go:
        break;
    }
    Response r;
    bool acted = false;
    try {
      app::ActingOn acting(request);
      r = answered([&] { return recorded(state, call, [&] { return route(call); }); },
                   !call.request.header("if-match").empty());
      acted = acting.acted();
    } catch (...) {
      try {
        app::forget_request(services, request, state.idempotency);
      } catch (const std::exception&) {
        // The request's own failure is what the client is told; the key runs out with its lease.
      }
      throw;
    }
    if (r.status >= 500 && !acted) {
      app::forget_request(services, request, state.idempotency);  // not acted on: a retry may act
    } else {
      app::finish_request(services, request, state.idempotency,
                          {r.status, r.content_type, r.headers, r.body});
    }
    return r;
  };
}

}  // namespace duban::api
