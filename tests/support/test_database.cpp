#include "support/test_database.hpp"

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "support/test_support.hpp"

namespace duban::testing {

namespace {

// The cluster's admin URI, written by pg_cluster.sh into its folder ("" : SQLite).
std::string admin_url() {
  const char* dir = std::getenv("DUBAN_TEST_POSTGRESQL_DIR");
  if (!dir || !*dir) return "";
  auto url = read_file(std::filesystem::path(dir) / "url");
  while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
  if (url.empty()) throw std::runtime_error(std::string("no cluster URL in ") + dir + "/url");
  return url;
}

std::string with_database(const std::string& admin, const std::string& name) {
  // postgresql://postgres@127.0.0.1:PORT/postgres → …/name
  return admin.substr(0, admin.rfind('/') + 1) + name;
}

// A session on the cluster's own database, as duban connects (store/postgresql/).
void admin_session(soci::session& session, const std::string& url) {
  store::DatabaseOptions options;
  options.backend = store::Backend::postgresql;
  options.postgresql = url;
  store::open_session(session, options);
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// What changes between two dumps of the same rows is left out: comments, pg_dump's per-run
// \restrict key, and where sequences stand (a refused insert may have taken a number).
std::string pg_dump(const std::string& url, const std::string& options) {
  return "pg_dump --inserts --no-owner" + options + " " + quoted(url) +
         " | grep -v '^--\\|^SELECT pg_catalog.setval\\|^.restrict \\|^.unrestrict '"
         " | sed 's/public\\.//g'";
}

}  // namespace

bool on_postgresql() {
  const char* dir = std::getenv("DUBAN_TEST_POSTGRESQL_DIR");
  return dir && *dir;
}

TestDatabase::TestDatabase(std::filesystem::path sqlite_file)
    : sqlite_file_(std::move(sqlite_file)), admin_url_(admin_url()) {
  if (admin_url_.empty()) return;
  static std::atomic<int> counter{0};
  name_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  soci::session admin;
  admin_session(admin, admin_url_);
  admin << "DROP DATABASE IF EXISTS " + name_;
  admin << "CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'";
  url_ = with_database(admin_url_, name_);
}

TestDatabase::~TestDatabase() {
  if (name_.empty()) return;
  try {
    soci::session admin;
    admin_session(admin, admin_url_);
    admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
  } catch (...) {
    // The cluster goes away with the run; a database left behind costs nothing then.
  }
}

store::DatabaseOptions TestDatabase::options() const {
  store::DatabaseOptions options;
  options.sqlite_path = sqlite_file_;
  if (postgresql()) {
    options.backend = store::Backend::postgresql;
    options.postgresql = url_;
  }
  return options;
}

std::string TestDatabase::env() const {
  return postgresql() ? "DUBAN_DATABASE_URL=" + quoted(url_) + " " : "";
}

CommandResult TestDatabase::shell(const std::string& sql) const {
  if (postgresql()) {
    return run_command("psql -X -q -At -F '|' -v ON_ERROR_STOP=1 " + quoted(url_) + " -c " +
                       quoted(sql));
  }
  return run_command("sqlite3 " + quoted(sqlite_file_.string()) + " " + quoted(sql));
}

CommandResult TestDatabase::dump() const {
  auto r = postgresql() ? run_command(pg_dump(url_, ""))
                        : run_command("sqlite3 " + quoted(sqlite_file_.string()) + " .dump");
  return r;
}

CommandResult TestDatabase::dump_without_denials() const {
  // Sorted on PostgreSQL: a row written again with the same values moves, and the order of rows
  // is no part of what a refusal must leave as it was.
  auto r = postgresql()
               ? run_command(pg_dump(url_, " --exclude-table-data=denials") + " | LC_ALL=C sort")
               : run_command("sqlite3 " + quoted(sqlite_file_.string()) +
                             " .dump | grep -v 'INSERT INTO denials'");
  return r;
}

}  // namespace duban::testing
