// config/evaluation-plan.yaml: the shipped plan is the seed's (第三篇), and every mistake is found
// at its line.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config/diagnostics.hpp"
#include "config/loaders.hpp"
#include "support/test_support.hpp"

namespace duban::config {
namespace {

using duban::testing::TempDir;
using duban::testing::write_file;

std::string where(const std::vector<Diagnostic>& list, const std::string& needle) {
  for (const auto& d : list) {
    if (d.message.zh.find(needle) != std::string::npos ||
        d.message.en.find(needle) != std::string::npos) {
      return std::to_string(d.line) + ":" + std::to_string(d.column);
    }
  }
  return "";
}

std::string all(const std::vector<Diagnostic>& list) {
  std::string out;
  for (const auto& d : list) out += d.str() + "\n";
  return out;
}

TEST(PlanConfig, TheShippedPlanIsTheSeeds) {
  auto cfg = load_config(duban::testing::source_dir() / "config" / "duban.yaml");
  EXPECT_EQ(cfg.evaluation_plan_file.filename(), "evaluation-plan.yaml");
  EXPECT_EQ(cfg.evaluation_plan.canonical(), seed_evaluation_plan().canonical());
  const auto& p = cfg.evaluation_plan;
  EXPECT_EQ(p.key_township_villages, 3);
  EXPECT_EQ(p.other_township_villages, 2);
  EXPECT_EQ(p.households_per_village(), 15);
  EXPECT_EQ(p.quotas.back().kind, HouseholdKind::unregistered);
  EXPECT_EQ(p.quotas.back().prefer, 31u);
  // The demo's configuration names the same file.
  auto demo = load_config(duban::testing::source_dir() / "config" / "demo" / "duban.yaml");
  EXPECT_EQ(demo.evaluation_plan.canonical(), p.canonical());
}

TEST(PlanConfig, TheShippedPlanNamesTheSeedsFourForms) {
  auto cfg = load_config(duban::testing::source_dir() / "config" / "duban.yaml");
  std::vector<std::string> names;
  for (const auto& f : cfg.evaluation_plan.forms) {
    EXPECT_TRUE(std::filesystem::is_regular_file(f)) << f;
    names.push_back(std::filesystem::path(f).filename().string());
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"village-exit-check.xlsx", "household-registered.xlsx",
                                      "household-unregistered.xlsx", "village-interview.xlsx"}));
}

TEST(PlanConfig, FormsDefaultToTheFormsFolderAndAMissingOneIsNamedAtItsLine) {
  TempDir dir;
  std::filesystem::create_directories(dir / "forms");
  write_file(dir / "forms" / "b.xlsx", "x");
  write_file(dir / "forms" / "a.xlsx", "x");
  write_file(dir / "forms" / "notes.txt", "x");
  write_file(dir / "plan.yaml", "groups:\n  count: 3\n");
  Diagnostics d;
  auto plan = load_evaluation_plan(dir / "plan.yaml", "plan.yaml", d);
  EXPECT_TRUE(d.empty()) << all(d.list());
  ASSERT_EQ(plan.forms.size(), 2u);
  EXPECT_EQ(std::filesystem::path(plan.forms[0]).filename(), "a.xlsx");
  write_file(dir / "plan.yaml", "forms:\n  - forms/a.xlsx\n  - forms/gone.xlsx\n");
  Diagnostics e;
  plan = load_evaluation_plan(dir / "plan.yaml", "plan.yaml", e);
  EXPECT_EQ(where(e.list(), "gone.xlsx"), "3:5") << all(e.list());
  EXPECT_EQ(plan.forms.size(), 1u);
}

TEST(PlanConfig, EveryMistakeIsReportedAtOnceWithItsPlace) {
  TempDir dir;
  write_file(dir / "plan.yaml", R"(villages:
  key_township: 30000
  cover: [脱贫村, 城中村, 脱贫村]
households:
  quotas:
    - {kind: 贫困户, count: 5}
    - {kind: 外星户, count: 5}
    - {kind: 贫困户, count: 5, prefer: [危楼]}
  always: [边缘户, 低保户]
  substitue: true
)");
  Diagnostics d;
  load_evaluation_plan(dir / "plan.yaml", "plan.yaml", d);
  auto list = d.list();
  EXPECT_EQ(where(list, "30000"), "2:17") << all(list);
  EXPECT_EQ(where(list, "unknown village kind 城中村"), "3:16") << all(list);
  EXPECT_EQ(where(list, "village kind listed twice"), "3:21") << all(list);
  EXPECT_EQ(where(list, "unknown household kind 外星户"), "7:14") << all(list);
  EXPECT_EQ(where(list, "household kind listed twice"), "8:14") << all(list);
  EXPECT_EQ(where(list, "unknown household mark 危楼"), "8:38") << all(list);
  EXPECT_EQ(where(list, "expected 边缘户 (edge) or 监测户 (monitored): 低保户"), "9:17")
      << all(list);
  EXPECT_EQ(where(list, "substitue"), "10:3") << all(list);
}

