#pragma once
// The counties table: a county found by its code, or made. Private to store/.
#include <soci/soci.h>

#include <optional>
#include <string>

#include "store/repositories.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

std::optional<County> find_county(soci::session& s, const std::string& code);

/// The county `code`, made if new (with its journal head and its directory's change counter). A
/// new database's county, still the unnamed and empty 'default', takes the code instead; a
/// database that holds one county only (SQLite) refuses a second. Reads first: an existing county
/// is found without a write. Several processes at once make it once.
County ensure_county(soci::session& s, const SqlBackend& b, const std::string& code,
                     const std::string& name);

}  // namespace duban::store
