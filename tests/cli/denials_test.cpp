// The security log: refused actions are recorded — who, what, on what, when, why — in
// an append-only table, and the data they were refused on is left as it was.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class DenialsCli : public DubanCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(duban("init").exit_code, 0);
    ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
    ASSERT_EQ(duban("item assign 1 --owner 赵 --due 2020-06-30 --measures 核查").exit_code, 0);
  }
};

TEST_F(DenialsCli, AnotherTownshipRectifyingAndAMemberClosingAreRecordedAndChangeNothing) {
  auto before = data_snapshot();
  expect_refused("item rectify 1 --result 代为整改", "permission_denied", "xinmin");
  now_ = "2020-06-02T10:30";
  expect_refused("item close 1", "permission_denied", "longtan");
  expect_refused("item verify 1", "invalid_transition", "inspector");
  expect_refused("item add --title x --unit longtan", "unknown_actor", "nobody");
  EXPECT_EQ(data_snapshot(), before) << "the refused changes wrote nothing but the log";
  EXPECT_EQ(duban("audit verify").exit_code, 0);

  auto listed = json("audit denials");
  ASSERT_EQ(listed.size(), 4u) << listed.dump(2);
  EXPECT_EQ(listed[0]["actor"], "xinmin");
  EXPECT_EQ(listed[0]["action"], "item rectify");
  EXPECT_EQ(listed[0]["subject"], "item:1");
  EXPECT_EQ(listed[0]["code"], "permission_denied");
  EXPECT_EQ(listed[0]["at"], "2020-06-01T01:00:00Z");
  EXPECT_NE(listed[0]["reason"].get<std::string>().find("may not rectify"), std::string::npos);
  EXPECT_EQ(listed[1]["actor"], "longtan");
  EXPECT_EQ(listed[1]["action"], "item close");
  EXPECT_EQ(listed[1]["at"], "2020-06-02T02:30:00Z");
  EXPECT_EQ(listed[2]["code"], "invalid_transition");
  EXPECT_EQ(listed[3]["actor"], "nobody");
  EXPECT_EQ(listed[3]["code"], "unknown_actor");

  auto text = duban("audit denials --since 2020-06-02");
  EXPECT_EQ(text.exit_code, 0) << text.out;
  EXPECT_EQ(text.out.find("xinmin"), std::string::npos) << "before the day asked for";
  EXPECT_NE(text.out.find("2020-06-02 10:30:00 +08:00  longtan  item close item:1  "
                          "[permission_denied]"),
            std::string::npos)
      << text.out;
}

TEST_F(DenialsCli, TheLogIsAppendOnly) {
  expect_refused("item close 1", "permission_denied", "longtan");
  auto update = database_.shell("UPDATE denials SET actor = 'x'");
  EXPECT_NE(update.exit_code, 0);
  EXPECT_NE(update.out.find("the security log is append-only"), std::string::npos) << update.out;
  EXPECT_NE(database_.shell("DELETE FROM denials").exit_code, 0);
  EXPECT_EQ(denial_count(), "1\n");
}

TEST_F(DenialsCli, ADryRunChecksAFileWithoutRecordingItsErrorsButNotWhoMayNotImport) {
  write_file(dir_ / "bad.csv", "问题,责任单位\n,龙潭镇\n");
  EXPECT_EQ(duban("import bad.csv --dry-run").exit_code, 1);
  EXPECT_EQ(denial_count(), "0\n");
  EXPECT_EQ(duban("import bad.csv --dry-run", "longtan").exit_code, 1);
  EXPECT_EQ(duban("import bad.csv").exit_code, 1);
  auto listed = json("audit denials");
  ASSERT_EQ(listed.size(), 2u) << listed.dump(2);
  EXPECT_EQ(listed[0]["action"], "import --dry-run");
  EXPECT_EQ(listed[0]["code"], "permission_denied");
  EXPECT_EQ(listed[1]["action"], "import");
  EXPECT_EQ(listed[1]["subject"], "bad.csv");
  EXPECT_EQ(listed[1]["code"], "import_invalid");
}

}  // namespace
}  // namespace duban::testing
