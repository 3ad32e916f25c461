// The 20:00 daily digest (当天问题当天汇总) delivered to a real SMTP server: exactly the problems
// recorded since the previous digest, grouped by evaluation group and township.
#include "app/round_cases.hpp"
#include "support/smtp_fixture.hpp"

namespace duban::testing {
namespace {

class Digest : public EmailEngine {
 protected:
  void at(const char* local) { clock_.set(*parse_local_time(local, config_.zone)); }
  void problem(const char* when, const std::string& actor, const std::string& unit,
               const std::string& title) {
    at(when);
    app::add_problem(services(), {actor, "2026-H1", unit, "county", "精准识别", title, "", ""});
  }
  std::int64_t digest() {
    return schedule::queue_daily_digest(*store_, config_, clock_.now()).reminders;
  }
};

TEST_F(Digest, TheEightOClockDigestHoldsExactlyThatDaysProblemsGrouped) {
  SmtpSink sink(dir_ / "mail");
  use_email(sink.port());
  at("2026-09-08T08:00");
  app::start_round(services(), {"office", "2026-H1", ""});
  EXPECT_EQ(digest(), 0);  // the first run records where it stands
  problem("2026-09-08T09:00", "evaluator", "longtan", "未整户识别");
  problem("2026-09-08T15:00", "inspector", "xinmin", "帮扶台账缺失");
  problem("2026-09-08T19:59", "evaluator", "longtan", "危房改造未验收");
  at("2026-09-08T19:59:30");
  EXPECT_EQ(digest(), 0);
  at("2026-09-08T20:00");
  EXPECT_EQ(digest(), 1);
  EXPECT_EQ(digest(), 0);  // never twice
  problem("2026-09-08T20:30", "evaluator", "shimen", "晚到的问题");
  EXPECT_EQ(dispatcher_->run_once().sent, 2);  // the office and its mailbox
  auto mail = received(dir_ / "mail");
  ASSERT_EQ(mail.size(), 2u);
  std::set<std::string> to;
  for (const auto& m : mail) to.insert(m["envelope_to"].get<std::string>());
  EXPECT_EQ(to,
            (std::set<std::string>{"digest@demo-county.example", "office@demo-county.example"}));
  for (const auto& m : mail) {
    EXPECT_EQ(m["subject"], "示范县 2026-09-08 评估发现问题汇总(3 个)");
    std::string body = m["body"];
    EXPECT_NE(body.find("【第三方评估机构】\n  龙潭镇(2 个)\n    · 未整户识别(2026-H1)\n    · "
                        "危房改造未验收(2026-H1)"),
              std::string::npos)
        << body;
    EXPECT_NE(body.find("【县脱贫攻坚督导组】\n  新民乡(1 个)\n    · 帮扶台账缺失"),
              std::string::npos)
        << body;
    EXPECT_EQ(body.find("晚到的问题"), std::string::npos) << body;
  }
  // The next evening: only the one recorded after 20:00.
  at("2026-09-09T20:05");
  EXPECT_EQ(digest(), 1);
  dispatcher_->run_once();
  mail = received(dir_ / "mail");
  ASSERT_EQ(mail.size(), 4u);
  EXPECT_EQ(mail[3]["subject"], "示范县 2026-09-09 评估发现问题汇总(1 个)");
  EXPECT_NE(mail[3]["body"].get<std::string>().find("晚到的问题"), std::string::npos);
  // A day without problems sends nothing; after downtime each missed day once.
  problem("2026-09-10T10:00", "evaluator", "longtan", "第十日问题");
  at("2026-09-12T21:00");
  EXPECT_EQ(digest(), 1);  // 10 July only: 11 and 12 July had none
}

}  // namespace
}  // namespace duban::testing
