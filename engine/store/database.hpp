#pragma once
// The database: a SOCI session over SQLite (embedded default) or, later, PostgreSQL.
// Every SQL difference between the two lives in Dialect; nothing SQLite-specific leaks out of
// store/.
#include <soci/soci.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace duban::store {

enum class Backend { sqlite, postgresql };

/// The statements that differ between backends.
struct Dialect {
  Backend backend = Backend::sqlite;
  /// Starts a transaction that will write: SQLite takes the write lock at once so two writers
  /// never deadlock upgrading a read lock; PostgreSQL serializes on row locks.
  const char* begin_write() const {
    return backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN";
  }
  const char* auto_id() const {
    return backend == Backend::sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
  }
  /// Row lock on the journal head, so appends to the hash chain are serialized.
  const char* lock_suffix() const { return backend == Backend::sqlite ? "" : " FOR UPDATE"; }
};

struct DatabaseOptions {
  Backend backend = Backend::sqlite;
  std::filesystem::path sqlite_path;  ///< created (with its folder) if missing
  std::string postgresql;             ///< connection string, for the later PostgreSQL backend
};

class Database {
 public:
  /// Opens (creating if needed) and migrates to the latest schema version.
  /// Throws duban::Error(storage_error) with the cause.
  explicit Database(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  soci::session& session() { return session_; }
  const Dialect& dialect() const { return dialect_; }
  int schema_version();

  /// Runs `work` in one write transaction: committed if it returns, rolled back if it throws.
  void write(const std::function<void(soci::session&)>& work);

 private:
  void migrate();
  void begin();
  void commit();
  soci::session session_;
  Dialect dialect_;
  // Prepared once: a transition's fixed cost is what the benchmark measures against raw SQLite.
  std::unique_ptr<soci::statement> begin_, commit_;
};

/// The latest schema version this build knows.
int latest_schema_version();

}  // namespace duban::store
