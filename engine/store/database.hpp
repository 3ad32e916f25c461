#pragma once
// Opening a database and bringing its schema up to date, whatever its backend (sql_backend.hpp).
// Private to store/: nothing outside it includes SOCI.
#include <soci/soci.h>

#include <filesystem>
#include <string>

namespace duban::store {

class SqlBackend;

enum class Backend { sqlite, postgresql };

struct DatabaseOptions {
  Backend backend = Backend::sqlite;
  std::filesystem::path sqlite_path;  ///< created (with its folder) if missing
  /// PostgreSQL: a libpq connection URI (postgresql://user@host:port/db?…), multi-host and
  /// target_session_attrs accepted. Never a password: that comes from `password`.
  std::string postgresql;
  /// PostgreSQL: the password, read from the environment by the caller ("" : libpq's own
  /// PGPASSWORD or ~/.pgpass, or none).
  std::string password{};
  /// The county the store is about (its code, and its name to record when it is new): made on
  /// first open. A new database's county (the unnamed 'default', while it holds no units and no
  /// journal) takes the code instead; a database made before counties had codes keeps its data
  /// under 'default' (`duban county rename` names it). Empty: the database's first county, none
  /// made (duban transfer, which copies them all).
  std::string county = "default";
  std::string county_name{};
  int pool_size = 2;  ///< sessions in the pool: one per concurrent unit of work
  /// SQLite: the page cache per session, in KiB (store/sqlite/ sets it): large imports rewrite the
  /// same pages again and again when it is too small.
  int cache_kib = 16 * 1024;
  /// SQLite page size of a new database file (an existing file keeps its own). Every commit writes
  /// each page it touched to the WAL and an item transition touches five (the item, its state
  /// index, the journal row, the journal's subject index, the head): 2 KiB pages halve the bytes
  /// each commit writes and syncs (measured: COMMIT 94 µs instead of 108 µs on the benchmark).
  int page_size = 2048;
};

/// Opens `session` on the backend `options` names. Throws Error naming the file or server.
void open_session(soci::session& session, const DatabaseOptions& options);

/// Brings the schema to the latest version; each migration in one transaction. Reads first and
/// writes only when a migration is due, so an up-to-date database is opened without a write lock.
/// A database newer than this build is refused (storage_error: upgrade duban).
void migrate(soci::session& session, const SqlBackend& backend);
int schema_version(soci::session& session, const SqlBackend& backend);

/// The latest schema version this build knows (the same on every backend: each backend's
/// migrations end at the same logical schema).
int latest_schema_version();

}  // namespace duban::store
