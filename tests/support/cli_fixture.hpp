#pragma once
// Drives the real `duban` binary against a real database in a fresh folder (a SQLite file, or a
// PostgreSQL database: support/test_database.hpp).
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "support/demo_scores.hpp"
#include "support/test_database.hpp"
#include "support/test_support.hpp"

namespace duban::testing {

class DubanCli : public ::testing::Test {
 protected:
  /// Runs `duban ARGS --config <source>/config/duban.yaml` in the temp folder as `actor`.
  CommandResult duban(const std::string& args, const std::string& actor = "office") {
    std::string env = database_.env() + "DUBAN_LANG=en ";
    if (!now_.empty()) env += "DUBAN_NOW='" + now_ + "' ";
    if (!actor.empty()) env += "DUBAN_USER=" + actor + " ";
    return run_command("cd '" + dir_.path().string() + "' && " + env + duban_binary() + " " + args +
                       " --config '" + config_.string() + "'");
  }
  /// Like duban() with --json; fails the test unless it exits 0.
  nlohmann::json json(const std::string& args, const std::string& actor = "office") {
    auto r = duban(args + " --json", actor);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out;
    auto parsed = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << r.out;
    return parsed;
  }
  /// Expects a refusal: exit 1 and the stable error code in the message.
  void expect_refused(const std::string& args, const std::string& code,
                      const std::string& actor = "office") {
    auto r = duban(args, actor);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("[" + code + "]"), std::string::npos) << args << "\n" << r.out;
  }
  /// Runs `sql` in the database's own shell (sqlite3, or psql on PostgreSQL).
  std::string sqlite(const std::string& sql) {
    auto r = database_.shell(sql);
    EXPECT_EQ(r.exit_code, 0) << sql << "\n" << r.out;
    return r.out;
  }
  /// Every table's rows but the security log's, as the sqlite3 shell dumps them: what a refusal
  /// must leave as it was (the refusal itself goes to the log).
  std::string data_snapshot() {
    auto r = database_.dump_without_denials();
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return r.out;
  }
  /// Runs a Python script with Debian's interpreter (which has python3-openpyxl: an independent
  /// reader and writer of XLSX) in the temp folder; fails the test unless it exits 0.
  void python(const std::string& script) {
    write_file(dir_ / "script.py", script);
    auto r = run_command("cd '" + dir_.path().string() + "' && /usr/bin/python3 script.py");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  /// The demo county's score sheets (support/demo_scores.hpp) imported into `round`.
  void import_demo_scores(const std::string& round) {
    write_file(dir_ / "t.csv", kTownships);
    write_file(dir_ / "d.csv", kDepartments);
    for (const char* sheet : {"t.csv", "d.csv"}) {
      ASSERT_EQ(duban(std::string("score import ") + sheet + " --round " + round).exit_code, 0);
    }
  }
  /// Steps 1–5 of `round` completed (1 and 3 by the leading group's override, as units have
  /// not submitted), step 6 (综合评定) open.
  void open_step_six(const std::string& round) {
    for (int s : {1, 2, 3})
      ASSERT_EQ(duban("step open " + round + " " + std::to_string(s)).exit_code, 0);
    for (int s : {1, 3}) {
      ASSERT_EQ(
          duban("step complete " + round + " " + std::to_string(s) + " --override 测试").exit_code,
          0);
    }
    ASSERT_EQ(duban("step complete " + round + " 2").exit_code, 0);
    for (int s : {4, 5}) {
      ASSERT_EQ(duban("step open " + round + " " + std::to_string(s)).exit_code, 0);
      ASSERT_EQ(duban("step complete " + round + " " + std::to_string(s)).exit_code, 0);
    }
    ASSERT_EQ(duban("step open " + round + " 6").exit_code, 0);
  }
  /// The demo configuration copied to conf/duban.yaml in the temp folder (its units and
  /// workflows named by absolute path), `extra` appended; config_ names it from then on. Files
  /// the configuration names relative to itself go beside it, in conf/.
  void use_config_copy(const std::string& extra) {
    auto text = read_file(config_);
    text = std::regex_replace(text, std::regex("units: demo/"),
                              "units: " + (source_dir() / "config" / "demo").string() + "/");
    text = std::regex_replace(text, std::regex("workflows: \\.\\./workflows"),
                              "workflows: " + (source_dir() / "workflows").string());
    std::filesystem::create_directories(dir_ / "conf");
    write_file(dir_ / "conf" / "duban.yaml", text + extra);
    config_ = dir_ / "conf" / "duban.yaml";
  }
  std::string denial_count() { return sqlite("SELECT COUNT(*) FROM denials"); }
  std::string db_path() const { return (dir_.path() / "var" / "duban.db").string(); }
  /// `duban serve` in the temp folder on a free loopback port, `env` before it (e.g. its clock
  /// or limits); the port it listens on (0, and a failure, if it did not start).
  int serve(const std::string& env = "") {
    server_ = std::make_unique<ChildProcess>(
        "cd '" + dir_.path().string() + "' && " + database_.env() + env + " DUBAN_LANG=en exec " +
        duban_binary() + " serve --listen 127.0.0.1:0 --config '" + config_.string() + "'");
    auto line = server_->wait_for_line("health: http://", 20000);
    std::smatch m;
    EXPECT_TRUE(std::regex_search(line, m, std::regex(":(\\d+)/healthz"))) << server_->output();
    return m.empty() ? 0 : std::stoi(m[1]);
  }

  TempDir dir_;
  TestDatabase database_{dir_.path() / "var" / "duban.db"};
  std::unique_ptr<ChildProcess> server_;
  std::filesystem::path config_ = source_dir() / "config" / "duban.yaml";
  std::string now_ = "2020-06-01T09:00";
};

}  // namespace duban::testing