TEST(PlanConfig, GroupsAreCheckedToo) {
  TempDir dir;
  write_file(dir / "plan.yaml", "groups:\n  count: 0\n  villages_per_day: 3\n  sise: 7\n");
  Diagnostics d;
  auto plan = load_evaluation_plan(dir / "plan.yaml", "plan.yaml", d);
  auto list = d.list();
  EXPECT_EQ(where(list, "0"), "2:10") << all(list);
  EXPECT_EQ(where(list, "unknown key sise (did you mean size?)"), "4:3") << all(list);
  EXPECT_EQ(plan.villages_per_day, 3);
  // Not part of the draw: a sample's plan digest does not change with them.
  EXPECT_EQ(plan.canonical(), seed_evaluation_plan().canonical());
}

TEST(PlanConfig, TheDailyListLeavesBefore20AndItsMistakesAreFoundAtTheirLine) {
  auto cfg = load_config(duban::testing::source_dir() / "config" / "duban.yaml");
  const auto& shipped = cfg.evaluation_plan.daily_list;
  EXPECT_TRUE(shipped.enabled);
  EXPECT_EQ(shipped.send_at, std::chrono::minutes{19 * 60 + 30});  // 当天晚上8点前
  EXPECT_EQ(shipped.confirm_by, std::chrono::minutes{19 * 60});
  EXPECT_EQ(shipped.channels, (std::vector<std::string>{"email", "sms"}));
  TempDir dir;
  write_file(dir / "plan.yaml",
             "daily_list:\n  send_at: 7pm\n  confirm_by: \"19:00\"\n  to: [office, boss]\n"
             "  mailbox: office-at-county\n  channels: [email, webhook]\n  sendat: x\n");
  Diagnostics d;
  auto plan = load_evaluation_plan(dir / "plan.yaml", "plan.yaml", d);
  auto list = d.list();
  EXPECT_EQ(where(list, "a time of day is HH:MM: 7pm"), "2:12") << all(list);
  EXPECT_EQ(where(list, "unknown recipient: boss"), "4:16") << all(list);
  EXPECT_EQ(where(list, "invalid e-mail address: office-at-county"), "5:12") << all(list);
  EXPECT_EQ(where(list, "email or sms only: webhook"), "6:21") << all(list);
  EXPECT_EQ(where(list, "unknown key sendat (did you mean send_at?)"), "7:3") << all(list);
  Diagnostics late;
  write_file(dir / "late.yaml", "daily_list:\n  send_at: \"19:30\"\n  confirm_by: \"19:45\"\n");
  load_evaluation_plan(dir / "late.yaml", "late.yaml", late);
  EXPECT_EQ(where(late.list(), "confirm_by must not be after send_at"), "3:15") << all(late.list());
  Diagnostics off;
  write_file(dir / "off.yaml", "daily_list: off\n");
  EXPECT_FALSE(load_evaluation_plan(dir / "off.yaml", "off.yaml", off).daily_list.enabled);
  EXPECT_TRUE(off.empty()) << all(off.list());
  // Not part of the draw.
  EXPECT_EQ(plan.canonical(), seed_evaluation_plan().canonical());
}

TEST(PlanConfig, TheFeedbackSaysTheDeadlineTheOwnerAndWhichCategoriesCount) {
  auto cfg = load_config(duban::testing::source_dir() / "config" / "duban.yaml");
  const auto& f = cfg.evaluation_plan.feedback;
  EXPECT_EQ(f.due, "年底前");
  EXPECT_EQ(f.owner, "head");
  EXPECT_EQ(f.satisfaction, (std::vector<std::string>{"群众认可度"}));
  EXPECT_EQ(f.misidentification, (std::vector<std::string>{"精准识别"}));
  TempDir dir;
  write_file(dir / "plan.yaml",
             "feedback:\n  due: 立行立改\n  satisfaction: 群众认可度\n  ower: x\n");
  Diagnostics d;
  auto plan = load_evaluation_plan(dir / "plan.yaml", "plan.yaml", d);
  EXPECT_EQ(plan.feedback.due, "立行立改");
  EXPECT_EQ(where(d.list(), "unknown key ower (did you mean owner?)"), "4:3") << all(d.list());
  EXPECT_EQ(where(d.list(), "expected a list"), "3:17") << all(d.list());
  EXPECT_EQ(plan.canonical(), seed_evaluation_plan().canonical());
}

}  // namespace
}  // namespace duban::config
