#pragma once
// SOCI sessions: opening one with its backend's set-up, and the schema migrations. Private to
// store/: nothing outside it includes SOCI.
#include <soci/soci.h>

#include <filesystem>
#include <string>
#include <vector>

namespace duban::store {

enum class Backend { sqlite, postgresql };

struct DatabaseOptions;

/// Every difference between the backends: connection set-up, SQL spelling, row locks.
struct Dialect {
  Backend backend = Backend::sqlite;
  /// Starts a transaction that will write: SQLite takes the write lock at once so two writers
  /// never deadlock upgrading a read lock; PostgreSQL serializes on row locks.
  const char* begin_write() const {
    return backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN";
  }
  /// Starts a read-only transaction: SQLite reads a WAL snapshot and takes no write lock.
  const char* begin_read() const {
    return backend == Backend::sqlite ? "BEGIN DEFERRED" : "BEGIN READ ONLY";
  }
  const char* auto_id() const {
    return backend == Backend::sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
  }
  /// The journal's sequence number: SQLite's rowid itself (no second index), a plain key elsewhere.
  const char* journal_seq() const {
    return backend == Backend::sqlite ? "INTEGER PRIMARY KEY" : "BIGINT PRIMARY KEY";
  }
  /// Row lock on the journal head, so appends to the hash chain are serialized.
  const char* lock_suffix() const { return backend == Backend::sqlite ? "" : " FOR UPDATE"; }
  /// Statements run on every new session before it is used.
  std::vector<std::string> session_setup(const DatabaseOptions& options) const;
};

struct DatabaseOptions {
  Backend backend = Backend::sqlite;
  std::filesystem::path sqlite_path;  ///< created (with its folder) if missing
  std::string postgresql;             ///< connection string, for the later PostgreSQL backend
  int pool_size = 2;                  ///< sessions in the pool: one per concurrent unit of work
  /// SQLite page cache per session, in KiB (PRAGMA cache_size=-N): large imports rewrite the same
  /// pages again and again when it is too small.
  int cache_kib = 16 * 1024;
  /// SQLite page size of a new database file (an existing file keeps its own). Every commit writes
  /// each page it touched to the WAL and an item transition touches five (the item, its state
  /// index, the journal row, the journal's subject index, the head): 2 KiB pages halve the bytes
  /// each commit writes and syncs (measured: COMMIT 94 µs instead of 108 µs on the benchmark).
  int page_size = 2048;
};

/// Creates the SQLite file 0600 if it is missing, and takes group and other access away from
/// the database and its -wal, -shm and -journal files.
void protect_database_files(const std::filesystem::path& path);

/// Opens `session` and runs the dialect's set-up. Throws Error(storage_error) naming the file.
void open_session(soci::session& session, const DatabaseOptions& options, const Dialect& dialect);

/// Brings the schema to the latest version; each migration in one transaction. Reads first and
/// writes only when a migration is due, so an up-to-date database is opened without a write lock.
void migrate(soci::session& session, const Dialect& dialect);
int schema_version(soci::session& session);

/// The latest schema version this build knows.
int latest_schema_version();

}  // namespace duban::store
