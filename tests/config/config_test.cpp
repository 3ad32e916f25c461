#include "config/config.hpp"

#include <gtest/gtest.h>

#include "config/diagnostics.hpp"
#include "config/loaders.hpp"
#include "support/test_support.hpp"

namespace duban::config {
namespace {

namespace fs = std::filesystem;
using duban::testing::read_file;
using duban::testing::TempDir;
using duban::testing::write_file;

const char* kDuban = R"(county: 测试县
time_zone: "+08:00"
data_dir: var
server:
  listen: 127.0.0.1:8080
units: units.yaml
workflows: workflows
)";

const char* kUnits = R"(units:
  - id: office
    name: 办公室
    kind: office
    contacts:
      - {name: 王, user: admin, access: leading_group}
  - id: longtan
    name: 龙潭镇
    kind: township
    key: true
  - id: longtan-shuikou
    name: 水口村
    kind: village
    parent: longtan
)";

// A config folder laid out like the shipped one, with the shipped workflows.
class ConfigFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "duban.yaml", kDuban);
    write_file(dir_ / "units.yaml", kUnits);
    for (auto name : {"evaluation-procedure.yaml", "rectification-lifecycle.yaml"}) {
      write_file(dir_ / "workflows" / name,
                 read_file(duban::testing::source_dir() / "workflows" / name));
    }
  }
  void replace(const std::string& file, const std::string& from, const std::string& to) {
    ASSERT_TRUE(duban::testing::replace_in_file(dir_ / file, from, to)) << from;
  }
  std::vector<Diagnostic> errors() {
    try {
      load_config(dir_ / "duban.yaml");
    } catch (const ConfigInvalid& e) {
      return e.diagnostics();
    }
    return {};
  }
  // "file:line:column: path: message" with the English message, the file relative to the dir.
  std::vector<std::string> lines() {
    std::vector<std::string> out;
    auto prefix = dir_.path().string() + "/";
    for (const auto& d : errors()) {
      auto file = d.file.rfind(prefix, 0) == 0 ? d.file.substr(prefix.size()) : d.file;
      out.push_back(file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
                    d.path + ": " + d.message.en);
    }
    return out;
  }
  TempDir dir_;
};

using Lines = std::vector<std::string>;

TEST_F(ConfigFiles, TheValidSetLoads) {
  auto cfg = load_config(dir_ / "duban.yaml");
  EXPECT_EQ(cfg.county, "测试县");
  EXPECT_EQ(cfg.units.size(), 3u);
  EXPECT_EQ(cfg.zone.offset, std::chrono::minutes{480});
  EXPECT_EQ(cfg.database.path, fs::absolute("var/duban.db").lexically_normal());
}

TEST_F(ConfigFiles, ShippedWorkflowMatchesTheDesign) {
  auto cfg = load_config(dir_ / "duban.yaml");
  auto expected = default_workflow();
  for (auto s : kAllSteps) {
    const auto& got = cfg.workflow.rule(s);
    const auto& want = expected.rule(s);
    EXPECT_EQ(got.depends_on, want.depends_on) << to_string(s);
    EXPECT_EQ(got.submissions_from, want.submissions_from) << to_string(s);
    EXPECT_EQ(got.override_allowed, want.override_allowed) << to_string(s);
    EXPECT_EQ(got.approval, want.approval) << to_string(s);
    EXPECT_EQ(got.feedback_to, want.feedback_to) << to_string(s);
    EXPECT_EQ(cfg.workflow.step_due(s, *RoundId::parse("2023-Y")),
              expected.step_due(s, *RoundId::parse("2023-Y")));
    EXPECT_EQ(cfg.workflow.step_due(s, *RoundId::parse("2020-H1")),
              expected.step_due(s, *RoundId::parse("2020-H1")));
  }
  EXPECT_EQ(
      format_date(*cfg.workflow.step_due(StepId::data_aggregation, *RoundId::parse("2023-Y"))),
      "2024-02-29");
}

TEST_F(ConfigFiles, ARequiredStringSetToEmptyIsRefused) {
  replace("duban.yaml", "county: 测试县", "county: \"\"");
  EXPECT_EQ(lines(), (Lines{"duban.yaml:1:9: county: must not be empty"}));
}

TEST_F(ConfigFiles, AWorkflowWithAStepMissingIsRefused) {
  replace("workflows/evaluation-procedure.yaml",
          "    - id: special_supervision\n      name: 专项督查\n", "");
  auto got = lines();
  ASSERT_FALSE(got.empty());
  bool named = false;
  for (const auto& l : got) named |= l.find("special_supervision") != std::string::npos;
  EXPECT_TRUE(named) << ::testing::PrintToString(got);
}

TEST_F(ConfigFiles, UnknownKeyWithDidYouMean) {
  replace("duban.yaml", "county:", "countyy:");
  EXPECT_EQ(lines(),
            (Lines{"duban.yaml:1:1: county: missing required field county",
                   "duban.yaml:1:1: countyy: unknown key countyy (did you mean county?)"}));
}

