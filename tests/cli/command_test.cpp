// The command line itself: help, usage errors, check-config and errors for scripts.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class CommandCli : public DubanCli {};

TEST_F(CommandCli, HelpEverywhere) {
  auto all = duban("--help");
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_NE(all.out.find("item reject ID"), std::string::npos) << all.out;
  auto group = duban("item --help");
  EXPECT_EQ(group.exit_code, 0);
  EXPECT_NE(group.out.find("item journal ID"), std::string::npos);
  EXPECT_EQ(group.out.find("round start"), std::string::npos) << "only the item commands";
  auto one = duban("item list --help");
  EXPECT_EQ(one.exit_code, 0);
  EXPECT_NE(one.out.find("--due-before YYYY-MM-DD"), std::string::npos) << one.out;
  auto zh = run_command(duban_binary() + " item assign --help");
  EXPECT_NE(zh.out.find("用法:duban item assign ID"), std::string::npos) << zh.out;
}

TEST_F(CommandCli, UsageErrorsExitWithTwo) {
  auto unknown = duban("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("unknown command: frobnicate"), std::string::npos);
  auto option = duban("item list --colour red");
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.out.find("unknown option --colour"), std::string::npos);
  auto args = duban("item show");
  EXPECT_EQ(args.exit_code, 2);
  EXPECT_NE(args.out.find("wrong number of arguments"), std::string::npos);
}

TEST_F(CommandCli, GlobalOptionsBeforeOrAfterTheCommandInEitherForm) {
  ASSERT_EQ(duban("init").exit_code, 0);
  ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
  auto cfg = " --config '" + config_.string() + "' ";
  auto run = [&](const std::string& args) {
    return run_command("cd '" + dir_.path().string() + "' && DUBAN_NOW=2020-06-01T09:00 " +
                       database_.env() + duban_binary() + " " + args);
  };
  for (auto args :
       {"--as office --lang en item show 1" + cfg, "--as=office --lang=en" + cfg + "item show 1",
        "item show 1 --as office --lang en" + cfg, "item show 1 --as=office" + cfg + "--lang=en"}) {
    auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("problem"), std::string::npos) << args << "\n" << r.out;
  }
  auto json = run("--json --config=" + config_.string() + " item show 1");
  EXPECT_EQ(nlohmann::json::parse(json.out)["id"], 1) << json.out;
  // `--` ends the options: what follows is an argument even if it looks like one.
  auto dashed = run("--lang en --as office" + cfg + "item add --unit longtan --title -- --weird");
  EXPECT_EQ(dashed.exit_code, 2) << dashed.out;  // --title needs its value before --
  auto title = run("--lang en --as office" + cfg + "item add --unit longtan --title=--weird");
  EXPECT_EQ(title.exit_code, 0) << title.out;
  auto unknown = run("--lang en --as office frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("unknown command: frobnicate"), std::string::npos) << unknown.out;
  auto bad = run("--lang en --colour red item list");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("unknown global option --colour"), std::string::npos) << bad.out;
}

TEST_F(CommandCli, RequiredOptionsAndValuesComeFromTheCommandTable) {
  // The table that prints the help is the one the parser checks.
  auto help = duban("item add --help");
  EXPECT_NE(help.out.find("usage: duban item add --title TEXT --unit UNIT [options]"),
            std::string::npos)
      << help.out;
  EXPECT_NE(help.out.find("--title TEXT"), std::string::npos);
  EXPECT_NE(help.out.find("the problem (required)"), std::string::npos) << help.out;
  auto missing = duban("item add --unit longtan");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("missing required option --title"), std::string::npos) << missing.out;
  auto no_value = duban("item list --state");
  EXPECT_EQ(no_value.exit_code, 2);
  EXPECT_NE(no_value.out.find("option --state needs a value"), std::string::npos) << no_value.out;
  auto after_globals = duban("--as office item list --state");
  EXPECT_NE(after_globals.out.find("usage: duban item list"), std::string::npos)
      << after_globals.out;
  auto global = duban("item list --as");
  EXPECT_EQ(global.exit_code, 2);
  EXPECT_NE(global.out.find("option --as needs a value"), std::string::npos) << global.out;
  auto unknown_with_help = duban("item frobnicate --help");
  EXPECT_EQ(unknown_with_help.exit_code, 2);
  EXPECT_NE(unknown_with_help.out.find("unknown command: frobnicate"), std::string::npos);
  auto short_help = duban("item show -h");
  EXPECT_EQ(short_help.exit_code, 0);
  EXPECT_NE(short_help.out.find("usage: duban item show ID"), std::string::npos);
  auto in_group = duban("item --colour");
  EXPECT_EQ(in_group.exit_code, 2);
  EXPECT_NE(in_group.out.find("unknown option --colour"), std::string::npos) << in_group.out;
  EXPECT_NE(in_group.out.find("item journal ID"), std::string::npos) << "the group's commands";
}

TEST_F(CommandCli, CheckConfigListsEveryErrorAndCreatesNoDatabase) {
  write_file(dir_ / "bad.yaml", "county: 测试县\nfoo: 1\nunits: nowhere.yaml\nworkflows: .\n");
  config_ = dir_ / "bad.yaml";
  auto r = duban("check-config");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("bad.yaml:2:1: foo: unknown key foo"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.yaml:3:8: units: units file does not exist"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("/evaluation-procedure.yaml: cannot read file"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "var"));
  config_ = source_dir() / "config" / "duban.yaml";
  EXPECT_EQ(duban("check-config").exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "var")) << "check-config opens no database";
}

TEST_F(CommandCli, ErrorsAreProblemDetailsWithJson) {
  ASSERT_EQ(duban("init").exit_code, 0);
  auto r = duban("item show 99 --json");
  EXPECT_EQ(r.exit_code, 1);
  auto problem = nlohmann::json::parse(r.out);
  EXPECT_EQ(problem["code"], "not_found");
  EXPECT_EQ(problem["status"], 404);
  EXPECT_EQ(problem["detail"], "no such item: 99");
}

TEST_F(CommandCli, TheActorMustBeAKnownUser) {
  ASSERT_EQ(duban("init").exit_code, 0);
  auto none = duban("round start 2020-H1", "");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.out.find("[unknown_actor]: name the acting user with --as USER"),
            std::string::npos);
  EXPECT_EQ(duban("round start 2020-H1 --as leader", "").exit_code, 0);
  EXPECT_EQ(sqlite("SELECT actor FROM journal"), "leader\n");
}

TEST_F(CommandCli, UnitsOfTheDemoCounty) {
  ASSERT_EQ(duban("init").exit_code, 0);
  auto townships = json("unit list --kind township");
  ASSERT_EQ(townships.size(), 11u);
  int key = 0;
  for (const auto& t : townships) key += t["key"].get<bool>();
  EXPECT_EQ(key, 6);
  EXPECT_EQ(json("unit list --kind village").size(), 28u);
  auto longtan = json("unit show 龙潭镇");
  EXPECT_EQ(longtan["id"], "longtan");
  EXPECT_EQ(longtan["users"][0]["id"], "longtan");
  expect_refused("unit list --kind town", "invalid_argument");
  expect_refused("unit show 龙潭", "not_found");
}

}  // namespace
}  // namespace duban::testing
