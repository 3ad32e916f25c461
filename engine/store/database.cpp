#include "store/database.hpp"

#include "domain/errors.hpp"
#include "store/guard.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

void open_session(soci::session& session, const DatabaseOptions& options) {
  make_backend(options)->open(session);
}

int schema_version(soci::session& session, const SqlBackend& backend) {
  return guarded("schema version", [&] {
    if (!backend.has_table(session, "schema_migrations")) return 0;
    int version = 0;
    soci::indicator ind = soci::i_null;
    session << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
  });
}

namespace {

void refuse_newer(int current) {
  if (current <= latest_schema_version()) return;
  throw Error(Errc::storage_error,
              {"数据库结构版本 " + std::to_string(current) + " 比本程序(" +
                   std::to_string(latest_schema_version()) + ")新:请升级 duban 后再用这个数据库",
               "database schema " + std::to_string(current) + " is newer than this build (" +
                   std::to_string(latest_schema_version()) +
                   "): upgrade duban before using this database"});
}

}  // namespace

void migrate(soci::session& session, const SqlBackend& backend) {
  int current = schema_version(session, backend);
  refuse_newer(current);
  if (current == latest_schema_version()) return;
  guarded("migrate", [&] {
    backend.lock_migrations(session);
    try {
      // Another process may have migrated while this one waited for the lock.
      refuse_newer(schema_version(session, backend));
      for (const auto& m : backend.migrations()) {
        soci::transaction tx(session);
        session << "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
        int done = 0;
        session << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v",
            soci::use(m.version), soci::into(done);
        if (done) {
          tx.commit();
          continue;
        }
        for (const auto& statement : m.statements()) session << statement;
        // A named variable: a temporary bound with use() would die before the statement runs.
        const std::string name = m.name;
        session << "INSERT INTO schema_migrations (version, name, applied_at) "
                   "VALUES (:v, :n, CURRENT_TIMESTAMP)",
            soci::use(m.version), soci::use(name);
        tx.commit();
      }
    } catch (...) {
      backend.unlock_migrations(session);
      throw;
    }
    backend.unlock_migrations(session);
  });
}

}  // namespace duban::store