TEST_F(ConfigFiles, WrongTypeForAnInteger) {
  write_file(dir_ / "duban.yaml", std::string(kDuban) + "scheduler:\n  interval_seconds: soon\n");
  EXPECT_EQ(lines(), (Lines{"duban.yaml:9:21: scheduler.interval_seconds: expected an integer"}));
}

TEST_F(ConfigFiles, BadListenAddressAndTimeZone) {
  replace("duban.yaml", "127.0.0.1:8080", "localhost");
  replace("duban.yaml", "\"+08:00\"", "CST");
  EXPECT_EQ(lines(),
            (Lines{"duban.yaml:2:12: time_zone: time zone must look like +08:00: CST",
                   "duban.yaml:5:11: server.listen: listen must be HOST:PORT: localhost"}));
}

TEST_F(ConfigFiles, MissingUnitsFile) {
  replace("duban.yaml", "units: units.yaml", "units: nowhere.yaml");
  auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].substr(0, 30), "duban.yaml:6:8: units: units f");
}

TEST_F(ConfigFiles, ParentUnitThatDoesNotExist) {
  replace("units.yaml", "parent: longtan", "parent: longtam");
  EXPECT_EQ(lines(),
            (Lines{"units.yaml:14:13: units[2].parent: parent unit does not exist: longtam "
                   "(did you mean longtan?)"}));
}

// The hierarchy goes down: office, townships and departments, villages, work teams.
TEST_F(ConfigFiles, AUnitUnderItselfOrUnderALowerLevelIsRefused) {
  replace("units.yaml", "parent: longtan", "parent: longtan-shuikou");
  replace("units.yaml", "    key: true\n", "    key: true\n    parent: longtan-shuikou\n");
  EXPECT_EQ(lines(),
            (Lines{"units.yaml:11:13: units[1].parent: a township cannot be under a village: "
                   "longtan-shuikou",
                   "units.yaml:15:13: units[2].parent: a unit cannot be its own parent: "
                   "longtan-shuikou"}));
}

TEST_F(ConfigFiles, TextThatIsNotUtf8OrHoldsControlCharactersIsRefusedWhereItIs) {
  replace("units.yaml", "name: 龙潭镇", "name: \"龙潭\\e[31m镇\"");
  replace("units.yaml", "name: 水口村", "name: 水口\xFF村");
  auto got = lines();
  ASSERT_EQ(got.size(), 2u) << ::testing::PrintToString(got);
  EXPECT_EQ(got[0], "units.yaml:8:11: units[1].name: character 3 is the control character U+001B");
  EXPECT_EQ(got[1], "units.yaml:12:11: units[2].name: byte 7 (0xFF) is not valid UTF-8");
}

TEST_F(ConfigFiles, AConfigurationFileThatIsHugeOrNotAFileIsRefusedUnread) {
  write_file(dir_ / "units.yaml", std::string(kUnits) + "# " + std::string(5 << 20, 'x') + "\n");
  auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("units.yaml:0:0: : the file exceeds the limit of 4 MiB"), std::string::npos)
      << got[0];
  replace("duban.yaml", "units: units.yaml", "units: /dev/zero");
  got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("not a regular file: /dev/zero"), std::string::npos) << got[0];
}

// Found by the config fuzz target: "- " alone made a unit without an id, and no error.
TEST_F(ConfigFiles, AnEmptyListElementIsAnError) {
  write_file(dir_ / "units.yaml", std::string(kUnits) + "  -\n");
  auto got = lines();
  ASSERT_EQ(got.size(), 1u) << ::testing::PrintToString(got);
  EXPECT_EQ(got[0].substr(0, 11), "units.yaml:") << got[0];
  EXPECT_NE(got[0].find("units[3]: the list element is empty"), std::string::npos) << got[0];
}

TEST_F(ConfigFiles, UnknownUnitKindAndMissingName) {
  replace("units.yaml", "kind: township", "kind: town");
  replace("units.yaml", "    name: 水口村\n", "");
  EXPECT_EQ(lines(),
            (Lines{"units.yaml:9:11: units[1].kind: invalid value \"town\"; expected one of: "
                   "township, department, village, work_team, office",
                   "units.yaml:11:5: units[2].name: missing required field name"}));
}

TEST_F(ConfigFiles, DuplicateUnitIdAndUser) {
  write_file(dir_ / "units.yaml", std::string(kUnits) +
                                      "  - id: longtan\n    name: 又一个\n    kind: township\n"
                                      "    contacts: [{name: 李, user: admin}]\n");
  EXPECT_EQ(lines(), (Lines{"units.yaml:15:9: units[3].id: duplicate unit id: longtan",
                            "units.yaml:18:32: units[3].contacts[0].user: duplicate user id: admin "
                            "(also at units[0].contacts[0])"}));
}

