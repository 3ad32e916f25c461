// A whole round through all seven steps, with the real duban command on a real SQLite file.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

const char* kTownshipIds[] = {"longtan",   "xinmin", "shimen", "dongling", "baisha", "qingshan",
                              "chengguan", "liulin", "xihe",   "shuanghe", "hongyan"};
const char* kDepartmentIds[] = {"fupinban", "jiaoyu", "weijian", "zhujian",
                                "shuili",   "renshe", "nongye",  "minzheng"};

class RoundCli : public DubanCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(duban("init").exit_code, 0);
    ASSERT_EQ(duban("round start 2020-H1 --observation-date 2020-06-20").exit_code, 0);
  }
  void submit_all(int step, bool departments, const char* skip = "") {
    for (auto t : kTownshipIds) {
      if (std::string(t) == skip) continue;
      ASSERT_EQ(duban("submit 2020-H1 " + std::to_string(step) + " --unit " + t, t).exit_code, 0);
    }
    if (!departments) return;
    for (auto d : kDepartmentIds)
      ASSERT_EQ(duban("submit 2020-H1 " + std::to_string(step) + " --unit " + d, d).exit_code, 0);
  }
  std::string step_state(int n) {
    return json("round show 2020-H1")["steps"][n - 1]["state"].get<std::string>();
  }
};

TEST_F(RoundCli, DueDatesComeFromTheWorkflow) {
  auto round = json("round show 2020-H1");
  EXPECT_EQ(round["steps"][3]["due"], "2020-07-31");
  EXPECT_EQ(round["steps"][5]["due"], "2020-07-31");
  EXPECT_EQ(round["steps"][0]["due"], "");
  EXPECT_EQ(round["observation_list_due"], "2020-06-13");
  ASSERT_EQ(duban("round start 2023-Y").exit_code, 0);
  EXPECT_EQ(json("round show 2023-Y")["steps"][4]["due"], "2024-02-29");
}

TEST_F(RoundCli, AllSevenStepsWithGuardsOverrideAndProblemsBecomingItems) {
  expect_refused("step open 2020-H1 4", "dependencies_incomplete");
  for (int s : {1, 2, 3}) ASSERT_EQ(duban("step open 2020-H1 " + std::to_string(s)).exit_code, 0);

  // Step 1 needs every township and department; one is missing.
  submit_all(1, true, "hongyan");
  expect_refused("step complete 2020-H1 1", "submissions_incomplete");
  EXPECT_EQ(step_state(1), "open");
  ASSERT_EQ(duban("submit 2020-H1 1 --unit hongyan --note 半年工作总结", "hongyan").exit_code, 0);
  ASSERT_EQ(duban("step complete 2020-H1 1").exit_code, 0);

  // Step 3: two townships never sent their village lists; the leading group overrides.
  ASSERT_EQ(
      duban("submit 2020-H1 3 --unit longtan --note 水口村,张坪村,五龙村", "longtan").exit_code, 0);
  expect_refused("step complete 2020-H1 3", "submissions_incomplete");
  expect_refused("step complete 2020-H1 3 --override 同意", "permission_denied", "longtan");
  ASSERT_EQ(duban("step complete 2020-H1 3 --override '因汛期延期,领导小组同意'").exit_code, 0);
  auto override_row = sqlite(
      "SELECT event || '|' || reason || '|' || changes FROM journal WHERE subject = "
      "'step:2020-H1/3'"
      " AND state_after = 'completed'");
  EXPECT_NE(override_row.find("complete_override|因汛期延期,领导小组同意"), std::string::npos)
      << override_row;
  EXPECT_NE(override_row.find("xinmin"), std::string::npos) << "missing units are recorded";

  ASSERT_EQ(duban("step open 2020-H1 4").exit_code, 0);
  ASSERT_EQ(duban("step complete 2020-H1 4").exit_code, 0);
  expect_refused("step open 2020-H1 5", "dependencies_incomplete");  // 2 is still open
  ASSERT_EQ(duban("step complete 2020-H1 2").exit_code, 0);
  ASSERT_EQ(duban("step open 2020-H1 5").exit_code, 0);
  ASSERT_EQ(duban("step complete 2020-H1 5").exit_code, 0);
  ASSERT_EQ(duban("step open 2020-H1 6").exit_code, 0);

  // Problems found by the evaluator wait on the round's list.
  ASSERT_EQ(
      duban("problem add 2020-H1 --unit shimen --title 危房改造质量不达标 --suggestion 逐户复核",
            "evaluator")
          .exit_code,
      0);
  ASSERT_EQ(
      duban("problem add 2020-H1 --unit jiaoyu --title 劝返复学台账不全", "inspector").exit_code,
      0);
  expect_refused("problem add 2020-H1 --unit jiaoyu --title x", "permission_denied", "jiaoyu");

  expect_refused("step complete 2020-H1 6", "report_not_approved");
  ASSERT_EQ(duban("step approve 2020-H1").exit_code, 0);
  ASSERT_EQ(duban("step complete 2020-H1 6").exit_code, 0);
  ASSERT_EQ(duban("step open 2020-H1 7").exit_code, 0);
  expect_refused("step complete 2020-H1 7", "feedback_incomplete");
  EXPECT_EQ(json("item list --round 2020-H1").size(), 0u) << "no items before feedback completes";
  submit_all(7, true);
  ASSERT_EQ(duban("step complete 2020-H1 7").exit_code, 0);

  auto items = json("item list --round 2020-H1");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["title"], "危房改造质量不达标");
  EXPECT_EQ(items[0]["unit"], "shimen");
  EXPECT_EQ(items[0]["state"], "identified");
  EXPECT_EQ(items[0]["measures"], "逐户复核");
  for (int s = 1; s <= 7; ++s) EXPECT_EQ(step_state(s), "completed") << s;

  // Reopening needs a reason and the leading group.
  expect_refused("step reopen 2020-H1 5", "reason_required");
  ASSERT_EQ(duban("step reopen 2020-H1 5 --reason 数据有误").exit_code, 0);
  EXPECT_EQ(step_state(5), "open");

  auto audit = duban("audit verify");
  EXPECT_EQ(audit.exit_code, 0) << audit.out;
  EXPECT_NE(audit.out.find("hash chain verified"), std::string::npos);
}

