// The evening of a day of field work, through the real `duban` command run from cron (`duban
// remind` with DUBAN_NOW) and the real e-mail plugin to a real SMTP server (aiosmtpd) on loopback:
// at 19:00 the leader of a group that has not confirmed its list is reminded (not the one who
// did); at 19:30 the day's confirmed problems of every group leave once, as a 问题清单 workbook
// attached to one e-mail to the office and one to its mailbox, whose rows (read by openpyxl) are
// the day's list; a group confirming later sends the list again, marked 补报, once.
#include "support/cli_fixture.hpp"
#include "support/smtp_fixture.hpp"
#include "survey/answers_support.hpp"

namespace duban::testing {
namespace {

class DayListCli : public SampledRound {
 protected:
  void SetUp() override {
    // The demo configuration with the shipped plan for two groups, and the e-mail plugin pointed
    // at the sink.
    sink_ = std::make_unique<SmtpSink>(dir_ / "mail");
    use_config_copy("survey:\n  plan: plan.yaml\n");
    auto plan = read_file(source_dir() / "config" / "evaluation-plan.yaml");
    plan.replace(plan.find("count: 5", plan.find("groups:")), 8, "count: 2");
    for (auto at = plan.find("- forms/"); at != std::string::npos; at = plan.find("- forms/", at))
      plan.replace(at, 8, "- " + (source_dir() / "config" / "forms").string() + "/");
    write_file(dir_ / "conf" / "plan.yaml", plan);
    auto text = read_file(config_);
    text.replace(text.find("plugins:\n"), 9,
                 "plugins:\n  - name: email\n    settings: {host: 127.0.0.1, port: " +
                     std::to_string(sink_->port()) +
                     ", from: duban@demo-county.example, from_name: 示范县督办系统}\n");
    write_file(config_, text);
    SampledRound::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_EQ(duban("survey group --round 2026-H1 --group 1 --members evaluator").exit_code, 0);
    ASSERT_EQ(duban("survey group --round 2026-H1 --group 2 --members inspector").exit_code, 0);
    ASSERT_EQ(duban("survey schedule --round 2026-H1 --start 2026-06-22").exit_code, 0);
    const auto schedule = json("survey schedule show --round 2026-H1");
    const auto sample = json("survey sample show --round 2026-H1");
    for (const auto& g : schedule["groups"]) {
      const int n = g["group"];
      if (n > 2) continue;
      const auto& visit = g["visits"][0];
      day_ = visit["day"].get<std::string>();
      for (const auto& v : sample["villages"]) {
        if (v["township"] != visit["township"] || v["village"] != visit["village"]) continue;
        for (const auto& h : v["households"])
          if (h["kind"] == "poor" && poor_[n].empty()) poor_[n] = h["number"].get<std::string>();
      }
      ASSERT_FALSE(poor_[n].empty()) << n;
    }
  }
  // A poor household of group `n`'s first village answers with water problems: drafts.
  void answer(int n) {
    auto form = shipped_form("household-registered.xlsx");
    survey::RosterFacts facts{{"kind", std::string("poor")}};
    auto answers = complete_answers(form, facts, {{"water_ok", "no"}, {"water_issue", "quantity"}});
    write_file(dir_ / "a.csv", kobo_csv(form, {{poor_[n], answers}}, std::to_string(n)));
    auto r = duban("survey import-submissions a.csv --round 2026-H1 --form household_registered");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  // `duban remind` from cron at `local` on the field day.
  void remind_at(const std::string& local) {
    now_ = day_ + "T" + local;
    auto r = duban("remind");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  std::vector<nlohmann::json> mail() { return received(dir_ / "mail"); }

  std::unique_ptr<SmtpSink> sink_;
  std::string day_;
  std::map<int, std::string> poor_;
};

// The rows of the workbook's 问题清单 sheet after its title and header rows, as {问题, 责任单位}.
std::vector<std::pair<std::string, std::string>> rows_of(const nlohmann::json& attachment) {
  const auto& sheet = attachment["sheets"]["问题清单"];
  EXPECT_GE(sheet.size(), 2u);
  EXPECT_EQ(sheet[1][0], "序号");
  EXPECT_EQ(sheet[1][4], "问题");
  EXPECT_EQ(sheet[1][7], "责任单位");
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t r = 2; r < sheet.size(); ++r) out.emplace_back(sheet[r][4], sheet[r][7]);
  return out;
}

std::vector<std::pair<std::string, std::string>> rows_of_list(const nlohmann::json& listing) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : listing["problems"]) out.emplace_back(p["text"], p["township_name"]);
  return out;
}

TEST_F(DayListCli, TheEveningListLeavesOnceWithTheConfirmedProblemsOfEveryGroup) {
  remind_at("08:00");  // the first run records where it stands
  answer(1);
  answer(2);
  now_ = day_ + "T17:00";
  auto confirmed = json("survey confirm --round 2026-H1 --group 1 --date " + day_, "evaluator");
  ASSERT_GT(confirmed["problems"].size(), 1u);
  remind_at("18:59");
  EXPECT_TRUE(mail().empty());

  // 19:00: group 2 has not confirmed; its leader is reminded, group 1's is not.
  remind_at("19:00");
  auto sent = mail();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0]["envelope_to"], "inspector@demo-county.example");
  EXPECT_NE(sent[0]["subject"].get<std::string>().find("第2组"), std::string::npos);
  EXPECT_NE(sent[0]["subject"].get<std::string>().find("请确认当天问题清单"), std::string::npos);

  // 19:30: one e-mail to the office and one to its mailbox, the workbook attached.
  remind_at("19:30");
  sent = mail();
  ASSERT_EQ(sent.size(), 3u);
  std::set<std::string> to;
  const auto listing = json("survey list --date " + day_);
  ASSERT_EQ(listing["problems"].size(), confirmed["problems"].size());
  for (std::size_t i = 1; i < sent.size(); ++i) {
    const auto& m = sent[i];
    to.insert(m["envelope_to"].get<std::string>());
    EXPECT_NE(
        m["subject"].get<std::string>().find("成效评估当天汇总问题清单(" +
                                             std::to_string(listing["problems"].size()) + " 个)"),
        std::string::npos)
        << m["subject"];
    EXPECT_NE(m["body"].get<std::string>().find("【第2组(组长 刘某四)】"), std::string::npos);
    EXPECT_NE(m["body"].get<std::string>().find("未确认当天问题清单"), std::string::npos);
    ASSERT_EQ(m["attachments"].size(), 1u) << m;
    const auto& a = m["attachments"][0];
    EXPECT_EQ(a["name"], day_ + " 问题清单.xlsx");
    EXPECT_EQ(a["type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(rows_of(a), rows_of_list(listing));
    const auto& groups = a["sheets"]["各组确认情况"];
    ASSERT_EQ(groups.size(), 4u);  // title, header, group 1, group 2
    EXPECT_EQ(groups[2][6], "已确认");
    EXPECT_EQ(groups[3][6], "未确认");
  }
  EXPECT_EQ(to,
            (std::set<std::string>{"digest@demo-county.example", "office@demo-county.example"}));

  // Never twice.
  remind_at("19:45");
  EXPECT_EQ(mail().size(), 3u);

  // Group 2 confirms late: the list again, whole, marked 补报, once.
  now_ = day_ + "T20:10";
  ASSERT_EQ(duban("survey confirm --round 2026-H1 --group 2 --date " + day_, "inspector").exit_code,
            0);
  // Its leader's SMS reminder (no SMS plugin here: held, not lost) no longer applies.
  bool held = false;
  for (const auto& n : json("notifications list")) {
    if (n["subject"] != "confirm:2026-H1/2/" + day_ || n["channel"] != "sms") continue;
    held = true;
    EXPECT_EQ(n["status"], "cancelled") << n;
  }
  EXPECT_TRUE(held);
  remind_at("20:11");
  remind_at("20:12");
  sent = mail();
  ASSERT_EQ(sent.size(), 5u);
  const auto whole = json("survey list --date " + day_);
  EXPECT_GT(whole["problems"].size(), listing["problems"].size());
  for (std::size_t i = 3; i < sent.size(); ++i) {
    EXPECT_NE(sent[i]["subject"].get<std::string>().find("(补报)"), std::string::npos);
    ASSERT_EQ(sent[i]["attachments"].size(), 1u);
    EXPECT_EQ(rows_of(sent[i]["attachments"][0]), rows_of_list(whole));
  }
  // The list names households by number and head, never by ID number (text and workbook).
  for (const auto& m : mail()) {
    const auto text = m.dump();
    for (const auto& id : test_roster().id_numbers) EXPECT_EQ(text.find(id), std::string::npos);
  }
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(DayListCli, GroupsThatConfirmedInTimeAreNotRemindedAndOnlyTheOfficeAndGroupsSeeTheList) {
  remind_at("08:00");
  answer(1);
  // Only the office and the groups see the day's list (it names households).
  expect_refused("survey list --date " + day_, "permission_denied", "longtan");
  EXPECT_EQ(json("survey list --date " + day_, "evaluator")["unconfirmed"], 2);
  auto dry = json("remind --dry-run --at " + day_ + "T19:30");
  bool listed = false;
  for (const auto& p : dry) {
    if (p["subject"] != "fieldlist:" + day_) continue;
    listed = true;
    EXPECT_GT(p["summary"]["attachments"][0]["bytes"].get<int>(), 1000);
    EXPECT_FALSE(p["summary"]["attachments"][0].contains("base64"));
  }
  EXPECT_TRUE(listed) << dry.dump(2);
  // Both groups confirm before 19:00: no reminder goes out, only the list.
  now_ = day_ + "T18:00";
  ASSERT_EQ(duban("survey confirm --round 2026-H1 --group 1 --date " + day_, "evaluator").exit_code,
            0);
  ASSERT_EQ(duban("survey confirm --round 2026-H1 --group 2 --date " + day_, "inspector").exit_code,
            0);
  remind_at("19:00");
  EXPECT_TRUE(mail().empty());
  remind_at("19:30");
  auto sent = mail();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0]["body"].get<std::string>().find("未确认"), std::string::npos);
}

}  // namespace
}  // namespace duban::testing
