// The SMS channel (短信): posts each message to an HTTP SMS gateway. Gateways differ, so the
// request is configured: URL, method, headers and a body template; an optional HMAC-SHA256
// signature of the timestamp and body; and what counts as accepted. Every request carries the
// message's stable id as `Idempotency-Key`, so a gateway that honours it never sends a retried
// message twice. 429 and 5xx are retried (after Retry-After when given), other 4xx are permanent.
//
// settings:
//   url: https://sms.example.cn/api/send       # required
//   method: POST
//   headers: {Content-Type: application/json, X-Api-Key: abc}
//   body: '{"phone": "{to}", "text": "{text}", "ref": "{id}"}'   # {to} {name} {text} {id},
//                                                                # JSON-escaped
//   sign_secret_env: SMS_SECRET                 # sign with the secret in this variable:
//   sign_header: X-Signature                    #   hex HMAC-SHA256(secret, timestamp "\n" body)
//   timestamp_header: X-Timestamp               #   the engine's clock, seconds since 1970
//   success_contains: '"ok":true'               # the reply must contain this (default: any 2xx)
//   timeout_seconds: 10
#include <cstdlib>

#include "http_post.hpp"
#include "settings.hpp"

namespace {

using duban::plugin::Message;
using duban::plugin::SendResult;
using duban::plugin::SendStatus;

class SmsChannel final : public duban::plugin::Plugin, public duban::plugin::Channel {
 public:
  explicit SmsChannel(duban::plugin::Host& host) : host_(host) {}

  void configure(duban::plugin::Section& s) override {
    url_ = s.string("url", true).value_or("");
    duban_settings::require_http_url(s, "url", url_);
    method_ = s.string("method").value_or("POST");
    if (method_ != "POST" && method_ != "PUT" && method_ != "GET") {
      s.error("method", "应为 POST、PUT 或 GET", "expected POST, PUT or GET");
    }
    headers_ = s.map("headers");
    body_ = s.string("body").value_or("{\"to\": \"{to}\", \"text\": \"{text}\", \"id\": \"{id}\"}");
    secret_ = duban_settings::secret_from_env(s, "sign_secret_env");
    sign_header_ = s.string("sign_header").value_or("X-Signature");
    timestamp_header_ = s.string("timestamp_header").value_or("X-Timestamp");
    success_ = s.string("success_contains").value_or("");
    timeout_ = static_cast<int>(s.integer("timeout_seconds", 1, 120).value_or(10));
  }
  duban::plugin::Channel* channel() override { return this; }

  SendResult send(const Message& m) override {
    auto body = duban_http::fill(body_, {{"to", duban_http::json_escape(m.to_address)},
                                         {"name", duban_http::json_escape(m.to_name)},
                                         {"text", duban_http::json_escape(m.body)},
                                         {"id", duban_http::json_escape(m.id)}});
    auto headers = headers_;
    headers.emplace_back("Idempotency-Key", m.id);
    if (!secret_.empty()) {
      // The gateway checks HMAC-SHA256(secret, timestamp + "\n" + body), hex, and the time.
      auto ts = std::to_string(host_.now());
      headers.emplace_back(timestamp_header_, ts);
      headers.emplace_back(sign_header_,
                           duban_http::hex(duban_http::hmac_sha256(secret_, ts + "\n" + body)));
    }
    try {
      auto reply = duban_http::request(url_, method_, headers, body, timeout_);
      bool accepted = success_.empty() || reply.body.find(success_) != std::string::npos;
      return duban_http::outcome(reply, accepted);
    } catch (const Poco::Exception& e) {
      return {SendStatus::retry, e.displayText(), std::nullopt};
    }
  }

 private:
  duban::plugin::Host& host_;
  std::string url_, method_, body_, secret_, sign_header_, timestamp_header_, success_;
  std::vector<std::pair<std::string, std::string>> headers_;
  int timeout_ = 10;
};

}  // namespace

DUBAN_PLUGIN(SmsChannel)
