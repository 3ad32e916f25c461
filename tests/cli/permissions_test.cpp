// Who may do what, each rule pinned by a test that fails if the check is dropped, and the audit's
// checks that a one-line change to verify would silence.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class PermissionsCli : public DubanCli {
 protected:
  void SetUp() override { ASSERT_EQ(duban("init").exit_code, 0); }
  void item_to(const std::string& state) {
    ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
    ASSERT_EQ(duban("item assign 1 --owner 赵 --due 2020-06-30 --measures 核查").exit_code, 0);
    if (state == "assigned") return;
    ASSERT_EQ(duban("item rectify 1 --result 已整改", "longtan").exit_code, 0);
    ASSERT_EQ(duban("item verify 1", "inspector").exit_code, 0);
    if (state == "verified") return;
    ASSERT_EQ(duban("item close 1").exit_code, 0);
  }
};

TEST_F(PermissionsCli, AMemberMayNotCloseOrReopen) {
  item_to("verified");
  expect_refused("item close 1", "permission_denied", "longtan");
  ASSERT_EQ(duban("item close 1").exit_code, 0);
  expect_refused("item reopen 1 --reason 返贫", "permission_denied", "longtan");
}

TEST_F(PermissionsCli, TheLeadingGroupMayNotRectifyAnotherUnitsItem) {
  item_to("assigned");
  expect_refused("item rectify 1 --result 代为整改", "permission_denied", "office");
  expect_refused("item rectify 1 --result 代为整改", "permission_denied", "xinmin");
}

TEST_F(PermissionsCli, AnEvaluatorMayNotApproveTheReport) {
  ASSERT_EQ(duban("round start 2020-H1").exit_code, 0);
  expect_refused("step approve 2020-H1", "permission_denied", "evaluator");
}

TEST_F(PermissionsCli, ASubmissionOnAUnitsBehalfIsRecordedForThatUnit) {
  ASSERT_EQ(duban("round start 2020-H1").exit_code, 0);
  ASSERT_EQ(duban("step open 2020-H1 1").exit_code, 0);
  ASSERT_EQ(duban("submit 2020-H1 1 --unit longtan --note 代报").exit_code, 0);
  EXPECT_EQ(sqlite("SELECT unit_id || '|' || submitted_by FROM submissions"), "longtan|office\n");
  EXPECT_EQ(sqlite("SELECT subject FROM journal WHERE event = 'submit'"),
            "submission:2020-H1/1/longtan\n");
}

TEST_F(PermissionsCli, AuditFindsAnExtraMemberInAChangesValue) {
  ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
  // ["","问题"] becomes ["","问题","已整改"].
  sqlite(
      "UPDATE journal SET changes = replace(changes, '问题\"]', '问题\",\"已整改\"]')"
      " WHERE seq = 1");
  ASSERT_NE(sqlite("SELECT changes FROM journal WHERE seq = 1").find("已整改"), std::string::npos);
  auto r = duban("audit verify");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("#1 does not match"), std::string::npos) << r.out;
}

TEST_F(PermissionsCli, AuditFindsAMemberTheParseWouldDrop) {
  // A member the lenient parse drops ("x":["a"]) leaves the hashed form as it was: only the
  // comparison of the raw column finds it.
  ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
  sqlite(
      "UPDATE journal SET changes = substr(changes, 1, length(changes) - 1) ||"
      " ',\"x\":[\"a\"]}' WHERE seq = 1");
  ASSERT_NE(sqlite("SELECT changes FROM journal WHERE seq = 1").find("\"x\":[\"a\"]"),
            std::string::npos);
  auto r = duban("audit verify");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("#1 does not match"), std::string::npos) << r.out;
}

TEST_F(PermissionsCli, AuditComparesTheHeadsHashAfterTheLastEntryIsDeleted) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
  sqlite("DELETE FROM journal WHERE seq = 3; UPDATE journal_head SET seq = 2");
  auto r = duban("audit verify");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("removed from the end"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace duban::testing
