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

std::pair<int, std::string> TestDatabase::shell(const std::string& sql) const {
  auto r = postgresql()
               ? run_command("psql -X -q -At -F '|' -v ON_ERROR_STOP=1 " + quoted(url_) + " -c " +
                             quoted(sql))
               : run_command("sqlite3 " + quoted(sqlite_file_.string()) + " " + quoted(sql));
  return {r.exit_code, r.out};
}

std::pair<int, std::string> TestDatabase::dump_without_denials() const {
  auto r = postgresql()
               ? run_command("pg_dump --data-only --inserts --exclude-table-data=denials " +
                             quoted(url_) + " | grep -v '^--\\|^SELECT pg_catalog.setval'")
               : run_command("sqlite3 " + quoted(sqlite_file_.string()) +
                             " .dump | grep -v 'INSERT INTO denials'");
  return {r.exit_code, r.out};
}

}  // namespace duban::testing