TEST_F(RoundCli, RefusedStepEventsChangeNothing) {
  auto before = sqlite("SELECT COUNT(*) FROM journal");
  expect_refused("step complete 2020-H1 1", "invalid_transition");  // still pending
  expect_refused("step open 2020-H1 6", "dependencies_incomplete");
  expect_refused("step open 2020-H1 9", "invalid_argument");
  expect_refused("step open 2020-H1 1", "permission_denied", "longtan");
  expect_refused("submit 2020-H1 1 --unit longtan", "invalid_transition", "longtan");  // not open
  EXPECT_EQ(sqlite("SELECT COUNT(*) FROM journal"), before);
  EXPECT_EQ(step_state(1), "pending");
}

TEST_F(RoundCli, UnitsSubmitOnlyForThemselvesAndOnlyWhereExpected) {
  ASSERT_EQ(duban("step open 2020-H1 3").exit_code, 0);
  expect_refused("submit 2020-H1 3 --unit xinmin", "permission_denied", "longtan");
  expect_refused("submit 2020-H1 3 --unit jiaoyu", "invalid_argument", "jiaoyu");  // townships only
  EXPECT_EQ(duban("submit 2020-H1 3 --unit xinmin", "xinmin").exit_code, 0);
}

TEST_F(RoundCli, VillageListsAreDueAWeekBeforeTheObservationAndLateOnesAreRecorded) {
  ASSERT_EQ(duban("step open 2020-H1 3").exit_code, 0);
  now_ = "2020-06-13T23:59";  // the observation is on 20 June: lists are due by the end of 13 June
  auto on_time = duban("submit 2020-H1 3 --unit longtan", "longtan");
  EXPECT_EQ(on_time.exit_code, 0);
  EXPECT_EQ(on_time.out, "submitted\n");
  now_ = "2020-06-14T00:00";
  auto late = duban("submit 2020-H1 3 --unit xinmin", "xinmin");
  EXPECT_EQ(late.exit_code, 0);
  EXPECT_EQ(late.out, "submitted (late: due 2020-06-13)\n");
  EXPECT_EQ(sqlite("SELECT subject FROM journal WHERE changes LIKE '%late%'"),
            "submission:2020-H1/3/xinmin\n");
}

}  // namespace
}  // namespace duban::testing
