// The error contract through the real binary: no input, file or database state aborts duban.
#include <regex>

#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class ErrorsCli : public DubanCli {
 protected:
  void SetUp() override { ASSERT_EQ(duban("init").exit_code, 0); }
};

TEST_F(ErrorsCli, ExportToAnExistingFolderOrTheDatabaseIsAnIoError) {
  std::filesystem::create_directory(dir_ / "out");
  auto folder = duban("export --output out");
  EXPECT_EQ(folder.exit_code, 1) << folder.out;
  EXPECT_NE(folder.out.find("[io_error]: cannot write out: it is a folder"), std::string::npos)
      << folder.out;
  if (!on_postgresql()) {  // the database as a file
    auto db = duban("export --output var/duban.db");
    EXPECT_EQ(db.exit_code, 1) << db.out;
    EXPECT_NE(db.out.find("it is the database"), std::string::npos) << db.out;
  }
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  // A link planted where the old export wrote its temporary file is not followed.
  std::filesystem::create_symlink(dir_ / "victim", dir_ / "list.csv.part");
  ASSERT_EQ(duban("export --output list.csv").exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "victim"));
}

TEST_F(ErrorsCli, ACorruptDatabaseFileIsAStorageError) {
  DUBAN_SQLITE_ONLY("a database file");
  write_file(dir_ / "var" / "duban.db", std::string(8192, 'x'));
  std::filesystem::remove(dir_ / "var" / "duban.db-wal");
  std::filesystem::remove(dir_ / "var" / "duban.db-shm");
  auto r = duban("item list");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[storage_error]"), std::string::npos) << r.out;
  auto j = duban("item list --json");
  EXPECT_EQ(j.exit_code, 1);
  EXPECT_NE(j.out.find("\"code\": \"storage_error\""), std::string::npos) << j.out;
}

TEST_F(ErrorsCli, AReadOnlyDatabaseFileRefusesWritesAsAStorageErrorAndStillReads) {
  DUBAN_SQLITE_ONLY("a database file");
  ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
  // Root ignores file modes; an immutable file is read-only even for root.
  auto db = dir_ / "var" / "duban.db";
  if (run_command("chattr +i '" + db.string() + "'").exit_code != 0) {
    GTEST_SKIP() << "chattr +i is not permitted here";
  }
  struct Mutable {
    std::filesystem::path file;
    ~Mutable() { run_command("chattr -i '" + file.string() + "'"); }
  } restore{db};
  auto write = duban("item add --title 另一个问题 --unit longtan");
  EXPECT_EQ(write.exit_code, 1) << write.out;
  EXPECT_NE(write.out.find("[storage_error]"), std::string::npos) << write.out;
  EXPECT_NE(write.out.find("readonly database"), std::string::npos) << write.out;
  auto read = duban("item list");
  EXPECT_EQ(read.exit_code, 0) << read.out;
  EXPECT_NE(read.out.find("问题"), std::string::npos) << read.out;
}

