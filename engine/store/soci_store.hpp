#pragma once
// The Store over SOCI: a pool of sessions (SOCI's connection_pool), each with its repositories
// and their prepared statements, lent to one unit of work at a time.
#include <memory>

#include "domain/calendar.hpp"
#include "store/database.hpp"
#include "store/repositories.hpp"

namespace duban::store {

/// Opens `options.pool_size` sessions and migrates the schema. Throws Error(storage_error) or
/// Error(io_error) naming the file.
std::unique_ptr<Store> open_store(const DatabaseOptions& options, ZoneOffset zone);

}  // namespace duban::store
