// The one place in store/ that names both backends: choosing one, and the schema version they
// share.
#include "domain/errors.hpp"
#include "store/postgresql/pg_backend.hpp"
#include "store/sqlite/sqlite_backend.hpp"

namespace duban::store {

const char* const kNotItemSubject = "substr(subject, 1, 5) <> 'item:'";

std::unique_ptr<SqlBackend> make_backend(const DatabaseOptions& options) {
  if (options.backend == Backend::postgresql) return postgresql::make(options);
  return sqlite::make(options);
}

int latest_schema_version() {
  // Both lists end at the same logical schema (tests/store check it).
  return sqlite::migrations().back().version;
}

}  // namespace duban::store
