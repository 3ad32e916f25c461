// What a user may see on the command line: with --as, a unit's member lists and shows only its
// own unit's items and its sub-units'; the read-only roles change nothing.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class VisibilityCli : public DubanCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(duban("init").exit_code, 0);
    for (const auto* unit : {"longtan", "longtan-shuikou", "xinmin"}) {
      ASSERT_EQ(duban(std::string("item add --title 问题 --unit ") + unit).exit_code, 0);
    }
  }
};

TEST_F(VisibilityCli, AMemberSeesItsUnitAndSubUnitsOnly) {
  EXPECT_EQ(json("item list", "longtan").size(), 2u);
  EXPECT_EQ(json("item list", "office").size(), 3u);
  EXPECT_EQ(json("item list", "viewer").size(), 3u);
  EXPECT_EQ(json("item list --unit xinmin", "longtan").size(), 0u);
  EXPECT_EQ(json("item show 2", "longtan")["unit"], "longtan-shuikou");
  expect_refused("item show 3", "permission_denied", "longtan");
  expect_refused("item journal 3", "permission_denied", "longtan");
  EXPECT_EQ(json("item list", "").size(), 3u) << "the operator without --as sees all";
}

TEST_F(VisibilityCli, ReadOnlyRolesChangeNothing) {
  expect_refused("item add --title x --unit xinxi", "permission_denied", "viewer");
  expect_refused("item assign 1 --owner 某 --due 2020-06-30 --measures 核查", "permission_denied",
                 "sysadmin");
  expect_refused("round start 2020-H1", "permission_denied", "viewer");
  write_file(dir_.path() / "pw.txt", "a-long-password\n");
  EXPECT_EQ(duban("user passwd longtan < pw.txt", "sysadmin").exit_code, 0)
      << "an administrator sets anyone's password";
  EXPECT_EQ(duban("user token longtan --days 7", "sysadmin").exit_code, 0);
}

}  // namespace
}  // namespace duban::testing