TEST_F(ErrorsCli, ARowWithAnUnknownStateNamesItsTableAndId) {
  ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
  sqlite("UPDATE items SET state = 'finished' WHERE id = 1");
  auto r = duban("item show 1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[storage_error]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("table items, row 1: unknown state 'finished'"), std::string::npos) << r.out;
  EXPECT_EQ(duban("item list").exit_code, 1);
}

TEST_F(ErrorsCli, AFileThatCannotBeOpenedIsAnIoError) {
  auto r = duban("import nowhere.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("[io_error]: cannot open file: nowhere.csv"), std::string::npos) << r.out;
}

TEST_F(ErrorsCli, APinnedClockNeedsTheConfigurationSwitchAndIsMarkedInTheJournal) {
  auto text = read_file(config_);
  auto at = text.find("clock:");
  ASSERT_NE(at, std::string::npos);
  write_file(dir_ / "conf" / "duban.yaml",
             std::regex_replace(text.substr(0, at), std::regex("units: demo/"),
                                "units: " + (source_dir() / "config" / "demo").string() + "/"));
  std::filesystem::create_directory_symlink(source_dir() / "workflows", dir_ / "workflows");
  auto saved = config_;
  config_ = dir_ / "conf" / "duban.yaml";
  auto refused = duban("item add --title 回溯 --unit longtan");
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.out.find("DUBAN_NOW is not allowed by the configuration"), std::string::npos)
      << refused.out;
  now_.clear();
  ASSERT_EQ(duban("item add --title 现在 --unit longtan").exit_code, 0);
  config_ = saved;
  // Later than the real clock's entry: the journal refuses time running backwards.
  now_ = "2099-06-01T09:00";
  ASSERT_EQ(duban("item add --title 演示 --unit longtan").exit_code, 0);
  EXPECT_EQ(sqlite("SELECT event || ':' || pinned_clock FROM journal WHERE subject LIKE 'item:%'"),
            "create:0\ncreate:1\n");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(ErrorsCli, TheJournalRefusesTimeRunningBackwardsAndDatesOutsideThePlausibleYears) {
  ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
  auto before = data_snapshot();
  now_ = "2020-05-31T23:59";
  auto back = duban("item add --title 回溯 --unit longtan");
  EXPECT_EQ(back.exit_code, 1) << back.out;
  EXPECT_NE(back.out.find("[clock_behind]: the clock (2020-05-31T15:59:00Z) is before the "
                          "journal's last entry (2020-06-01T01:00:00Z)"),
            std::string::npos)
      << back.out;
  now_ = "2001-01-01T09:00";
  EXPECT_EQ(duban("item assign 1 --owner 赵 --due 2020-06-30 --measures 核查").exit_code, 1);
  EXPECT_EQ(data_snapshot(), before) << "nothing written";
  now_ = "2020-06-01T09:00";
  for (const auto& [args, message] : std::vector<std::pair<std::string, std::string>>{
           {"item assign 1 --owner 赵 --due 0000-01-01 --measures 核查",
            "due 0000-01-01 is outside the years 2000–2100"},
           {"item assign 1 --owner 赵 --due 2200-06-30 --measures 核查",
            "due 2200-06-30 is outside the years 2000–2100"},
           {"round start 1999-H1", "the round 1999-H1 is outside the years 2000–2100"},
           {"round start 2020-H1 --observation-date 1999-12-31",
            "the observation date 1999-12-31 is outside the years 2000–2100"},
           {"item list --due-before 3000-01-01", "due before 3000-01-01 is outside"}}) {
    auto r = duban(args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("[invalid_argument]: " + message), std::string::npos) << args << "\n"
                                                                               << r.out;
  }
  now_ = "1999-12-31T09:00";
  auto pinned = duban("item list");
  EXPECT_EQ(pinned.exit_code, 1) << pinned.out;
  EXPECT_NE(pinned.out.find("DUBAN_NOW 1999-12-31 is outside the years 2000–2100"),
            std::string::npos)
      << pinned.out;
  EXPECT_EQ(data_snapshot(), before) << "nothing written";
  now_ = "2020-06-01T09:00";
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(ErrorsCli, ReadersNeverWaitForAWriterNorFailWithDatabaseIsLocked) {
  // A long import holds the write lock; readers run beside it and all succeed.
  std::string csv = "问题,责任单位,责任人,整改措施,整改时限\n";
  for (int i = 0; i < 60000; ++i)
    csv += "问题" + std::to_string(i) + ",longtan,赵,核查,2020-06-30\n";
  write_file(dir_ / "big.csv", csv);
  ChildProcess writer("cd '" + dir_.path().string() +
                      "' && DUBAN_LANG=en DUBAN_NOW=2020-06-01T09:00 DUBAN_USER=office " +
                      database_.env() + "exec " + duban_binary() + " import big.csv --config '" +
                      config_.string() + "'");
  ASSERT_FALSE(writer.wait_for_line("imported 10000/60000", 60000).empty()) << writer.output();
  int reads = 0;
  for (int i = 0; i < 3; ++i) {
    // Had the reader waited for the writer, it would see 60,000 items; it reads the snapshot of
    // before the import, at once.
    auto r = duban("item list --due-before 2020-12-31 --json");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out, "[]\n");
    reads += r.exit_code == 0;
  }
  // A bound, not a measure: on a loaded CI machine the PostgreSQL run may need over a minute.
  auto done = writer.wait_for_line("imported 60000 items", 240000);
  EXPECT_FALSE(done.empty()) << writer.output();
  EXPECT_EQ(reads, 3);
  EXPECT_EQ(sqlite("SELECT COUNT(*) FROM items"), "60000\n");
}

}  // namespace
}  // namespace duban::testing
