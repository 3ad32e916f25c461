// The SMS channel against a real HTTP peer on loopback: the request as configured, signed, with
// the message's id as Idempotency-Key; 429 with Retry-After; a permanent refusal falling back to
// e-mail; quiet hours holding SMS while e-mail goes.
#include <openssl/hmac.h>

#include "support/smtp_fixture.hpp"

namespace duban::testing {
namespace {

class SmsDispatch : public EmailEngine {
 protected:
  std::string sms_settings(const HttpSink& sink, const std::string& extra = "") {
    return "{url: '" + sink.url("/api/send") +
           "', headers: {Content-Type: application/json, X-Api-Key: k-123},"
           " body: '{\"phone\": \"{to}\", \"text\": \"{text}\", \"ref\": \"{id}\"}',"
           " success_contains: '\"ok\":true'" +
           extra + "}";
  }
  std::string hmac_hex(const std::string& key, const std::string& text) {
    unsigned char out[32];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(text.data()), text.size(), out, &len);
    std::string hex;
    char buf[3];
    for (unsigned i = 0; i < len; ++i) {
      std::snprintf(buf, sizeof buf, "%02x", out[i]);
      hex += buf;
    }
    return hex;
  }
};

TEST_F(SmsDispatch, EachPersonGetsOneSignedRequestCarryingTheMessageIdAsIdempotencyKey) {
  setenv("DUBAN_TEST_SMS_SECRET", "s3cret", 1);
  HttpSink sink(dir_ / "sms.jsonl");
  use_plugins({{"sms", sms_settings(sink, ", sign_secret_env: DUBAN_TEST_SMS_SECRET")}});
  assigned_item("贫困户识别不精准", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-30T10:00", config_.zone));
  queue_now();
  auto r = dispatcher_->run_once();
  EXPECT_EQ(r.sent, 2);  // the owner and the unit head
  auto requests = sink.requests();
  ASSERT_EQ(requests.size(), 2u);
  std::set<std::string> phones;
  for (const auto& q : requests) {
    EXPECT_EQ(q["method"], "POST");
    EXPECT_EQ(q["path"], "/api/send");
    EXPECT_EQ(q["headers"]["X-Api-Key"], "k-123");
    auto body = nlohmann::json::parse(q["body"].get<std::string>());
    phones.insert(body["phone"].get<std::string>());
    EXPECT_EQ(q["headers"]["Idempotency-Key"], body["ref"]);
    EXPECT_EQ(body["ref"].get<std::string>().rfind("duban-b", 0), 0u);
    std::string text = body["text"];
    EXPECT_EQ(text.rfind("【示范县督办】", 0), 0u) << text;
    EXPECT_NE(text.find("今天到期"), std::string::npos) << text;
    // The signature is HMAC-SHA256(secret, timestamp + "\n" + body), and the timestamp the clock.
    std::string ts = q["headers"]["X-Timestamp"];
    EXPECT_EQ(ts, std::to_string(clock_.now().time_since_epoch().count()));
    EXPECT_EQ(q["headers"]["X-Signature"],
              hmac_hex("s3cret", ts + "\n" + q["body"].get<std::string>()));
  }
  EXPECT_EQ(phones, (std::set<std::string>{"13700000011", "13900000011"}));
}

TEST_F(SmsDispatch, TooManyRequestsWaitsAsLongAsTheGatewayAsks) {
  HttpSink sink(dir_ / "sms.jsonl", "--fail 1 --fail-status 429 --retry-after 900");
  config_.workflow.item_reminders.rungs[0].channels = {"sms"};  // before_7: SMS only
  use_plugins({{"sms", sms_settings(sink)}});
  assigned_item("问题甲", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T10:00", config_.zone));
  queue_now();
  EXPECT_EQ(dispatcher_->run_once().retrying, 1);
  auto waiting = deliveries(DeliveryStatus::retrying);
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0].second.next_attempt_at - clock_.now(), std::chrono::seconds(900));
  EXPECT_NE(waiting[0].second.last_error.find("HTTP 429"), std::string::npos);
  clock_.advance(std::chrono::seconds(899));
  EXPECT_EQ(dispatcher_->run_once().messages, 0);
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(dispatcher_->run_once().sent, 1);
  auto requests = sink.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["headers"]["Idempotency-Key"], requests[1]["headers"]["Idempotency-Key"]);
}

