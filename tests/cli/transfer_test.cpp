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
  /// A configuration like the shipped one whose SQLite file is `folder`/duban.db; of county
  /// `code` (邻县) when one is given.
  std::filesystem::path config_in(const std::string& folder, const std::string& code = "") {
    auto src = source_dir() / "config";
    auto text = read_file(src / "duban.yaml");
    if (!code.empty()) {
      text.replace(text.find("county: 示范县"), std::string("county: 示范县").size(),
                   "county: 邻县\ncounty_code: " + code);
    }
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

// A county of its own SQLite file joins the others on PostgreSQL (its item numbers and chain as
// they were), works on there, and leaves again for a file of its own. On the SQLite run: the
// county leaves for a file of its own, and an SQLite file holding a county refuses a second.
TEST_F(TransferCli, ACountyJoinsASharedDatabaseAndLeavesItOnItsOwn) {
  auto neighbour = config_in("neighbour", "520102");
  ASSERT_EQ(on(neighbour, "", "init").exit_code, 0);
  auto demo = (source_dir() / "config" / "demo" / "items.csv").string();
  ASSERT_EQ(on(neighbour, "", "import '" + demo + "'").exit_code, 0);
  const auto theirs = on(neighbour, "", "item list --json").out;
  const std::string shared = database_.postgresql() ? database_.url() : "sqlite:" + db_path();
  const auto ours = duban("item list --json").out;

  auto joined =
      duban("transfer --county 520102 --from sqlite:neighbour/duban.db --to '" + shared + "'");
  if (!database_.postgresql()) {
    EXPECT_EQ(joined.exit_code, 1) << joined.out;
    EXPECT_NE(joined.out.find("an SQLite database holds one county (this one is default's)"),
              std::string::npos)
        << joined.out;
  } else {
    ASSERT_EQ(joined.exit_code, 0) << joined.out;
    EXPECT_NE(joined.out.find("counties: 520102"), std::string::npos) << joined.out;
    // The same configuration, on the shared database: the same items, its chain verifies.
    auto there = [&](const std::string& args) {
      return on(neighbour, "DUBAN_DATABASE_URL='" + database_.url() + "'", args);
    };
    EXPECT_EQ(there("item list --json").out, theirs);
    EXPECT_EQ(there("audit verify").exit_code, 0) << there("audit verify").out;
    EXPECT_EQ(duban("item list --json").out, ours) << "the county already there is as it was";
    EXPECT_EQ(duban("audit verify").exit_code, 0);
    auto added = there("item add --title 新发现的问题 --unit longtan --json");
    ASSERT_EQ(added.exit_code, 0) << added.out;
    EXPECT_EQ(nlohmann::json::parse(added.out)["id"], 14) << "its own numbering goes on";
    auto again =
        duban("transfer --county 520102 --from sqlite:neighbour/duban.db --to '" + shared + "'");
    EXPECT_EQ(again.exit_code, 1) << again.out;
    EXPECT_NE(again.out.find("already holds county 520102's data"), std::string::npos) << again.out;
    // A county's file made before codes: its county is `default` there, named on the way in.
    auto old = config_in("old");
    ASSERT_EQ(on(old, "", "init").exit_code, 0);
    ASSERT_EQ(on(old, "", "import '" + demo + "'").exit_code, 0);
    auto clash =
        duban("transfer --county default --from sqlite:old/duban.db --to '" + shared + "'");
    EXPECT_EQ(clash.exit_code, 1) << "the shared database's own default county is there";
    auto named = duban("transfer --county default --as 520103 --from sqlite:old/duban.db --to '" +
                       shared + "'");
    ASSERT_EQ(named.exit_code, 0) << named.out;
    EXPECT_NE(named.out.find("counties: 520103"), std::string::npos) << named.out;
    auto third = config_in("third_county", "520103");
    auto in_shared = [&](const std::string& args) {
      return on(third, "DUBAN_DATABASE_URL='" + database_.url() + "'", args);
    };
    EXPECT_EQ(in_shared("item list --json").out, on(old, "", "item list --json").out);
    EXPECT_EQ(in_shared("audit verify").exit_code, 0);
  }

  // Leaving: this database's county 'default' into a file of its own, alone, its chain verifying.
  auto alone = config_in("alone");
  auto left = duban("transfer --county default --from '" + shared + "' --to sqlite:alone/duban.db");
  ASSERT_EQ(left.exit_code, 0) << left.out;
  EXPECT_NE(left.out.find("the chain verifies"), std::string::npos) << left.out;
  EXPECT_EQ(on(alone, "", "item list --json").out, ours);
  EXPECT_EQ(on(alone, "", "audit verify").exit_code, 0);
  EXPECT_EQ(run_command("sqlite3 '" + (dir_ / "alone" / "duban.db").string() +
                        "' 'SELECT code FROM counties'")
                .out,
            "default\n");

  auto missing = duban("transfer --county 999999 --from '" + shared + "' --to sqlite:none.db");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("holds no county 999999"), std::string::npos) << missing.out;
  auto lone = duban("transfer --as 520109 --from '" + shared + "' --to sqlite:none.db");
  EXPECT_EQ(lone.exit_code, 1);
  EXPECT_NE(lone.out.find("--as goes with --county"), std::string::npos) << lone.out;
}

}  // namespace
}  // namespace duban::testing
