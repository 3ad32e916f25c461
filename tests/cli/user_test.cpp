// duban user passwd|token|tokens|revoke: the password from standard input, the token shown once
// and never stored, the journal without secrets.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class UserCommands : public DubanCli {
 protected:
  void SetUp() override { ASSERT_EQ(duban("init").exit_code, 0); }
};

TEST_F(UserCommands, PasswordsComeFromStandardInputAndTokensAreShownOnce) {
  write_file(dir_ / "pw.txt", "龙潭镇扶贫专干2020\n");
  auto r = duban("user passwd longtan < pw.txt", "longtan");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  write_file(dir_ / "short.txt", "1234\n");
  auto refused = duban("user passwd longtan < short.txt", "longtan");
  EXPECT_NE(refused.out.find("[invalid_argument]"), std::string::npos) << refused.out;
  expect_refused("user passwd xinmin < pw.txt", "permission_denied", "longtan");

  auto issued = json("user token longtan --days 7 --label 数据同步", "longtan");
  auto token = issued["token"].get<std::string>();
  EXPECT_EQ(token.rfind("dbn_", 0), 0u);
  EXPECT_EQ(issued["label"], "数据同步");
  auto listed = json("user tokens", "longtan");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(listed[0].contains("token"));
  expect_refused("user revoke 1", "permission_denied", "xinmin");
  ASSERT_EQ(duban("user revoke 1", "longtan").exit_code, 0);
  EXPECT_FALSE(json("user tokens --user longtan")[0]["revoked_at"].get<std::string>().empty());

  auto dump = database_.dump();
  EXPECT_EQ(dump.out.find(token), std::string::npos) << "the token itself is never stored";
  EXPECT_EQ(dump.out.find("龙潭镇扶贫专干2020"), std::string::npos) << "nor the password";
  EXPECT_NE(dump.out.find("$argon2id$"), std::string::npos);
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  sqlite("UPDATE tokens SET revoked_at = '' WHERE id = 1");  // un-revoked behind duban's back
  auto audit = duban("audit verify");
  EXPECT_NE(audit.out.find("token:1: revoked_at is “” in its row"), std::string::npos) << audit.out;
}

TEST_F(UserCommands, UsersMadeBesideTheConfigurationCanBeDisabledAndEnabled) {
  auto made = duban("user add xinmin.wang 王某新 新民乡 --role 扶贫专干", "sysadmin");
  ASSERT_EQ(made.exit_code, 0) << made.out;
  EXPECT_NE(made.out.find("xinmin.wang (xinmin, member)"), std::string::npos) << made.out;
  expect_refused("user add x1 某 xinmin", "permission_denied", "longtan");
  expect_refused("user add xinmin.wang 某 xinmin", "conflict", "sysadmin");
  expect_refused("user add x2 某 xinmin --access root", "invalid_argument", "sysadmin");
  EXPECT_EQ(duban("item list", "xinmin.wang").exit_code, 0) << "it may act";
  expect_refused("user disable xinmin.wang", "invalid_argument", "sysadmin");
  ASSERT_EQ(duban("user disable xinmin.wang --reason 调离", "sysadmin").exit_code, 0);
  expect_refused("item list", "unknown_actor", "xinmin.wang");
  ASSERT_EQ(duban("user enable xinmin.wang", "office").exit_code, 0);
  EXPECT_EQ(duban("item list", "xinmin.wang").exit_code, 0);
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  sqlite("UPDATE users SET disabled_at = '' WHERE id = 'shimen'");  // nothing to notice
  sqlite("UPDATE users SET disabled_at = '2020-01-01T00:00:00Z' WHERE id = 'xinmin.wang'");
  auto audit = duban("audit verify");
  EXPECT_NE(audit.exit_code, 0) << "disabled behind duban's back: " << audit.out;
}

}  // namespace
}  // namespace duban::testing
