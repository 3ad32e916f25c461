#include "domain/ranking.hpp"

#include <gtest/gtest.h>

namespace duban {
namespace {

// A small county's model: 20 % economy; 80 % poverty work over a 50, b 30 and an optional c 20;
// bonus x (≤ 4) and y (≤ 3) capped at 5; a veto fact; bands A ≥ 90, B ≥ 80, C below.
Indicator indicator(std::string id, std::string name, double weight) {
  Indicator i;
  i.id = std::move(id);
  i.name = std::move(name);
  i.weight = weight;
  return i;
}

KindModel small_model() {
  KindModel m;
  m.kind = UnitKind::township;
  m.total = 100;
  auto economy = indicator("economy", "经济", 20);
  auto poverty = indicator("poverty", "脱贫", 80);
  poverty.parts = {indicator("a", "甲", 50), indicator("b", "乙", 30), indicator("c", "丙", 20)};
  poverty.parts[2].optional = true;
  m.indicators = {economy, poverty};
  m.bonus = {{"x", "加分甲", 4}, {"y", "加分乙", 3}};
  m.bonus_cap = 5;
  m.facts = {{"loss", "重大损失", true}};
  m.veto = {{"loss", "重大损失"}};
  m.veto_grade = "D";
  m.grades = {{"A", 90}, {"B", 80}, {"C", 0}};
  m.tie_break = {"poverty"};
  return m;
}

const RankedUnit& find(const KindRanking& r, const std::string& unit) {
  for (const auto& u : r.units)
    if (u.unit == unit) return u;
  throw std::runtime_error("no " + unit);
}

TEST(Ranking, TotalsWeightsBonusCapVetoAndTiesAsComputedByHand) {
  std::vector<UnitValues> units = {
      // 18 + (32 + 16.8 + 16) = 82.8; bonus 4 + 3 = 7 capped at 5 → 87.8
      {"u1", "一镇", {{"economy", 90}, {"a", 80}, {"b", 70}, {"c", 100}, {"x", 4}, {"y", 3}}},
      // c not scored (optional): a and b share 80 as 50:30 → 45 + 24; 20 + 69 = 89
      {"u2", "二镇", {{"economy", 100}, {"a", 90}, {"b", 80}}},
      // 16 + (40 + 21.6 + 8) = 85.6; bonus 2.2 → 87.8, poverty 69.6 beats u1's 64.8
      {"u3", "三镇", {{"economy", 80}, {"a", 100}, {"b", 90}, {"c", 50}, {"x", 2.2}}},
      // full marks, but vetoed: after everyone, graded D
      {"u4", "四镇", {{"economy", 100}, {"a", 100}, {"b", 100}, {"c", 100}, {"loss", 1}}},
      // u1's scores with bonus 2 + 3: 87.8, poverty 64.8: the same place as u1
      {"u5", "五镇", {{"economy", 90}, {"a", 80}, {"b", 70}, {"c", 100}, {"x", 2}, {"y", 3}}},
      // b missing and not optional: not ranked
      {"u6", "六镇", {{"economy", 90}, {"a", 80}}},
  };
  std::map<std::string, PreviousPlace> previous = {{"u4", {5, true, 1}}, {"u2", {3, false, 0}}};
  auto r = rank_units(small_model(), units, previous);
  ASSERT_EQ(r.ranked, 5);
  ASSERT_EQ(r.units.size(), 6u);
  std::vector<std::string> order;
  for (const auto& u : r.units) order.push_back(u.unit);
  EXPECT_EQ(order, (std::vector<std::string>{"u2", "u3", "u1", "u5", "u4", "u6"}));

  const auto& u1 = find(r, "u1");
  EXPECT_DOUBLE_EQ(u1.weighted, 82.8);
  EXPECT_DOUBLE_EQ(u1.bonus_claimed, 7);
  EXPECT_DOUBLE_EQ(u1.bonus, 5);
  EXPECT_DOUBLE_EQ(u1.total, 87.8);
  EXPECT_NEAR(u1.points.at("poverty"), 64.8, 1e-9);
  EXPECT_NEAR(u1.points.at("b"), 16.8, 1e-9);
  EXPECT_EQ(u1.rank, 3);
  EXPECT_EQ(u1.grade, "B");
  EXPECT_NE(u1.note.zh.find("与五镇并列第 3 名"), std::string::npos) << u1.note.zh;

  const auto& u2 = find(r, "u2");
  EXPECT_DOUBLE_EQ(u2.total, 89);
  EXPECT_NEAR(u2.points.at("a"), 45, 1e-9);
  EXPECT_EQ(u2.points.count("c"), 0u);
  EXPECT_EQ(u2.rank, 1);
  EXPECT_EQ(u2.previous_rank, 3);

  const auto& u3 = find(r, "u3");
  EXPECT_DOUBLE_EQ(u3.total, 87.8);
  EXPECT_EQ(u3.rank, 2);
  EXPECT_NE(u3.note.zh.find("按脱贫得分排定名次"), std::string::npos) << u3.note.zh;
  EXPECT_NE(u3.note.en.find("placed by 脱贫"), std::string::npos) << u3.note.en;

  EXPECT_EQ(find(r, "u5").rank, 3);

  const auto& u4 = find(r, "u4");
  EXPECT_DOUBLE_EQ(u4.total, 100);
  EXPECT_EQ(u4.rank, 5);
  EXPECT_EQ(u4.grade, "D");
  EXPECT_TRUE(u4.last);
  EXPECT_EQ(u4.last_streak, 2) << "last now and last before";
  EXPECT_NE(u4.note.zh.find("一票否决:重大损失"), std::string::npos);

  const auto& u6 = find(r, "u6");
  EXPECT_FALSE(u6.ranked());
  EXPECT_EQ(u6.missing, (std::vector<std::string>{"乙"}));
  EXPECT_NE(u6.note.zh.find("缺少评分"), std::string::npos);
}

TEST(Ranking, LastPlaceSharedByTiedUnitsAndAStreakStartsAtOne) {
  auto m = small_model();
  m.tie_break.clear();
  std::vector<UnitValues> units = {
      {"u1", "一镇", {{"economy", 90}, {"a", 90}, {"b", 90}}},
      {"u2", "二镇", {{"economy", 50}, {"a", 50}, {"b", 50}}},
      {"u3", "三镇", {{"economy", 50}, {"a", 50}, {"b", 50}}},
  };
  auto r = rank_units(m, units, {{"u3", {2, false, 0}}});
  EXPECT_EQ(find(r, "u2").rank, 2);
  EXPECT_EQ(find(r, "u3").rank, 2);
  EXPECT_TRUE(find(r, "u2").last);
  EXPECT_TRUE(find(r, "u3").last);
  EXPECT_EQ(find(r, "u3").last_streak, 1);
  EXPECT_FALSE(find(r, "u1").last);
  EXPECT_EQ(find(r, "u1").grade, "A");
  EXPECT_EQ(find(r, "u2").grade, "C");
}

TEST(Ranking, TotalsRoundHalfUpToTheHundredth) {
  EXPECT_DOUBLE_EQ(round_points(84.125), 84.13);
  EXPECT_DOUBLE_EQ(round_points(84.124), 84.12);
  EXPECT_DOUBLE_EQ(round_points(0.005), 0.01);
  EXPECT_DOUBLE_EQ(round_points(100), 100);
}

}  // namespace
}  // namespace duban
