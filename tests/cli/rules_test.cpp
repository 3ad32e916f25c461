// The incentive and accountability plugins, loaded as the shipped configuration loads them, on
// crafted rankings of the demo county (11 townships, 8 departments): what each rule recommends
// when a ranking is published, and what accepting a recommendation does.
#include <set>

#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

const std::vector<std::string> kTownships = {"龙潭镇", "新民乡", "石门镇", "东岭乡",
                                             "白沙乡", "青山镇", "城关镇", "柳林乡",
                                             "西河镇", "双河乡", "红岩镇"};
const std::vector<std::string> kDepartments = {"县扶贫办",         "县教育局",
                                               "县卫生健康委员会", "县住房和城乡建设局",
                                               "县水利局",         "县人力资源和社会保障局",
                                               "县农业农村局",     "县民政局"};

class Rules : public DubanCli {
 protected:
  /// Starts `round` (year's July) and records: township i totals townships[i] (every indicator
  /// that value), with `town_facts` columns; departments likewise.
  void score(const std::string& round, const std::vector<std::string>& towns,
             const std::string& town_fact_header, const std::vector<std::string>& town_facts,
             const std::vector<std::string>& depts, const std::string& dept_fact_header,
             const std::vector<std::string>& dept_facts) {
    now_ = round.substr(0, 4) + "-07-20T09:00";
    if (!initialized_) {
      ASSERT_EQ(duban("init").exit_code, 0);
      initialized_ = true;
    }
    ASSERT_EQ(duban("round start " + round).exit_code, 0);
    std::string t =
        "单位,经济社会发展,减贫成效,主体责任,精准识别,精准帮扶,扶贫资金,项目进度,"
        "产业发展,驻村工作队," +
        town_fact_header + "\n";
    for (std::size_t i = 0; i < kTownships.size(); ++i) {
      t += kTownships[i];
      for (int k = 0; k < 9; ++k) t += "," + towns[i];
      t += "," + town_facts[i] + "\n";
    }
    std::string d =
        "单位,驻村工作队工作情况,捐建项目资金,其他年度目标任务," + dept_fact_header + "\n";
    for (std::size_t i = 0; i < kDepartments.size(); ++i) {
      d += kDepartments[i] + "," + depts[i] + "," + depts[i] + "," + depts[i] + "," +
           dept_facts[i] + "\n";
    }
    write_file(dir_ / "t.csv", t);
    write_file(dir_ / "d.csv", d);
    auto r = duban("score import t.csv --round " + round);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    r = duban("score import d.csv --round " + round);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    open_step_six(round);
  }
  /// "unit rule" of each recommendation of `round`.
  std::set<std::string> recommended(const std::string& round) {
    std::set<std::string> out;
    for (const auto& x : json("recommendation list --round " + round)) {
      out.insert(x["unit"].get<std::string>() + " " + x["rule"].get<std::string>());
    }
    return out;
  }
  bool initialized_ = false;
  static std::vector<std::string> repeat(const std::string& v, std::size_t n) {
    return std::vector<std::string>(n, v);
  }
};

