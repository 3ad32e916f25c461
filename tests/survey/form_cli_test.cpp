// A round's forms through the real `duban` command: `survey forms --fix` fixes each plan form's
// version once (journaled; audit verify checks it); a workbook changed later does not change
// the round's version; a plan form with errors fixes nothing.
#include "support/cli_fixture.hpp"
#include "survey/xlsform_writer.hpp"

namespace duban::testing {
namespace {

namespace fs = std::filesystem;

class FormsCli : public DubanCli {
 protected:
  void SetUp() override {
    // The demo configuration in conf/, with a plan of its own naming copies of the shipped forms.
    use_config_copy("survey:\n  plan: plan.yaml\n");
    fs::create_directories(dir_ / "conf" / "forms");
    for (const char* f : {"village-exit-check.xlsx", "village-interview.xlsx"})
      fs::copy_file(source_dir() / "config" / "forms" / f, dir_ / "conf" / "forms" / f);
    write_file(dir_ / "conf" / "plan.yaml",
               "forms:\n  - forms/village-exit-check.xlsx\n  - forms/village-interview.xlsx\n");
    ASSERT_EQ(duban("init").exit_code, 0);
    ASSERT_EQ(duban("round start 2026-H1").exit_code, 0);
  }
  // A different village_interview, version 2020.1 still (a county edited it in place).
  void edit_interview(const std::string& label) {
    write_xlsform(dir_ / "conf" / "forms" / "village-interview.xlsx",
                  {{"type", "name", "label"}, {"text", "overview", label}}, {},
                  {{"form_id", "version", "subject"}, {"village_interview", "2020.1", "village"}});
  }
};

TEST_F(FormsCli, AFixedVersionStaysWhenTheWorkbookChanges) {
  auto before = json("survey forms --round 2026-H1");
  ASSERT_EQ(before["forms"].size(), 2u);
  EXPECT_FALSE(before["forms"][0].contains("fixed"));
  auto fixed = json("survey forms --round 2026-H1 --fix");
  EXPECT_EQ(fixed["fixed_now"].size(), 2u);
  const std::string digest = fixed["forms"][1]["fixed"]["digest"];
  EXPECT_EQ(digest, fixed["forms"][1]["digest"]);

  edit_interview("全村基本情况(改过的问题)");
  auto after = json("survey forms --round 2026-H1");
  EXPECT_EQ(after["forms"][1]["fixed"]["digest"], digest) << "the round keeps what it fixed";
  EXPECT_NE(after["forms"][1]["digest"], digest);
  EXPECT_TRUE(after["forms"][1]["changed_since_fixed"]);
  auto shown = duban("survey forms --round 2026-H1");
  EXPECT_NE(shown.out.find("the workbook changed: this round keeps the fixed version 2020.1"),
            std::string::npos)
      << shown.out;
  auto again = json("survey forms --round 2026-H1 --fix");
  EXPECT_EQ(again["fixed_now"].size(), 0u);
  EXPECT_EQ(again["forms"][1]["fixed"]["digest"], digest);
  EXPECT_NE(sqlite("SELECT COUNT(*) FROM survey_forms").find("2"), std::string::npos);
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  // Only the office fixes; evaluators see.
  expect_refused("survey forms --round 2026-H1 --fix", "permission_denied", "evaluator");
  EXPECT_EQ(duban("survey forms --round 2026-H1", "evaluator").exit_code, 0);
  // A kept definition changed in the database alone no longer matches its fixed digest.
  sqlite("UPDATE survey_forms SET definition = replace(definition, '全村', '全乡')");
  auto audit = duban("audit verify");
  EXPECT_NE(audit.exit_code, 0) << audit.out;
  EXPECT_NE(audit.out.find("form:2026-H1/village_interview"), std::string::npos) << audit.out;
}

TEST_F(FormsCli, APlanFormWithErrorsFixesNothing) {
  write_xlsform(dir_ / "conf" / "forms" / "village-interview.xlsx",
                {{"type", "name", "label", "relevant"},
                 {"text", "a", "甲"},
                 {"text", "b", "乙", "${gone} = 1"}},
                {}, {{"form_id", "version", "subject"}, {"village_interview", "2", "village"}});
  auto snapshot = data_snapshot();
  auto r = duban("survey forms --round 2026-H1 --fix");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[import_invalid]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("village-interview.xlsx:survey:3 relevant: refers to ${gone}"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(data_snapshot(), snapshot);
}

}  // namespace
}  // namespace duban::testing
