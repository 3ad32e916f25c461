#include "store/database.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include "domain/errors.hpp"
#include "store/migrations.hpp"

namespace duban::store {

namespace fs = std::filesystem;

namespace {
[[noreturn]] void storage_failure(const std::string& what, const std::exception& e) {
  throw Error(Errc::storage_error, {"数据库错误(" + what + "):" + e.what(),
                                    "database error (" + what + "): " + e.what()});
}
}  // namespace

Database::Database(const DatabaseOptions& options) {
  dialect_.backend = options.backend;
  if (options.backend != Backend::sqlite) {
    throw Error(Errc::invalid_argument,
                {"暂不支持 PostgreSQL 后端", "the PostgreSQL backend is not available yet"});
  }
  try {
    if (options.sqlite_path.has_parent_path())
      fs::create_directories(options.sqlite_path.parent_path());
    session_.open(soci::sqlite3, "db=" + options.sqlite_path.string() + " timeout=30");
    // WAL lets readers (the dashboard, `duban item list`) run beside a writer; FULL makes every
    // commit durable before it returns: nothing acknowledged is lost on power failure.
    std::string mode;
    session_ << "PRAGMA journal_mode=WAL", soci::into(mode);
    session_ << "PRAGMA synchronous=FULL";
    session_ << "PRAGMA foreign_keys=ON";
    session_ << "PRAGMA busy_timeout=30000";
  } catch (const soci::soci_error& e) {
    storage_failure("open " + options.sqlite_path.string(), e);
  }
  migrate();
}

Database::~Database() = default;

void Database::begin() {
  if (!begin_)
    begin_ = std::make_unique<soci::statement>(session_.prepare << dialect_.begin_write());
  begin_->execute(true);
}

void Database::commit() {
  if (!commit_) commit_ = std::make_unique<soci::statement>(session_.prepare << "COMMIT");
  commit_->execute(true);
}

void Database::write(const std::function<void(soci::session&)>& work) {
  try {
    begin();
  } catch (const soci::soci_error& e) {
    storage_failure("begin", e);
  }
  try {
    work(session_);
    commit();
  } catch (const soci::soci_error& e) {
    try {
      session_ << "ROLLBACK";
    } catch (...) {
    }
    storage_failure("write", e);
  } catch (...) {
    try {
      session_ << "ROLLBACK";
    } catch (...) {
    }
    throw;
  }
}

int Database::schema_version() {
  int version = 0;
  soci::indicator ind = soci::i_null;
  session_ << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

void Database::migrate() {
  try {
    session_ << "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
    int current = schema_version();
    if (current > latest_schema_version()) {
      throw Error(Errc::storage_error,
                  {"数据库版本 " + std::to_string(current) + " 比本程序新,请升级 duban",
                   "database schema " + std::to_string(current) +
                       " is newer than this build knows; upgrade duban"});
    }
    for (const auto& m : migrations()) {
      if (m.version <= current) continue;
      write([&](soci::session& s) {
        for (const auto& statement : m.statements(dialect_)) s << statement;
        // A named variable: a temporary bound with use() would die before the statement runs.
        const std::string name = m.name;
        s << "INSERT INTO schema_migrations (version, name, applied_at) "
             "VALUES (:v, :n, CURRENT_TIMESTAMP)",
            soci::use(m.version), soci::use(name);
      });
    }
  } catch (const soci::soci_error& e) {
    storage_failure("migrate", e);
  }
}

int latest_schema_version() { return migrations().back().version; }

}  // namespace duban::store
