#pragma once
// The database a test runs on. The suite runs twice (CTest labels `sqlite` and `postgresql`):
// on SQLite each test gets a fresh file in its folder; on PostgreSQL (DUBAN_TEST_POSTGRESQL_DIR
// names the throwaway cluster that tests/support/pg_cluster.sh started) a fresh database on that
// cluster, dropped when the test ends.
#include <filesystem>
#include <string>

#include "store/database.hpp"
#include "support/test_support.hpp"

namespace duban::testing {

/// Whether this run of the suite is on PostgreSQL.
bool on_postgresql();

/// Skips the test where it is about SQLite itself (its file, its pragmas, its shell), saying why.
#define DUBAN_SQLITE_ONLY(why)                                                     \
  do {                                                                             \
    if (::duban::testing::on_postgresql()) GTEST_SKIP() << "SQLite only: " << why; \
  } while (0)

class TestDatabase {
 public:
  /// `sqlite_file`: where the SQLite file goes (unused on PostgreSQL).
  explicit TestDatabase(std::filesystem::path sqlite_file);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  bool postgresql() const { return !url_.empty(); }
  store::DatabaseOptions options() const;
  /// The PostgreSQL URI of this test's database ("" on SQLite).
  const std::string& url() const { return url_; }
  /// What to put before a `duban` command line so that it uses this database ("" on SQLite,
  /// where the configuration's file is the one).
  std::string env() const;
  /// Runs `sql` with the database's own shell (sqlite3 or psql), rows as sqlite3 prints them
  /// (columns separated by '|'); the exit code and output.
  CommandResult shell(const std::string& sql) const;
  /// The schema and every row, as the shell dumps them (pg_dump without the "public." prefix).
  CommandResult dump() const;
  /// The same without the security log's rows.
  CommandResult dump_without_denials() const;

 private:
  std::filesystem::path sqlite_file_;
  std::string admin_url_, name_, url_;
};

}  // namespace duban::testing
