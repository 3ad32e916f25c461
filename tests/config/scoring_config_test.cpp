// config/scoring.yaml: the shipped model is the seed's, and every mistake is found at its line.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config/diagnostics.hpp"
#include "config/loaders.hpp"
#include "support/test_support.hpp"

namespace duban::config {
namespace {

using duban::testing::TempDir;
using duban::testing::write_file;

std::vector<Diagnostic> problems_of(const std::string& yaml, ScoringModel* out = nullptr) {
  TempDir dir;
  write_file(dir / "scoring.yaml", yaml);
  Diagnostics d;
  auto model = load_scoring(dir / "scoring.yaml", "scoring.yaml", d);
  if (out) *out = model;
  return d.list();
}

std::string all(const std::vector<Diagnostic>& list) {
  std::string out;
  for (const auto& d : list) out += d.str() + "\n";
  return out;
}

// Where `needle` is reported: "line:column", or "" if it is not.
std::string where(const std::vector<Diagnostic>& list, const std::string& needle) {
  for (const auto& d : list) {
    if (d.message.zh.find(needle) != std::string::npos ||
        d.message.en.find(needle) != std::string::npos) {
      return std::to_string(d.line) + ":" + std::to_string(d.column);
    }
  }
  return "";
}

TEST(ScoringConfig, TheShippedModelIsTheSeeds) {
  auto cfg = load_config(duban::testing::source_dir() / "config" / "duban.yaml");
  const auto* t = cfg.scoring.find(UnitKind::township);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->indicator("经济社会发展")->weight, 20);
  const auto* poverty = t->indicator("脱贫攻坚工作");
  EXPECT_EQ(poverty->weight, 80);
  std::vector<std::string> parts;
  for (const auto& p : poverty->parts) parts.push_back(p.name);
  EXPECT_EQ(parts, (std::vector<std::string>{"减贫成效", "主体责任", "精准识别", "精准帮扶",
                                             "扶贫资金", "项目进度", "产业发展", "驻村工作队"}));
  EXPECT_EQ(t->bonus.size(), 3u);
  EXPECT_GT(t->bonus_cap, 0);
  const auto* d = cfg.scoring.find(UnitKind::department);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->indicator("脱贫攻坚工作")->weight, 40);
  ASSERT_EQ(d->veto.size(), 1u);
  EXPECT_EQ(d->veto[0].fact, "serious_loss");
  EXPECT_NE(d->fact("villages_assisted"), nullptr);
  EXPECT_FALSE(d->fact("villages_assisted")->flag);
}

TEST(ScoringConfig, WeightsThatDoNotAddUpAreFoundAtTheirList) {
  auto list = problems_of(R"(township:
  indicators:
    - {id: economy, name: 经济, weight: 20}
    - id: poverty
      name: 脱贫
      weight: 80
      parts:
        - {id: a, name: 甲, weight: 60}
        - {id: b, name: 乙, weight: 30}
  grades: [{grade: A, min: 0}]
)");
  ASSERT_EQ(list.size(), 1u) << all(list);
  EXPECT_EQ(where(list, "权重合计应为 100,实为 90(甲 60 + 乙 30)"), "8:9") << all(list);
  EXPECT_EQ(list[0].path, "township.indicators[1].parts");
}

TEST(ScoringConfig, EveryMistakeIsReportedAtOnceWithItsPlace) {
  auto list = problems_of(R"(township:
  indicators:
    - {id: economy, name: 经济, weight: 50, sourcs: [county]}
    - {id: Poverty, name: 脱贫, weight: 50, sources: [teacher]}
    - {id: rec, name: 整改, weight: 0, record: on_time}
  bonus:
    cap: 5
    items:
      - {id: economy, name: 加分, max: 2}
  veto:
    - {fact: nothing}
  grades:
    - {grade: A, min: 90}
  tie_break: [povrty]
villages:
  indicators: []
)");
  EXPECT_EQ(where(list, "未知的键 sourcs(是否想写 sources?)"), "3:43") << all(list);
  EXPECT_EQ(where(list, "编号只能含小写字母"), "4:12") << all(list);
  EXPECT_EQ(where(list, "unknown score source teacher"), "4:53") << all(list);
  EXPECT_EQ(where(list, "a weight must be above 0"), "5:35") << all(list);
  EXPECT_EQ(where(list, "unknown record measure on_time"), "5:46") << all(list);
  EXPECT_EQ(where(list, "duplicate id or name: economy"), "9:9") << all(list);
  EXPECT_EQ(where(list, "a veto must name a yes/no fact"), "11:14") << all(list);
  EXPECT_EQ(where(list, "veto_grade"), "2:3") << all(list);
  EXPECT_EQ(where(list, "the lowest band's min must be 0"), "13:5") << all(list);
  EXPECT_EQ(where(list, "unknown indicator povrty"), "14:15") << all(list);
  EXPECT_EQ(where(list, "unknown key villages (did you mean village?)"), "15:1") << all(list);
}

TEST(ScoringConfig, RecordIndicatorsNeedTheirDeductionAndGroupsTakeNoScore) {
  auto list = problems_of(R"(department:
  indicators:
    - {id: late, name: 逾期, weight: 50, record: overdue_items}
    - {id: rate, name: 按期, weight: 25, record: on_time_rate, deduct: 2}
    - id: group
      name: 组
      weight: 25
      max: 10
      parts:
        - {id: x, name: 甲, weight: 100}
  grades: [{grade: A, min: 0}]
)");
  EXPECT_EQ(where(list, "needs deduct"), "3:7") << all(list);
  EXPECT_EQ(where(list, "on_time_rate scores in proportion"), "4:70") << all(list);
  EXPECT_EQ(where(list, "an indicator with parts takes no record, max or sources"), "5:7")
      << all(list);
}

TEST(ScoringConfig, AScoringFileNamedButMissingIsAnErrorOfDubanYaml) {
  TempDir dir;
  auto src = duban::testing::source_dir();
  write_file(dir / "duban.yaml",
             "county: 测试县\nunits: " + (src / "config/demo/units.yaml").string() +
                 "\nworkflows: " + (src / "workflows").string() + "\nscoring: nowhere.yaml\n");
  try {
    load_config(dir / "duban.yaml");
    FAIL() << "loaded";
  } catch (const ConfigInvalid& e) {
    EXPECT_NE(std::string(e.what()).find("nowhere.yaml"), std::string::npos) << e.what();
    EXPECT_EQ(e.diagnostics().at(0).line, 4);
  }
}

}  // namespace
}  // namespace duban::config
