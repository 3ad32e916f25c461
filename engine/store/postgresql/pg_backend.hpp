#pragma once
// PostgreSQL, the scale path: several duban processes on one database. Writers run at once and
// meet on row locks (the journal head's, the item's version); reads are REPEATABLE READ
// snapshots; search by pg_trgm GIN indexes; item ids from a sequence; change detection by the
// WAL's insert position.
#include <vector>

#include "store/database.hpp"
#include "store/sql_backend.hpp"

namespace duban::store::postgresql {

/// The schema as one baseline (the same logical schema as SQLite's migration 18), then the
/// migrations after it, numbered as on SQLite.
const std::vector<Migration>& migrations();

std::unique_ptr<SqlBackend> make(const DatabaseOptions& options);

/// `url` without its password (for messages and describe()).
std::string redact(const std::string& url);

}  // namespace duban::store::postgresql
