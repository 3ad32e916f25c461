// Answers from ODK Central or KoboToolbox exports through the real `duban` command: the group
// paths of either tool are read, a submission imported twice is stored once, a row at fault is
// named by its line with nothing stored, and the same rules hold as on the page (skip logic, the
// sample, the household's kind).
#include "support/cli_fixture.hpp"
#include "survey/answers_support.hpp"

namespace duban::testing {
namespace {

class FieldAnswers : public SampledRound {
 protected:
  void SetUp() override {
    SampledRound::SetUp();
    if (HasFatalFailure()) return;
    auto sample = json("survey sample show --round 2026-H1");
    for (const auto& v : sample["villages"]) {
      for (const auto& h : v["households"]) {
        std::string kind = h["kind"];
        if (kind == "poor" && poor_.empty()) poor_ = h["number"];
        if (kind == "unregistered" && unregistered_.empty()) unregistered_ = h["number"];
      }
    }
    ASSERT_FALSE(poor_.empty());
    ASSERT_FALSE(unregistered_.empty());
  }
  std::string poor_, unregistered_;
};

TEST_F(FieldAnswers, AKoboExportImportsOnceWithItsGroupPathsRead) {
  auto form = shipped_form("household-registered.xlsx");
  survey::RosterFacts facts{{"kind", std::string("poor")}};
  auto answers = complete_answers(form, facts);
  answers["water_ok"] = "no";  // a problem, and a question it opens
  answers["water_issue"] = "quantity supply";
  write_file(dir_ / "kobo.csv", kobo_csv(form, {{poor_, answers}}));
  auto dry = duban(
      "survey import-submissions kobo.csv --round 2026-H1 --form household_registered --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("check passed (nothing written): 1 submissions"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("columns left unused (no question of the form): start, end, today, _id, "
                         "_submission_time"),
            std::string::npos)
      << dry.out;
  EXPECT_EQ(json("survey answers --round 2026-H1")["answers"].size(), 0u);
  auto r = duban("survey import-submissions kobo.csv --round 2026-H1 --form household_registered");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("stored 1, stored before 0"), std::string::npos) << r.out;
  auto again =
      duban("survey import-submissions kobo.csv --round 2026-H1 --form household_registered");
  EXPECT_NE(again.out.find("stored 0, stored before 1"), std::string::npos) << again.out;
  auto list = json("survey answers --round 2026-H1 --form household_registered")["answers"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["subject"], poor_);
  EXPECT_EQ(list[0]["instance"], "uuid:kobo-" + poor_);
  EXPECT_EQ(list[0]["source"], "odk");
  auto expected = survey::check_answers(form, answers, facts, "2026-06-22").values;
  expected["household_number"] = poor_;
  std::map<std::string, std::string> got;
  for (const auto& [k, v] : list[0]["answers"].items()) got[k] = v;
  EXPECT_EQ(got, expected);
  // Journaled once; the forms were fixed by this first answer.
  EXPECT_NE(sqlite("SELECT COUNT(*) FROM journal WHERE subject LIKE 'answers:%'").find("1"),
            std::string::npos);
  EXPECT_EQ(json("survey forms --round 2026-H1")["forms"][1]["fixed"]["version"], "2020.1");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(FieldAnswers, RowsAtFaultAreNamedByLineAndNothingIsStored) {
  auto form = shipped_form("household-registered.xlsx");
  survey::RosterFacts facts{{"kind", std::string("poor")}};
  auto good = complete_answers(form, facts);
  auto skipped = good;
  skipped["water_ok"] = "yes";
  skipped["water_issue"] = "quantity";  // water_issue applies only when water_ok is no
  write_file(dir_ / "mixed.csv",
             kobo_csv(form, {{poor_, good}, {unregistered_, good}, {"nowhere-9-99", good}}));
  auto r = duban("survey import-submissions mixed.csv --round 2026-H1 --form household_registered");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[import_invalid]"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("mixed.csv:3: household " + unregistered_ + " is unregistered in the roster"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("mixed.csv:4: the sample has no household nowhere-9-99"), std::string::npos)
      << r.out;
  EXPECT_EQ(json("survey answers --round 2026-H1")["answers"].size(), 0u);
  write_file(dir_ / "skip.csv", kobo_csv(form, {{poor_, skipped}}));
  r = duban("survey import-submissions skip.csv --round 2026-H1 --form household_registered");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("water_issue: does not apply (its relevant is false)"), std::string::npos)
      << r.out;
  EXPECT_EQ(json("survey answers --round 2026-H1")["answers"].size(), 0u);
  // Neither the office nor an evaluator nor a member of a group: refused.
  write_file(dir_ / "ok.csv", kobo_csv(form, {{poor_, good}}));
  expect_refused("survey import-submissions ok.csv --round 2026-H1 --form household_registered",
                 "permission_denied", "longtan");
}

}  // namespace
}  // namespace duban::testing