TEST_F(ConfigFiles, StepNameThatDoesNotExist) {
  replace("workflows/evaluation-procedure.yaml", "depends_on: [self_inspection]",
          "depends_on: [self_inspections]");
  EXPECT_EQ(lines(),
            (Lines{"workflows/evaluation-procedure.yaml:24:20: procedure.steps[3].depends_on[0]: "
                   "no such step: self_inspections (did you mean self_inspection?)"}));
}

TEST_F(ConfigFiles, DependencyOnALaterStep) {
  replace("workflows/evaluation-procedure.yaml", "depends_on: [data_aggregation]",
          "depends_on: [feedback]");
  EXPECT_EQ(lines(), (Lines{"workflows/evaluation-procedure.yaml:36:20: "
                            "procedure.steps[5].depends_on[0]: a step may depend only on earlier "
                            "steps: feedback"}));
}

TEST_F(ConfigFiles, ImpossibleDueDate) {
  replace("workflows/evaluation-procedure.yaml", "half_year: {month: 7, day: 31}",
          "half_year: {month: 6, day: 31}");
  EXPECT_EQ(lines(), (Lines{"workflows/evaluation-procedure.yaml:26:36: "
                            "procedure.steps[3].due.half_year.day: month 6 has no day 31"}));
}

TEST_F(ConfigFiles, YamlSyntaxError) {
  write_file(dir_ / "units.yaml", "units:\n  - id: [unclosed\n");
  auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rfind("units.yaml:3:1: : YAML syntax error: ", 0), 0u) << got[0];
}

TEST_F(ConfigFiles, EveryErrorOfEveryFileIsReportedAtOnce) {
  replace("duban.yaml", "data_dir: var", "data_dir: var\nlanguage: fr");
  replace("units.yaml", "key: true", "key: maybe");
  replace("workflows/rectification-lifecycle.yaml", "status_yellow_days: 3",
          "status_yellow_days: 3\n  reminder: []");
  EXPECT_EQ(lines(),
            (Lines{"duban.yaml:4:11: language: invalid value \"fr\"; expected one of: zh, en",
                   "units.yaml:10:10: units[1].key: expected true or false",
                   "workflows/rectification-lifecycle.yaml:4:3: lifecycle.reminder: unknown key "
                   "reminder (did you mean reminders?)"}));
}

TEST_F(ConfigFiles, ChineseMessagesAreTheDefault) {
  replace("units.yaml", "parent: longtan", "parent: nowhere");
  auto errs = errors();
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].message.zh, "上级单位不存在:nowhere");
}

TEST(ShippedConfig, TheDemoAndTheTemplateBothValidate) {
  auto cfg = load_config(duban::testing::source_dir() / "config" / "duban.yaml");
  int townships = 0, key = 0, villages = 0;
  for (const auto& u : cfg.units) {
    townships += u.kind == UnitKind::township;
    key += u.kind == UnitKind::township && u.key;
    villages += u.kind == UnitKind::village;
  }
  EXPECT_EQ(townships, 11);
  EXPECT_EQ(key, 6);
  EXPECT_EQ(villages, 28);
  Diagnostics d;
  // the template for a real county
  auto units = duban::config::load_units(duban::testing::source_dir() / "config" / "units.yaml",
                                         "units.yaml", d);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(units.size(), 2u);
}

}  // namespace
}  // namespace duban::config

namespace duban::config {
namespace {

TEST_F(ConfigFiles, APostgresqlDatabaseNeedsAUrlWithoutAPassword) {
  write_file(dir_ / "duban.yaml", std::string(kDuban) + "database:\n  backend: postgresql\n");
  EXPECT_EQ(lines(), (Lines{"duban.yaml:9:3: database.url: missing required field url"}));
  write_file(dir_ / "duban.yaml",
             std::string(kDuban) +
                 "database:\n  backend: postgresql\n  url: postgresql://duban:s3cret@db/duban\n");
  EXPECT_EQ(lines(), (Lines{"duban.yaml:10:8: database.url: the url must not hold a password: put "
                            "it in the environment variable that password_env names"}));
  write_file(dir_ / "duban.yaml",
             std::string(kDuban) + "database:\n  backend: postgresql\n  url: mysql://db/duban\n");
  EXPECT_EQ(lines(), (Lines{"duban.yaml:10:8: database.url: must be a URI such as "
                            "postgresql://user@host:port/db: mysql://db/duban"}));
  write_file(dir_ / "duban.yaml",
             std::string(kDuban) +
                 "database:\n  backend: postgresql\n  url: postgresql://duban@db1,db2/duban"
                 "?target_session_attrs=read-write\n  password_env: PGPASS_DUBAN\n");
  EXPECT_EQ(lines(), Lines{});
}

}  // namespace
}  // namespace duban::config
