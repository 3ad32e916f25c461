// The seed's groups and schedule (第三篇 一、2–3): 5 groups, 2 villages a group a day, every
// township covered, working days only — across the National Day holiday.
#include <map>
#include <set>
#include <sstream>

#include "app/round_cases.hpp"
#include "support/engine_fixture.hpp"
#include "survey/roster_data.hpp"
#include "survey/roster_import.hpp"
#include "survey/sample_cases.hpp"
#include "survey/schedule_cases.hpp"

namespace duban::testing {
namespace {

class Scheduling : public Engine {
 protected:
  void SetUp() override {
    Engine::SetUp();
    config_.roster_key = dir_ / "id-number.key";
    app::start_round(services(), {"office", "2026-H1", ""});
    auto roster = test_roster();
    for (const auto* text : {&roster.villages_csv, &roster.households_csv}) {
      std::istringstream in(*text);
      survey::import_roster(services(), "office", "2026-H1", in, "roster.csv", {});
    }
    sample_ = survey::draw_sample(services(), "office", "2026-H1", {.seed = "612"}).sample;
  }
  survey::Sample sample_;
};

TEST_F(Scheduling, FiveGroupsVisitEveryVillageTwoADayOnWorkingDaysOnly) {
  // Wednesday 30 September; 1–7 October are the National Day holiday.
  auto view = survey::make_schedule(services(), "office", "2026-H1", "2026-09-30");
  const auto& s = view.schedule;
  ASSERT_EQ(s.groups.size(), 5u);
  std::set<std::string> visited;
  std::map<std::string, std::set<int>> groups_of_township;
  for (const auto& g : s.groups) {
    std::map<std::string, int> per_day;
    for (const auto& v : g.visits) {
      EXPECT_TRUE(visited.insert(v.township + "/" + v.village).second) << v.village;
      EXPECT_LE(++per_day[format_date(v.day)], 2) << "group " << g.number;
      EXPECT_TRUE(config_.calendar.is_working_day(v.day)) << format_date(v.day);
      groups_of_township[v.township].insert(g.number);
    }
  }
  EXPECT_EQ(visited.size(), sample_.villages.size());
  EXPECT_EQ(groups_of_township.size(), 11u) << "every township covered";
  for (const auto& [township, groups] : groups_of_township) {
    EXPECT_EQ(groups.size(), 1u) << township << " is visited by one group";
  }
  // 28 villages, 5 groups of 2 a day: three days, the holiday skipped.
  EXPECT_EQ(format_date(s.start), "2026-09-30");
  EXPECT_EQ(format_date(s.last), "2026-10-09");
  // Stored and journaled; shown again the same.
  auto shown = survey::show_schedule(services(), "evaluator", "2026-H1");
  EXPECT_EQ(shown.record.schedule, view.record.schedule);
  EXPECT_EQ(shown.record.sample_seed, "612");
  // A start on a day off moves to the next working day.
  auto later = survey::make_schedule(services(), "office", "2026-H1", "2026-10-03");
  EXPECT_EQ(format_date(later.schedule.start), "2026-10-08");
}

TEST_F(Scheduling, GroupsAreUsersAsManyAsThePlanSays) {
  auto g = survey::set_group(services(), {"office", "2026-H1", 1, {"evaluator", "inspector"}});
  EXPECT_EQ(g.leader, "evaluator");
  EXPECT_EQ(refusal([&] {
              survey::set_group(services(), {"office", "2026-H1", 6, {"evaluator"}});
            }),
            Errc::invalid_argument);
  EXPECT_EQ(refusal([&] {
              survey::set_group(services(), {"office", "2026-H1", 2, {"nobody"}});
            }),
            Errc::not_found);
  EXPECT_EQ(refusal([&] {
              survey::set_group(services(), {"office", "2026-H1", 2, {"evaluator"}, "inspector"});
            }),
            Errc::invalid_argument);
  EXPECT_EQ(refusal([&] {
              survey::set_group(services(), {"evaluator", "2026-H1", 2, {"evaluator"}});
            }),
            Errc::permission_denied);
  auto groups = survey::list_groups(services(), "evaluator", "2026-H1");
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].members, (std::vector<std::string>{"evaluator", "inspector"}));
  // Cleared: no row, and the journal says so.
  survey::set_group(services(), {"office", "2026-H1", 1, {}});
  EXPECT_TRUE(survey::list_groups(services(), "office", "2026-H1").empty());
}

}  // namespace
}  // namespace duban::testing