TEST_F(Rules, TopTwentyPercentOfElevenTownshipsIsTheFirstTwoRanksTiesTogether) {
  // Ranks: 龙潭镇 1, 新民乡 and 石门镇 tied 2, 东岭乡 4, … 红岩镇 11. All passed acceptance except
  // 双河乡. 20 % of 11 is 2.2 places: ranks 1 and 2, so the tied pair is in together and 东岭乡
  // (rank 4) is out. Departments: 20 % of 8 is 1.6: rank 1 only.
  score("2020-H1", {"95", "90", "90", "88", "87", "86", "85", "84", "83", "82", "60"},
        "通过验收实现整体脱贫", {"是", "是", "是", "是", "是", "是", "是", "是", "是", "否", "是"},
        {"90", "89", "88", "87", "86", "85", "84", "83"}, "造成县第三方评估结果重大损失",
        repeat("否", 8));
  auto published = json("round publish 2020-H1");
  EXPECT_EQ(published["kinds"][0]["units"][1]["rank"], 2);
  EXPECT_EQ(published["kinds"][0]["units"][2]["rank"], 2);
  auto r = recommended("2020-H1");
  for (auto unit : {"longtan", "xinmin", "shimen"}) {
    EXPECT_TRUE(r.count(std::string(unit) + " top_share")) << unit;
  }
  EXPECT_FALSE(r.count("dongling top_share"));
  // The first ten (ranks ≤ 10) get priority in appointments; 红岩镇 (11) does not.
  int top_count = 0;
  for (const auto& x : r) top_count += x.find(" top_count") != std::string::npos;
  EXPECT_EQ(top_count, 10);
  EXPECT_FALSE(r.count("hongyan top_count"));
  EXPECT_TRUE(r.count("fupinban top_share"));
  EXPECT_FALSE(r.count("jiaoyu top_share"));
  // Last place: circulated criticism, but once is not twice.
  EXPECT_TRUE(r.count("hongyan last_place"));
  EXPECT_FALSE(r.count("hongyan last_twice"));
  // Each recommendation records the rule's inputs.
  auto list = json("recommendation list --round 2020-H1 --unit 石门镇");
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0]["inputs"]["rank"], 2);
  EXPECT_EQ(list[0]["inputs"]["ranked"], 11);
  EXPECT_EQ(list[0]["plugin"], "incentive");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(Rules, LastTwiceInARowAcrossTwoRoundsRecommendsDemotion) {
  auto towns =
      std::vector<std::string>{"95", "94", "93", "92", "91", "90", "89", "88", "87", "86", "60"};
  score("2019-H1", towns, "通过验收实现整体脱贫", repeat("是", 11),
        {"90", "89", "88", "87", "86", "85", "84", "83"}, "造成县第三方评估结果重大损失",
        repeat("否", 8));
  ASSERT_EQ(duban("round publish 2019-H1").exit_code, 0);
  // 2020-H1: 红岩镇 last again; 双河乡 was tenth before and is not last now.
  score("2020-H1", towns, "通过验收实现整体脱贫", repeat("是", 11),
        {"90", "89", "88", "87", "86", "85", "84", "83"}, "造成县第三方评估结果重大损失",
        repeat("否", 8));
  auto published = json("round publish 2020-H1");
  EXPECT_EQ(published["previous_round"], "2019-H1");
  auto r = recommended("2020-H1");
  EXPECT_TRUE(r.count("hongyan last_place"));
  EXPECT_TRUE(r.count("hongyan last_twice"));
  auto demotion = json("recommendation list --round 2020-H1 --unit 红岩镇");
  bool found = false;
  for (const auto& x : demotion) {
    if (x["rule"] != "last_twice") continue;
    found = true;
    EXPECT_EQ(x["action"], "demotion");
    EXPECT_EQ(x["inputs"]["last_streak"], 2);
    EXPECT_EQ(x["inputs"]["previous_rank"], 11);
  }
  EXPECT_TRUE(found);
  EXPECT_FALSE(recommended("2019-H1").count("hongyan last_twice"));
}

