#include "store/database.hpp"

#include <fcntl.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include "domain/errors.hpp"
#include "store/guard.hpp"
#include "store/migrations.hpp"

namespace duban::store {

namespace fs = std::filesystem;

std::vector<std::string> Dialect::session_setup(const DatabaseOptions& options) const {
  if (backend != Backend::sqlite) return {};
  // WAL lets readers (the dashboard, `duban item list`) run beside a writer; FULL makes every
  // commit durable before it returns: nothing acknowledged is lost on power failure. A large page
  // cache keeps a big import from writing the same pages again and again. The page size must come
  // first: it applies only while the file is still empty, before journal_mode writes its header.
  return {"PRAGMA page_size=" + std::to_string(options.page_size),
          "PRAGMA journal_mode=WAL",
          "PRAGMA synchronous=FULL",
          "PRAGMA foreign_keys=ON",
          "PRAGMA busy_timeout=30000",
          "PRAGMA cache_size=-" + std::to_string(options.cache_kib)};
}

void protect_database_files(const fs::path& path) {
  // Created here, empty and 0600 whatever the umask, so that SQLite (which gives its -wal and
  // -shm files the database's mode) never makes them readable by others; existing files that
  // others may read are closed to them.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
  for (const auto* suffix : {"", "-wal", "-shm", "-journal"}) {
    auto file = path.string() + suffix;
    std::error_code ec;
    auto st = fs::status(file, ec);
    if (ec || !fs::is_regular_file(st)) continue;
    if ((st.permissions() & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
      fs::permissions(file, fs::perms::group_all | fs::perms::others_all, fs::perm_options::remove,
                      ec);
    }
  }
}

void open_session(soci::session& session, const DatabaseOptions& options, const Dialect& dialect) {
  if (options.backend != Backend::sqlite) {
    throw Error(Errc::invalid_argument,
                {"暂不支持 PostgreSQL 后端", "the PostgreSQL backend is not available yet"});
  }
  const auto& path = options.sqlite_path;
  std::error_code ec;
  if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
    // The data folder holds contacts' phones and e-mails: only its owner may enter it.
    fs::create_directories(path.parent_path(), ec);
    if (!ec) fs::permissions(path.parent_path(), fs::perms::owner_all, ec);
  }
  if (ec) {
    throw Error(
        Errc::io_error,
        {"无法创建数据目录 " + path.parent_path().string() + ":" + ec.message(),
         "cannot create the data folder " + path.parent_path().string() + ": " + ec.message()});
  }
  if (fs::is_directory(path)) {
    throw Error(Errc::io_error, {"数据库路径是一个文件夹:" + path.string(),
                                 "the database path is a folder: " + path.string()});
  }
  protect_database_files(path);
  guarded("open " + path.string(), [&] {
    session.open(soci::sqlite3, "db=" + path.string() + " timeout=30");
    for (const auto& statement : dialect.session_setup(options)) {
      // journal_mode answers with a row; the others with none.
      if (statement.find("journal_mode") != std::string::npos) {
        std::string mode;
        session << statement, soci::into(mode);
      } else {
        session << statement;
      }
    }
    // A file that is not a database fails here, not in the middle of a command.
    int n = 0;
    session << "SELECT COUNT(*) FROM sqlite_master", soci::into(n);
  });
}

int schema_version(soci::session& session) {
  return guarded("schema version", [&] {
    int tables = 0;
    session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
               "'schema_migrations'",
        soci::into(tables);
    if (tables == 0) return 0;
    int version = 0;
    soci::indicator ind = soci::i_null;
    session << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
  });
}

void migrate(soci::session& session, const Dialect& dialect) {
  int current = schema_version(session);
  if (current > latest_schema_version()) {
    throw Error(Errc::storage_error,
                {"数据库版本 " + std::to_string(current) + " 比本程序新,请升级 duban",
                 "database schema " + std::to_string(current) +
                     " is newer than this build knows; upgrade duban"});
  }
  if (current == latest_schema_version()) return;
  guarded("migrate", [&] {
    for (const auto& m : migrations()) {
      soci::transaction tx(session);
      // Another process may have migrated while this one waited for the lock.
      session << "CREATE TABLE IF NOT EXISTS schema_migrations ("
                 "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
      int done = 0;
      session << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(m.version),
          soci::into(done);
      if (done) {
        tx.commit();
        continue;
      }
      for (const auto& statement : m.statements(dialect)) session << statement;
      // A named variable: a temporary bound with use() would die before the statement runs.
      const std::string name = m.name;
      session << "INSERT INTO schema_migrations (version, name, applied_at) "
                 "VALUES (:v, :n, CURRENT_TIMESTAMP)",
          soci::use(m.version), soci::use(name);
      tx.commit();
    }
  });
}

int latest_schema_version() { return migrations().back().version; }

}  // namespace duban::store
