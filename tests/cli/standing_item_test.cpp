// A standing item (长期坚持): no deadline and never overdue, but a progress report due every
// period (lifecycle.deadlines.standing_report_every, shipped as 1 month), reminded like a deadline.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class StandingItem : public DubanCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(duban("init").exit_code, 0);
    write_file(dir_ / "s.csv",
               "问题,责任单位,责任人,整改措施,整改时限\n"
               "长效机制不健全,龙潭镇,赵某七,建立月度调度机制,长期坚持\n"
               "资料不全,龙潭镇,赵某七,补齐资料,2020-06-30\n");
    ASSERT_EQ(duban("import s.csv").exit_code, 0);  // on Monday 2020-06-01
    ASSERT_EQ(duban("item ack 1", "longtan").exit_code, 0);
  }
  /// The reminders the tick at `at` would have sent for the standing item: "rung fire_at due".
  std::vector<std::string> planned(const std::string& at) {
    std::vector<std::string> out;
    for (const auto& r : json("remind --dry-run --at " + at)) {
      if (r["subject"] != "item:1") continue;
      EXPECT_NE(r["summary"]["title"].get<std::string>().find("【长期坚持·进展报告】"),
                std::string::npos)
          << r.dump();
      out.push_back(r["rung"].get<std::string>() + " " +
                    r["fire_at"].get<std::string>().substr(0, 10) + " " +
                    r["summary"]["due"].get<std::string>());
    }
    return out;
  }
  std::vector<int> overdue() {
    std::vector<int> ids;
    for (const auto& i : json("item list --overdue")) ids.push_back(i["id"].get<int>());
    return ids;
  }
};

TEST_F(StandingItem, ReportsThroughTwoPeriodsAndIsNeverOverdue) {
  auto item = json("item show 1");
  EXPECT_EQ(item["state"], "assigned");
  EXPECT_TRUE(item["standing"].get<bool>());
  EXPECT_EQ(item["due"], "");
  EXPECT_EQ(item["report_due"], "2020-07-01");
  // First period: reminded before the report is due, like a deadline.
  EXPECT_EQ(planned("2020-06-24T10:00"),
            (std::vector<std::string>{"before_7 2020-06-24 2020-07-01"}));
  now_ = "2020-06-29T10:00";
  auto r = duban("item report 1 --result 召开月度调度会,建立台账", "longtan");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  item = json("item show 1");
  EXPECT_EQ(item["report_due"], "2020-08-01");
  EXPECT_EQ(item["state"], "assigned");
  // What was queued for the first period's date no longer comes; the second period's does.
  EXPECT_EQ(planned("2020-07-25T10:00"),
            (std::vector<std::string>{"before_7 2020-07-25 2020-08-01"}));
  // Second period: the report comes late. The item is still never overdue (the other one is).
  now_ = "2020-08-05T10:00";
  EXPECT_EQ(overdue(), (std::vector<int>{2}));
  ASSERT_EQ(duban("item report 1 --result 调度会已召开三次", "longtan").exit_code, 0);
  EXPECT_EQ(json("item show 1")["report_due"], "2020-09-01");
  EXPECT_EQ(sqlite("SELECT COUNT(*) FROM journal WHERE subject = 'item:1' AND event = 'report'"),
            "2\n");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(StandingItem, OnlyAStandingItemReportsProgressAndOnlyItsUnit) {
  auto other = duban("item report 2 --result 进展", "longtan");
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.out.find("only a standing item (长期坚持) reports progress"), std::string::npos)
      << other.out;
  expect_refused("item report 1 --result 进展", "permission_denied", "xinmin");
}

}  // namespace
}  // namespace duban::testing
