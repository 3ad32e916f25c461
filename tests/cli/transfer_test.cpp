// duban transfer: a county's database copied to another database (SQLite → SQLite on the sqlite
// run; PostgreSQL → SQLite → PostgreSQL on the postgresql run), its journal verified there, the
// copy working on (new ids follow the copied ones), and a second transfer into it refused.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class TransferCli : public DubanCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(duban("init").exit_code, 0);
    auto demo = (source_dir() / "config" / "demo" / "items.csv").string();
    ASSERT_EQ(duban("import '" + demo + "'").exit_code, 0);
    ASSERT_EQ(duban("item ack 1", "longtan").exit_code, 0);
    ASSERT_EQ(duban("item rectify 1 --result 已完成", "longtan").exit_code, 0);
    ASSERT_EQ(duban("round start 2020-H1").exit_code, 0);
  }
  /// A configuration like the shipped one whose SQLite file is `folder`/duban.db.
  std::filesystem::path config_in(const std::string& folder) {
    auto src = source_dir() / "config";
    auto text = read_file(src / "duban.yaml");
    text.replace(text.find("data_dir: var"), 13, "data_dir: " + folder);
    text.replace(text.find("units: demo/units.yaml"), 22,
                 "units: " + (src / "demo/units.yaml").string());
    text.replace(text.find("workflows: ../workflows"), 23,
                 "workflows: " + (source_dir() / "workflows").string() +
                     "\ncalendar: " + (src / "calendar").string());
    auto path = dir_ / (folder + ".yaml");
    write_file(path, text);
    return path;
  }
  /// `duban ARGS` on another database: `env` names it (PostgreSQL), or the configuration does.
  CommandResult on(const std::filesystem::path& config, const std::string& env,
                   const std::string& args) {
    return run_command("cd '" + dir_.path().string() + "' && " + env +
                       " DUBAN_LANG=en DUBAN_NOW='" + now_ + "' DUBAN_USER=office " +
                       duban_binary() + " " + args + " --config '" + config.string() + "'");
  }
};

TEST_F(TransferCli, ACountyMovesToAnotherDatabaseWithItsChainAndWorksOnThere) {
  const std::string source = database_.postgresql() ? database_.url() : "sqlite:" + db_path();
  auto copy_config = config_in("copy");
  auto moved = duban("transfer --from '" + source + "' --to sqlite:copy/duban.db");
  ASSERT_EQ(moved.exit_code, 0) << moved.out;
  EXPECT_NE(moved.out.find("the chain verifies"), std::string::npos) << moved.out;
  EXPECT_NE(moved.out.find("copied items"), std::string::npos) << "progress, table by table";
  auto listed = on(copy_config, "", "item list --json");
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_EQ(listed.out, duban("item list --json").out) << "the same items, the same states";
  EXPECT_EQ(on(copy_config, "", "audit verify").exit_code, 0);

  // Run twice: refused, and the copy left as it was.
  const auto dump = "cd '" + dir_.path().string() + "' && sqlite3 copy/duban.db .dump";
  auto before = run_command(dump).out;
  auto again = duban("transfer --from '" + source + "' --to sqlite:copy/duban.db");
  EXPECT_EQ(again.exit_code, 1) << again.out;
  EXPECT_NE(again.out.find("[already_exists]"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("nothing was written"), std::string::npos) << again.out;
  EXPECT_EQ(run_command(dump).out, before);

  // And on to a third database (PostgreSQL on that run): it works on, its next item after the
  // largest copied.
  TestDatabase third(dir_ / "third" / "duban.db");
  auto third_config = config_in("third");
  auto target = third.postgresql() ? third.url() : "sqlite:third/duban.db";
  auto onward = duban("transfer --from sqlite:copy/duban.db --to '" + target + "'");
  ASSERT_EQ(onward.exit_code, 0) << onward.out;
  auto added = on(third_config, third.env(), "item add --title 新发现的问题 --unit longtan --json");
  ASSERT_EQ(added.exit_code, 0) << added.out;
  EXPECT_EQ(nlohmann::json::parse(added.out)["id"], 14) << "the demo's 13 items, then the next";
  EXPECT_EQ(on(third_config, third.env(), "audit verify").exit_code, 0);
  auto refused = duban("transfer --from sqlite:copy/duban.db --to '" + target + "'");
  EXPECT_EQ(refused.exit_code, 1) << refused.out;

  auto bad = duban("transfer --from nowhere --to sqlite:x.db");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("a database is sqlite:PATH or postgresql://…: nowhere"), std::string::npos)
      << bad.out;
}

}  // namespace
}  // namespace duban::testing
