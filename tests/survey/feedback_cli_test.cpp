// 集中反馈 through the real `duban` command: the round's confirmed problems become rectification
// items of their township through the problem-list import (deadline word, the township's head
// as 责任人, each draft's number carried), once however often it runs; the round's findings per
// township (sampled villages, problems, households surveyed and not satisfied, 错评/漏评) are
// listed and scored by a model's record indicators, so the ranking comes from the same record.
#include "support/cli_fixture.hpp"
#include "survey/answers_support.hpp"

namespace duban::testing {
namespace {

class FieldFeedback : public SampledRound {
 protected:
  void SetUp() override {
    use_config_copy(
        "survey:\n  plan: " + (source_dir() / "config" / "evaluation-plan.yaml").string() +
        "\nscoring: scoring.yaml\n");
    // Townships scored 40 % economy, the rest from the field work's findings.
    write_file(dir_ / "conf" / "scoring.yaml", R"(township:
  indicators:
    - {id: economy, name: 经济社会发展, weight: 40}
    - {id: problems, name: 评估发现问题, weight: 20, record: field_problems_per_village, deduct: 10}
    - {id: satisfaction, name: 群众认可度, weight: 20, record: satisfaction_rate}
    - {id: identification, name: 精准识别, weight: 20, record: misidentified, deduct: 25}
  grades: [{grade: A, min: 90}, {grade: B, min: 0}]
)");
    SampledRound::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_EQ(duban("survey group --round 2026-H1 --group 1 --members evaluator").exit_code, 0);
    ASSERT_EQ(duban("survey schedule --round 2026-H1 --start 2026-06-22").exit_code, 0);
    const auto schedule = json("survey schedule show --round 2026-H1");
    const auto sample = json("survey sample show --round 2026-H1");
    for (const auto& g : schedule["groups"]) {
      if (g["group"] != 1) continue;
      township_ = g["visits"][0]["township"].get<std::string>();
      village_ = g["visits"][0]["village"].get<std::string>();
      day_ = g["visits"][0]["day"].get<std::string>();
    }
    for (const auto& v : sample["villages"]) {
      if (v["township"] != township_) continue;
      ++sampled_;
      if (v["village"] != village_) continue;
      for (const auto& h : v["households"]) {
        if (h["kind"] == "poor" && poor_.empty()) poor_ = h["number"].get<std::string>();
        if (h["kind"] == "unregistered" && other_.empty()) other_ = h["number"].get<std::string>();
      }
    }
    ASSERT_FALSE(poor_.empty());
    ASSERT_FALSE(other_.empty());
  }
  void answer(const std::string& file, const std::string& form_id, const std::string& subject,
              const std::string& kind, const std::map<std::string, std::string>& given) {
    auto form = shipped_form(file);
    survey::RosterFacts facts{{"kind", kind}};
    write_file(dir_ / "a.csv", kobo_csv(form, {{subject, complete_answers(form, facts, given)}}));
    auto r = duban("survey import-submissions a.csv --round 2026-H1 --form " + form_id);
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  std::string township_, village_, day_, poor_, other_;
  int sampled_ = 0;
};

TEST_F(FieldFeedback, ConfirmedProblemsBecomeItemsOnceAndTheFindingsScoreTheRound) {
  now_ = day_ + "T10:00";
  answer("household-registered.xlsx", "household_registered", poor_, "poor",
         {{"water_ok", "no"}, {"water_issue", "quantity"}});
  answer("household-unregistered.xlsx", "household_unregistered", other_, "unregistered",
         {{"recognition", "no"}, {"recognition_reason", "帮扶不公"}, {"missed", "yes"}});
  auto confirmed = json("survey confirm --round 2026-H1 --group 1 --date " + day_, "evaluator");
  const auto& problems = confirmed["problems"];
  ASSERT_GE(problems.size(), 3u);
  int misidentified = 0;
  for (const auto& p : problems) misidentified += p["category"] == "精准识别";
  ASSERT_GE(misidentified, 1);

  // Only the office feeds back; a dry run writes nothing.
  expect_refused("survey feedback --round 2026-H1", "permission_denied", "evaluator");
  const auto before = data_snapshot();
  auto dry = json("survey feedback --round 2026-H1 --dry-run");
  EXPECT_EQ(dry["import"]["rows"], problems.size());
  EXPECT_EQ(data_snapshot(), before);

  now_ = day_ + "T16:00";
  auto fed = json("survey feedback --round 2026-H1");
  EXPECT_EQ(fed["confirmed"], problems.size());
  EXPECT_EQ(fed["import"]["created"], problems.size());
  EXPECT_EQ(fed["due"], "年底前");
  nlohmann::json findings;
  for (const auto& f : fed["findings"])
    if (f["township"] == township_) findings = f;
  ASSERT_FALSE(findings.is_null()) << fed.dump(2);
  EXPECT_EQ(findings["sampled_villages"], sampled_);
  EXPECT_EQ(findings["field_problems"], problems.size());
  EXPECT_EQ(findings["households_surveyed"], 2);
  EXPECT_EQ(findings["households_unsatisfied"], 1);
  EXPECT_DOUBLE_EQ(findings["satisfaction_rate"].get<double>(), 50);
  EXPECT_EQ(findings["misidentified"], misidentified);

  // Each item: the township's, due at the year's end, its head as 责任人, the draft's number.
  auto items = json("item list --round 2026-H1");
  ASSERT_EQ(items.size(), problems.size());
  std::set<std::string> numbers;
  for (const auto& it : items) {
    EXPECT_EQ(it["unit"], township_);
    EXPECT_EQ(it["due"], "2026-12-31");
    EXPECT_EQ(it["state"], "identified");  // no measures yet: the township gives them
    EXPECT_FALSE(it["owner"].get<std::string>().empty());
    for (const auto& e : it["extra"])
      if (e["name"] == "草稿编号") numbers.insert(e["value"].get<std::string>());
  }
  std::set<std::string> expected;
  for (const auto& p : problems) expected.insert("2026-H1/" + std::to_string(p["id"].get<int>()));
  EXPECT_EQ(numbers, expected);

  // Never twice.
  auto again = json("survey feedback --round 2026-H1 --due 立行立改");
  EXPECT_EQ(again["fed_back_before"], problems.size());
  EXPECT_EQ(again["import"]["created"], 0);
  EXPECT_EQ(json("item list --round 2026-H1").size(), problems.size());

  // The ranking scores the same findings: 0.4 × 80 + 0.2 × (100 − 10 × problems per village)
  // + 0.2 × 50 + 0.2 × (100 − 25 × 错评漏评).
  ASSERT_EQ(duban("score set 2026-H1 " + township_ + " 经济社会发展 80").exit_code, 0);
  auto ranking = json("round ranking 2026-H1");
  const double per_village = double(problems.size()) / sampled_;
  for (const auto& u : ranking["kinds"][0]["units"]) {
    if (u["unit"] != township_) continue;
    EXPECT_NEAR(u["points"]["problems"].get<double>(), 0.2 * std::max(0.0, 100 - 10 * per_village),
                1e-9);
    EXPECT_NEAR(u["points"]["satisfaction"].get<double>(), 10, 1e-9);
    EXPECT_NEAR(u["points"]["identification"].get<double>(),
                0.2 * std::max(0.0, 100.0 - 25 * misidentified), 1e-9);
  }
  EXPECT_EQ(ranking["records"][township_]["households_unsatisfied"], 1);
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(FieldFeedback, AFeedbackWithoutADeadlineIsRefusedNamingWhere) {
  config_ = source_dir() / "config" / "duban.yaml";
  use_config_copy("");  // the plan in code: no feedback.due
  auto r = duban("survey feedback --round 2026-H1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("--due"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace duban::testing