TEST_F(Rules, AdmonishmentItemRunsTheLifecycleAndOtherRulesRecommend) {
  // 西河镇 faked exits (数字脱贫); 白沙乡 did not complete its annual task; 县卫生健康委员会 is
  // vetoed; 县教育局 assists more villages than in the previous round.
  score("2019-H1", {"95", "94", "93", "92", "91", "90", "89", "88", "87", "86", "85"},
        "通过验收实现整体脱贫", repeat("是", 11), {"90", "89", "88", "87", "86", "85", "84", "83"},
        "帮扶贫困村个数", {"2", "3", "2", "2", "2", "2", "2", "2"});
  ASSERT_EQ(duban("round publish 2019-H1").exit_code, 0);
  write_file(dir_ / "facts.csv",
             "单位,指标,分值\n西河镇,弄虚作假搞数字脱贫,是\n白沙乡,完成年度脱贫攻坚任务,否\n");
  score("2020-H1", {"95", "94", "93", "92", "91", "90", "89", "88", "87", "86", "85"},
        "弄虚作假搞数字脱贫", repeat("否", 11), {"90", "89", "88", "87", "86", "85", "84", "83"},
        "帮扶贫困村个数", {"2", "5", "2", "2", "2", "2", "2", "2"});
  ASSERT_EQ(duban("score import facts.csv --round 2020-H1").exit_code, 0);
  ASSERT_EQ(duban("score set 2020-H1 县卫生健康委员会 serious_loss 是").exit_code, 0);
  ASSERT_EQ(duban("round publish 2020-H1").exit_code, 0);
  auto r = recommended("2020-H1");
  EXPECT_TRUE(r.count("xihe listed_problems"));
  EXPECT_TRUE(r.count("baisha annual_task"));
  EXPECT_TRUE(r.count("weijian veto"));
  EXPECT_TRUE(r.count("jiaoyu more_villages"));
  EXPECT_FALSE(r.count("fupinban more_villages"));
  // No acceptance recorded this round (通过验收 is not among its facts): first place is not
  // recommended for promotion, only for priority in appointments.
  EXPECT_FALSE(r.count("longtan top_share"));
  EXPECT_TRUE(r.count("longtan top_count"));

  auto find = [&](const std::string& unit, const std::string& rule) {
    for (const auto& x : json("recommendation list --round 2020-H1"))
      if (x["unit"] == unit && x["rule"] == rule) return x["id"].get<int>();
    return 0;
  };
  // Only the leading group decides; a dismissal needs a reason.
  const auto admonish = std::to_string(find("xihe", "listed_problems"));
  expect_refused("recommendation accept " + admonish, "permission_denied", "xihe");
  // Accepted: a rectification item for 西河镇, assigned to its head, due in 30 days.
  auto accepted = json("recommendation accept " + admonish);
  EXPECT_EQ(accepted["state"], "accepted");
  auto item = std::to_string(accepted["item_id"].get<int>());
  auto shown = json("item show " + item);
  EXPECT_EQ(shown["state"], "assigned");
  EXPECT_EQ(shown["unit"], "xihe");
  EXPECT_EQ(shown["due"], "2020-08-19");
  EXPECT_NE(shown["title"].get<std::string>().find("数字脱贫"), std::string::npos);
  // … and runs the normal lifecycle.
  ASSERT_EQ(duban("item ack " + item, "xihe").exit_code, 0);
  ASSERT_EQ(duban("item rectify " + item + " --result 已整改并约谈", "xihe").exit_code, 0);
  ASSERT_EQ(duban("item verify " + item, "inspector").exit_code, 0);
  ASSERT_EQ(duban("item close " + item).exit_code, 0);
  EXPECT_EQ(json("item show " + item)["state"], "closed");
  expect_refused("recommendation accept " + admonish, "invalid_transition");  // decided already
  // The bonus, accepted, is recorded as a score of the bonus item.
  ASSERT_EQ(
      duban("recommendation accept " + std::to_string(find("jiaoyu", "more_villages"))).exit_code,
      0);
  EXPECT_EQ(sqlite("SELECT value FROM scores WHERE round_id = '2020-H1' AND unit_id = 'jiaoyu'"
                   " AND indicator = 'more_villages'"),
            "2\n");
  const auto criticism = std::to_string(find("baisha", "annual_task"));
  expect_refused("recommendation dismiss " + criticism + " --note ''", "reason_required");
  ASSERT_EQ(duban("recommendation dismiss " + criticism + " --note 已另行处理").exit_code, 0);
  EXPECT_EQ(duban("audit verify").exit_code, 0) << duban("audit verify").out;
  // Publishing again supersedes what was not decided.
  ASSERT_EQ(duban("round publish 2020-H1").exit_code, 0);
  auto superseded = json("recommendation list --round 2020-H1 --state superseded");
  EXPECT_FALSE(superseded.empty());
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

}  // namespace
}  // namespace duban::testing
