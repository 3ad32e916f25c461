// From answers to a group's list of the day, through the real `duban` command: every answer that
// meets a problem condition is a draft of the group whose schedule visits the village, on that
// day; an answer changed withdraws what no longer holds; the leader (not another member) edits,
// drops, merges and confirms; a confirmed problem no longer changes; the exit check's indicators
// are listed pass or fail; audit verify checks each draft against its journal.
#include "support/cli_fixture.hpp"
#include "survey/answers_support.hpp"

namespace duban::testing {
namespace {

class FieldDrafts : public SampledRound {
 protected:
  void SetUp() override {
    SampledRound::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_EQ(
        duban("survey group --round 2026-H1 --group 1 --members evaluator,inspector").exit_code, 0);
    ASSERT_EQ(duban("survey schedule --round 2026-H1 --start 2026-06-22").exit_code, 0);
    auto schedule = json("survey schedule show --round 2026-H1");
    for (const auto& g : schedule["groups"]) {
      if (g["group"] != 1) continue;
      township_ = g["visits"][0]["township"].get<std::string>();
      village_ = g["visits"][0]["village"].get<std::string>();
      day_ = g["visits"][0]["day"].get<std::string>();
    }
    const auto sample = json("survey sample show --round 2026-H1");  // kept: the loop reads into it
    for (const auto& v : sample["villages"]) {
      if (v["township"] != township_ || v["village"] != village_) continue;
      for (const auto& h : v["households"])
        if (h["kind"] == "poor" && poor_.empty()) poor_ = h["number"].get<std::string>();
    }
    ASSERT_FALSE(poor_.empty());
  }
  // The household's answers, imported as a Kobo export.
  void answer(const std::map<std::string, std::string>& answers, const std::string& suffix) {
    auto form = shipped_form("household-registered.xlsx");
    write_file(dir_ / "a.csv", kobo_csv(form, {{poor_, answers}}, suffix));
    auto r = duban("survey import-submissions a.csv --round 2026-H1 --form household_registered");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  nlohmann::json drafts(const std::string& args = "") {
    return json("survey drafts --round 2026-H1 " + args)["drafts"];
  }
  std::string township_, village_, day_, poor_;
};

TEST_F(FieldDrafts, AnswersBecomeDraftsOfTheVisitingGroupOnItsDay) {
  auto form = shipped_form("household-registered.xlsx");
  survey::RosterFacts facts{{"kind", std::string("poor")}};
  auto answers = complete_answers(form, facts, {{"water_ok", "no"}, {"water_issue", "quantity"}});
  answer(answers, "");
  auto checked = survey::check_answers(form, answers, facts, day_);
  std::size_t problems = 0;
  for (const auto& a : survey::assess(form, checked, facts, day_)) problems += a.problem ? 1 : 0;
  ASSERT_GT(problems, 1u);
  auto list = drafts();
  ASSERT_EQ(list.size(), problems);
  nlohmann::json water;
  for (const auto& d : list) {
    EXPECT_EQ(d["group"], 1);
    EXPECT_EQ(d["day"], day_);
    EXPECT_EQ(d["village"], village_);
    EXPECT_EQ(d["status"], "draft");
    if (d["question"] == "water_ok") water = d;
  }
  ASSERT_FALSE(water.is_null());
  EXPECT_EQ(water["text"], "饮水安全保障未实现:水量不够");
  EXPECT_EQ(water["category"], "饮水安全");
  // Answered again: water is no longer a problem, so its draft is withdrawn; the others stay.
  answers["water_ok"] = "yes";
  answers.erase("water_issue");
  answer(answers, "-2");
  auto after = drafts("--status draft");
  EXPECT_EQ(after.size(), problems - 1);
  EXPECT_EQ(drafts("--status withdrawn").size(), 1u);
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(FieldDrafts, TheLeaderEditsDropsMergesAndConfirmsTheDay) {
  auto form = shipped_form("household-registered.xlsx");
  survey::RosterFacts facts{{"kind", std::string("poor")}};
  answer(complete_answers(form, facts, {{"water_ok", "no"}, {"water_issue", "quality"}}), "");
  auto list = drafts();
  ASSERT_GE(list.size(), 3u);
  const auto a = std::to_string(list[0]["id"].get<int>());
  const auto b = std::to_string(list[1]["id"].get<int>());
  const auto c = std::to_string(list[2]["id"].get<int>());
  // A member who does not lead the group may not.
  expect_refused("survey draft " + a + " --round 2026-H1 --text 改写", "permission_denied",
                 "inspector");
  auto edited =
      json("survey draft " + a + " --round 2026-H1 --text 该户饮水水质不达标 --category 饮水安全",
           "evaluator");
  EXPECT_EQ(edited["text"], "该户饮水水质不达标");
  expect_refused("survey draft " + b + " --round 2026-H1 --drop", "reason_required", "evaluator");
  EXPECT_EQ(
      json("survey draft " + b + " --round 2026-H1 --drop --reason 重复", "evaluator")["status"],
      "dropped");
  EXPECT_EQ(
      json("survey draft " + c + " --round 2026-H1 --merge-into " + a, "evaluator")["merged_into"],
      list[0]["id"]);
  auto day = json("survey confirm --round 2026-H1 --group 1 --date " + day_, "evaluator");
  EXPECT_EQ(day["confirmed_now"], list.size() - 2);
  EXPECT_EQ(day["problems"].size(), list.size() - 2);
  expect_refused("survey draft " + a + " --round 2026-H1 --text 再改", "invalid_transition",
                 "evaluator");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  // A draft changed in the database alone no longer matches its journal.
  sqlite("UPDATE survey_drafts SET text = '别的' WHERE id = " + a);
  auto audit = duban("audit verify");
  EXPECT_NE(audit.exit_code, 0);
  EXPECT_NE(audit.out.find("draft:2026-H1/" + a), std::string::npos) << audit.out;
}

TEST_F(FieldDrafts, TheExitCheckListsEachIndicatorPassOrFail) {
  auto form = shipped_form("village-exit-check.xlsx");
  std::map<std::string, std::string> answers = {
      {"road_hardened", "yes"},
      {"road_exempt", "no"},
      {"road_width", "3.0"},
      {"bus_applicable", "no"},
      {"water_quality", "yes"},
      {"water_liters", "60"},
      {"water_minutes", "5"},
      {"water_supply", "98"},
      {"power_rate", "100"},
      {"household_power", "100"},
      {"broadcast", "yes"},
      {"culture", "room square stage board culture_kit radio_kit sports_kit"},
      {"clinic_area", "80"},
      {"clinic_rooms", "consulting treatment public_health pharmacy"},
      {"clinic_staff", "2"},
      {"doctor_certified", "yes"},
      {"broadband_fiber", "yes"},
      {"broadband_mbps", "100"}};
  write_file(dir_ / "v.csv", kobo_csv(form, {{township_ + "/" + village_, answers}}));
  auto r = duban("survey import-submissions v.csv --round 2026-H1 --form village_exit_check");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto shown = duban("survey indicators --round 2026-H1 --subject " + township_ + "/" + village_);
  EXPECT_EQ(shown.exit_code, 3) << shown.out;
  EXPECT_NE(shown.out.find("fail  "), std::string::npos) << shown.out;
  auto raw = duban("survey indicators --round 2026-H1 --subject " + township_ + "/" + village_ +
                   " --json");
  EXPECT_EQ(raw.exit_code, 3);
  auto j = nlohmann::json::parse(raw.out);
  int failed = 0;
  for (const auto& i : j["indicators"]) {
    if (i["pass"] == false) {
      ++failed;
      EXPECT_EQ(i["question"], "road_width");
      EXPECT_EQ(i["text"], "通村公路硬化路面宽 3.0 米,低于 3.5 米");
    }
  }
  EXPECT_EQ(failed, 1);
  auto list = drafts("--form village_exit_check");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["question"], "road_width");
}

}  // namespace
}  // namespace duban::testing
