// The work-chat channel (工作群机器人): posts each message as a text message to a DingTalk
// (钉钉) or WeCom (企业微信) group robot. A reminder's address on this channel is the unit:
// each unit's group has its robot (`robots`), others go to the default robot (`url`).
// DingTalk robots with 加签 are signed: timestamp (ms) + "\n" + secret, HMAC-SHA256 with the
// secret, base64, URL-encoded, appended as &timestamp=…&sign=…. A reply's errcode other than 0 is
// a refusal (bad signature, keyword missing), 5xx and 429 are retried.
//
// settings:
//   kind: dingtalk                 # dingtalk | wecom
//   url: https://oapi.dingtalk.com/robot/send?access_token=…   # the default robot
//   robots: {longtan: https://…, xinmin: https://…}            # per unit, optional
//   secret_env: DUBAN_DINGTALK_SECRET                          # DingTalk 加签 secret, optional
//   timeout_seconds: 10
#include <Poco/URI.h>

#include <cstdlib>

#include "http_post.hpp"
#include "settings.hpp"

namespace {

using duban::plugin::Message;
using duban::plugin::SendResult;
using duban::plugin::SendStatus;

class WebhookChannel final : public duban::plugin::Plugin, public duban::plugin::Channel {
 public:
  explicit WebhookChannel(duban::plugin::Host& host) : host_(host) {}

  void configure(duban::plugin::Section& s) override {
    kind_ = s.string("kind", true).value_or("dingtalk");
    if (kind_ != "dingtalk" && kind_ != "wecom") {
      s.error("kind", "应为 dingtalk 或 wecom", "expected dingtalk or wecom");
    }
    url_ = s.string("url", true).value_or("");
    robots_ = s.map("robots");
    duban_settings::require_http_url(s, "url", url_);
    secret_ = duban_settings::secret_from_env(s, "secret_env");
    if (!secret_.empty() && kind_ != "dingtalk") {
      s.error("secret_env", "只有钉钉机器人加签", "only DingTalk signs");
    }
    timeout_ = static_cast<int>(s.integer("timeout_seconds", 1, 120).value_or(10));
  }
  duban::plugin::Channel* channel() override { return this; }

  SendResult send(const Message& m) override {
    std::string url = url_;
    for (const auto& [unit, robot] : robots_)
      if (unit == m.to_address) url = robot;
    if (!secret_.empty()) {
      auto ms = std::to_string(host_.now() * 1000);
      auto sign = duban_http::base64(duban_http::hmac_sha256(secret_, ms + "\n" + secret_));
      std::string encoded;
      Poco::URI::encode(sign, "+/=", encoded);
      url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("timestamp=") + ms +
             "&sign=" + encoded;
    }
    std::string text = m.subject.empty() ? m.body : m.subject + "\n" + m.body;
    auto body = "{\"msgtype\": \"text\", \"text\": {\"content\": \"" +
                duban_http::json_escape(text) + "\"}}";
    try {
      auto reply =
          duban_http::request(url, "POST", {{"Content-Type", "application/json"}}, body, timeout_);
      // Both robots answer 200 with {"errcode": 0, "errmsg": "ok"}; another errcode is a refusal.
      if (reply.status == 200) {
        bool ok = reply.body.find("\"errcode\":0") != std::string::npos ||
                  reply.body.find("\"errcode\": 0") != std::string::npos;
        if (ok) return {SendStatus::sent, reply.body, std::nullopt};
        return {SendStatus::permanent, "refused: " + reply.body.substr(0, 300), std::nullopt};
      }
      return duban_http::outcome(reply, false);
    } catch (const Poco::Exception& e) {
      return {SendStatus::retry, e.displayText(), std::nullopt};
    }
  }

 private:
  duban::plugin::Host& host_;
  std::string kind_, url_, secret_;
  std::vector<std::pair<std::string, std::string>> robots_;
  int timeout_ = 10;
};

}  // namespace

DUBAN_PLUGIN(WebhookChannel)
