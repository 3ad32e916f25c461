// Files duban writes: never over the database, its journal files or the configuration;
// private to their owner whatever the umask; spreadsheet formulas neutralised on export.
#include <sys/stat.h>

#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

namespace fs = std::filesystem;

class SafeFilesCli : public DubanCli {
 protected:
  void SetUp() override {
    // umask 0 would make everything world-writable if duban relied on it.
    ASSERT_EQ(run_command("cd '" + dir_.path().string() + "' && umask 0 && DUBAN_USER=office " +
                          duban_binary() + " init --config '" + config_.string() + "'")
                  .exit_code,
              0);
  }
  static unsigned mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }
};

TEST_F(SafeFilesCli, TheDataFolderAndTheDatabaseAreTheOwnersAlone) {
  DUBAN_SQLITE_ONLY("the database file's mode");
  ASSERT_EQ(duban("item add --title 问题 --unit longtan").exit_code, 0);
  EXPECT_EQ(mode_of(dir_ / "var"), 0700u);
  EXPECT_EQ(mode_of(dir_ / "var" / "duban.db"), 0600u);
  if (fs::exists(dir_ / "var" / "duban.db-wal")) {
    EXPECT_EQ(mode_of(dir_ / "var" / "duban.db-wal"), 0600u);
  }
  // A database left readable by an older version is closed to others when opened.
  fs::permissions(dir_ / "var" / "duban.db", fs::perms::others_read | fs::perms::group_read,
                  fs::perm_options::add);
  ASSERT_EQ(duban("item list").exit_code, 0);
  EXPECT_EQ(mode_of(dir_ / "var" / "duban.db"), 0600u);
  ASSERT_EQ(
      run_command("cd '" + dir_.path().string() + "' && umask 0 && DUBAN_USER=office " +
                  duban_binary() + " export --output list.csv --config '" + config_.string() + "'")
          .exit_code,
      0);
  EXPECT_EQ(mode_of(dir_ / "list.csv"), 0600u);
}

TEST_F(SafeFilesCli, ExportNeverWritesOverTheDatabaseItsJournalFilesOrTheConfiguration) {
  auto db = read_file(db_path());
  auto config = read_file(config_);
  for (const auto& [target, message] : std::vector<std::pair<std::string, std::string>>{
           {"var/duban.db", "it is the database"},
           {"var/../var/duban.db", "it is the database"},
           {"var/duban.db-wal", "it is one of the database's own files"},
           {"var/duban.db-shm", "it is one of the database's own files"},
           {"var/duban.db-journal", "it is one of the database's own files"},
           {config_.string(), "it is part of the configuration"},
           {(source_dir() / "config" / "demo" / "units.yaml").string(),
            "it is part of the configuration"},
           {(source_dir() / "workflows" / "new.yaml").string(), "it is part of the configuration"},
       }) {
    auto r = duban("export --output '" + target + "'");
    EXPECT_EQ(r.exit_code, 1) << target << "\n" << r.out;
    EXPECT_NE(r.out.find("[io_error]: cannot write " + target + ": " + message), std::string::npos)
        << r.out;
  }
  EXPECT_EQ(read_file(db_path()), db);
  EXPECT_EQ(read_file(config_), config);
  EXPECT_FALSE(fs::exists(dir_ / "var" / "duban.db-journal"));
  EXPECT_FALSE(fs::exists(source_dir() / "workflows" / "new.yaml"));
}

TEST_F(SafeFilesCli, FormulaCellsAreNeutralisedOnExportAndReadBackAsTheyWere) {
  for (auto title : {"=HYPERLINK(\"http://x\",\"点击\")", "+1+1", "-帮扶不到位", "@SUM(A1)"}) {
    ASSERT_EQ(duban(std::string("item add --unit longtan --title '") + title + "'").exit_code, 0);
  }
  ASSERT_EQ(duban("export --output list.csv").exit_code, 0);
  auto csv = read_file(dir_ / "list.csv");
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\""), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'+1+1,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'-帮扶不到位,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'@SUM(A1),"), std::string::npos) << csv;
  // The list read back into a fresh database has the titles as they were typed.
  fs::remove_all(dir_ / "var");
  ASSERT_EQ(duban("init").exit_code, 0);
  ASSERT_EQ(duban("import list.csv").exit_code, 0);
  auto titles = sqlite("SELECT title FROM items ORDER BY id");
  EXPECT_EQ(titles, "=HYPERLINK(\"http://x\",\"点击\")\n+1+1\n-帮扶不到位\n@SUM(A1)\n");
}

}  // namespace
}  // namespace duban::testing
