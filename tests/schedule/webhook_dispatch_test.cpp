// The work-chat channel against a real HTTP peer: a unit's group robot gets one text message for
// the unit, DingTalk's 加签 signature checks out, and a robot's refusal (errcode) is permanent.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "support/smtp_fixture.hpp"

namespace duban::testing {
namespace {

std::string url_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string query_value(const std::string& path, const std::string& key) {
  auto at = path.find(key + "=");
  if (at == std::string::npos) return "";
  auto end = path.find('&', at);
  return path.substr(at + key.size() + 1,
                     end == std::string::npos ? std::string::npos : end - at - key.size() - 1);
}

std::string dingtalk_sign(const std::string& secret, const std::string& timestamp) {
  unsigned char mac[32];
  unsigned int len = 0;
  auto text = timestamp + "\n" + secret;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &len);
  unsigned char b64[64];
  int n = EVP_EncodeBlock(b64, mac, static_cast<int>(len));
  return std::string(reinterpret_cast<char*>(b64), static_cast<std::size_t>(n));
}

class WebhookDispatch : public EmailEngine {
 protected:
  void SetUp() override {
    EmailEngine::SetUp();
    // The due-date rung goes to the work chat only.
    config_.workflow.item_reminders.rungs[3].channels = {"webhook"};
  }
};

TEST_F(WebhookDispatch, TheUnitsRobotGetsOneSignedTextMessageForTheUnit) {
  setenv("DUBAN_TEST_DINGTALK_SECRET", "SEC-abc", 1);
  HttpSink sink(dir_ / "robot.jsonl");
  use_plugins(
      {{"webhook", "{kind: dingtalk, url: '" + sink.url("/robot/send?access_token=t0") +
                       "', robots: {longtan: '" + sink.url("/robot/send?access_token=longtan") +
                       "'}, secret_env: DUBAN_TEST_DINGTALK_SECRET}"}});
  assigned_item("贫困户识别不精准", "2026-09-30");
  assigned_item("问题乙", "2026-09-30", "xinmin");
  clock_.set(*parse_local_time("2026-09-30T10:00", config_.zone));
  queue_now();
  auto r = dispatcher_->run_once();
  EXPECT_EQ(r.sent, 2);  // one message per unit group, owner and head together
  auto requests = sink.requests();
  ASSERT_EQ(requests.size(), 2u);
  std::set<std::string> tokens;
  for (const auto& q : requests) {
    std::string path = q["path"];
    tokens.insert(query_value(path, "access_token"));
    auto ts = query_value(path, "timestamp");
    EXPECT_EQ(ts, std::to_string(clock_.now().time_since_epoch().count() * 1000));
    EXPECT_EQ(url_decode(query_value(path, "sign")), dingtalk_sign("SEC-abc", ts)) << path;
    auto body = nlohmann::json::parse(q["body"].get<std::string>());
    EXPECT_EQ(body["msgtype"], "text");
    std::string content = body["text"]["content"];
    EXPECT_NE(content.find("今天到期"), std::string::npos) << content;
  }
  // 龙潭镇 has its own robot; 新民乡 goes to the default one.
  EXPECT_EQ(tokens, (std::set<std::string>{"longtan", "t0"}));
}

TEST_F(WebhookDispatch, ARobotsRefusalIsPermanentAndListed) {
  HttpSink sink(dir_ / "robot.jsonl",
                "--reply '{\"errcode\":310000,\"errmsg\":\"sign not match\"}'");
  use_plugins(
      {{"webhook", "{kind: wecom, url: '" + sink.url("/cgi-bin/webhook/send?key=k") + "'}"}});
  assigned_item("问题甲", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-30T10:00", config_.zone));
  queue_now();
  EXPECT_EQ(dispatcher_->run_once().dead, 1);
  auto dead = deliveries(DeliveryStatus::dead);
  ASSERT_EQ(dead.size(), 1u);  // owner and head share the unit's group: one delivery
  EXPECT_NE(dead[0].second.last_error.find("sign not match"), std::string::npos)
      << dead[0].second.last_error;
}

}  // namespace
}  // namespace duban::testing