TEST_F(SmsDispatch, APermanentRefusalFallsBackToEmailAndSaysSo) {
  HttpSink sink(dir_ / "sms.jsonl", "--status 400 --reply '{\"ok\":false,\"msg\":\"bad number\"}'");
  SmtpSink smtp(dir_ / "mail");
  config_.workflow.item_reminders.rungs[0].channels = {"sms"};
  use_plugins({{"sms", sms_settings(sink)}, {"email", email_settings(smtp.port())}});
  assigned_item("问题甲", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T10:00", config_.zone));
  queue_now();
  auto r = dispatcher_->run_once();
  EXPECT_EQ(r.dead, 1);
  EXPECT_EQ(r.fallbacks, 1);
  EXPECT_EQ(dispatcher_->run_once().sent, 1);  // the e-mail in its place
  auto all = deliveries();
  ASSERT_EQ(all.size(), 2u);
  const Delivery* sms = nullptr;
  const Delivery* mail = nullptr;
  for (const auto& [rem, d] : all) (d.channel == "sms" ? sms : mail) = &d;
  ASSERT_TRUE(sms && mail);
  EXPECT_EQ(sms->status, DeliveryStatus::dead);
  EXPECT_NE(sms->last_error.find("HTTP 400"), std::string::npos) << sms->last_error;
  EXPECT_EQ(mail->status, DeliveryStatus::sent);
  EXPECT_EQ(mail->fallback_of, sms->id);
  EXPECT_EQ(received(dir_ / "mail").size(), 1u);
}

TEST_F(SmsDispatch, QuietHoursHoldSmsUntilMorningWhileEmailGoes) {
  HttpSink sink(dir_ / "sms.jsonl");
  SmtpSink smtp(dir_ / "mail");
  config_.dispatch.sms_quiet_hours =
      std::pair{std::chrono::minutes{21 * 60}, std::chrono::minutes{8 * 60}};
  use_plugins({{"sms", sms_settings(sink)}, {"email", email_settings(smtp.port())}});
  assigned_item("问题甲", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T22:30", config_.zone));
  queue_now();
  auto r = dispatcher_->run_once();
  EXPECT_EQ(r.sent, 1);  // the e-mail
  EXPECT_EQ(r.held, 1);  // the SMS
  EXPECT_TRUE(sink.requests().empty());
  auto held = deliveries(DeliveryStatus::pending);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(format_instant(held[0].second.next_attempt_at, config_.zone),
            "2026-09-24 08:00:00 +08:00");
  clock_.set(*parse_local_time("2026-09-24T07:59", config_.zone));
  EXPECT_EQ(dispatcher_->run_once().messages, 0);
  clock_.set(*parse_local_time("2026-09-24T08:00", config_.zone));
  EXPECT_EQ(dispatcher_->run_once().sent, 1);
  EXPECT_EQ(sink.requests().size(), 1u);
}

TEST_F(SmsDispatch, BadSettingsAreRefusedByNameWithTheirPlace) {
  use_plugins({{"sms", "{url: ftp://x, method: DELETE, colour: red}"}});
  auto st = registry_->status();
  ASSERT_EQ(st.size(), 1u);
  EXPECT_FALSE(st[0].loaded);
  EXPECT_NE(st[0].problem.find("plugins.sms.settings.url: must start with http:// or https://"),
            std::string::npos)
      << st[0].problem;
  EXPECT_NE(st[0].problem.find("method: expected POST, PUT or GET"), std::string::npos);
  EXPECT_NE(st[0].problem.find("unknown key colour"), std::string::npos);
}

}  // namespace
}  // namespace duban::testing
