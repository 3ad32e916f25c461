// 整改成效 from duban's own records: a crafted history of one township's items in 2020-H1 (on
// time, late, reworked, extended, still open, due after the period) gives figures computed by
// hand, and a scoring model that uses them as indicators scores them.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class RecordIndicators : public DubanCli {
 protected:
  void SetUp() override {
    // The shipped configuration, with a scoring model whose townships are scored partly from
    // the records: 50 % economy, 30 % on-time rate, 20 % overdue items (10 points off each).
    auto src = source_dir() / "config";
    auto text = read_file(src / "duban.yaml");
    text.replace(text.find("units: demo/units.yaml"), 22,
                 "units: " + (src / "demo/units.yaml").string() + "\nscoring: scoring.yaml");
    text.replace(text.find("workflows: ../workflows"), 23,
                 "workflows: " + (source_dir() / "workflows").string() +
                     "\ncalendar: " + (src / "calendar").string());
    write_file(dir_ / "duban.yaml", text);
    write_file(dir_ / "scoring.yaml", R"(township:
  indicators:
    - {id: economy, name: 经济社会发展, weight: 50}
    - {id: rectification, name: 整改成效, weight: 30, record: on_time_rate}
    - {id: overdue, name: 逾期整改, weight: 20, record: overdue_items, deduct: 10}
  grades: [{grade: A, min: 90}, {grade: B, min: 0}]
)");
    config_ = dir_ / "duban.yaml";
  }
  void at(const std::string& when) { now_ = when; }
  void run(const std::string& args, const std::string& actor = "office") {
    auto r = duban(args, actor);
    ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.out;
  }
};

TEST_F(RecordIndicators, ACraftedHistoryGivesTheHandComputedFigures) {
  at("2020-03-02T09:00");
  run("init");
  run("round start 2020-H1");
  write_file(dir_ / "items.csv",
             "问题,责任单位,责任人,整改措施,整改时限\n"
             "一 按期,龙潭镇,赵某七,措施,2020-04-30\n"
             "二 逾期六天,龙潭镇,赵某七,措施,2020-04-30\n"
             "三 返工后逾期三天,龙潭镇,赵某七,措施,2020-05-31\n"
             "四 延期后按期,龙潭镇,赵某七,措施,2020-05-31\n"
             "五 一直未整改,龙潭镇,赵某七,措施,2020-06-10\n"
             "六 期限在本轮之后,龙潭镇,赵某七,措施,2020-08-31\n"
             "七 别的乡镇,新民乡,钱某,措施,2020-04-30\n");
  run("import items.csv");  // all assigned at 2020-03-02 09:00
  at("2020-03-02T15:00");
  run("item ack 1", "longtan");  // 6 hours
  at("2020-03-03T09:00");
  run("item ack 2", "longtan");  // 24 hours
  at("2020-04-20T10:00");
  run("item rectify 1 --result 完成", "longtan");  // on time
  at("2020-05-06T10:00");
  run("item rectify 2 --result 完成", "longtan");  // 6 days late
  at("2020-05-10T10:00");
  run("item rectify 3 --result 完成", "longtan");
  at("2020-05-12T10:00");
  run("item reject 3 --reason 资料不全");  // rework
  at("2020-05-20T10:00");
  run("item extend 4 --due 2020-06-20 --reason 汛期", "longtan");
  at("2020-05-21T10:00");
  run("item extend 4 --approve");  // due 2020-06-20
  at("2020-06-03T10:00");
  run("item rectify 3 --result 补齐", "longtan");  // 3 days after 05-31
  at("2020-06-15T10:00");
  run("item rectify 4 --result 完成", "longtan");  // before the extended due
  at("2020-07-20T09:00");                          // item 5 still open: 40 days past 06-10
  run("score set 2020-H1 龙潭镇 经济社会发展 80");

  auto r = json("round ranking 2020-H1");
  const auto& f = r["records"]["longtan"];
  EXPECT_EQ(f["items_due"], 5) << f.dump();
  EXPECT_EQ(f["on_time"], 2);
  EXPECT_DOUBLE_EQ(f["on_time_rate"].get<double>(), 40);
  EXPECT_EQ(f["overdue_items"], 3);
  EXPECT_EQ(f["overdue_days"], 49);  // 6 + 3 + 40
  EXPECT_EQ(f["rework"], 1);
  EXPECT_EQ(f["extensions_requested"], 1);
  EXPECT_EQ(f["extensions_approved"], 1);
  EXPECT_EQ(f["acknowledged"], 2);
  EXPECT_DOUBLE_EQ(f["ack_hours"].get<double>(), 15);  // (6 + 24) / 2
  EXPECT_EQ(r["records"]["xinmin"]["items_due"], 1);   // its own item, open and overdue
  // 0.5 × 80 + 0.3 × 40 + 0.2 × (100 − 10 × 3) = 40 + 12 + 14
  const auto& longtan = r["kinds"][0]["units"][0];
  EXPECT_EQ(longtan["unit"], "longtan");
  EXPECT_DOUBLE_EQ(longtan["total"].get<double>(), 66);
  EXPECT_NEAR(longtan["points"]["rectification"].get<double>(), 12, 1e-9);
  EXPECT_NEAR(longtan["points"]["overdue"].get<double>(), 14, 1e-9);
  // Record indicators are computed, never entered.
  auto refused = duban("score set 2020-H1 龙潭镇 整改成效 100");
  EXPECT_NE(refused.out.find("computed from duban's records"), std::string::npos) << refused.out;
}

}  // namespace
}  // namespace duban::testing
