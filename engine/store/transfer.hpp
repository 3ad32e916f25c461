#pragma once
// Copying a county's database to another database, of either backend: every table's rows, the
// journal with its hashes as they are, the evidence records (the files stay in the evidence
// folder, named by their SHA-256), then the chain verified on the target. For moving from the
// embedded SQLite file to PostgreSQL (or back). No SOCI here: the store does the copying.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/journal.hpp"

namespace duban::store {

struct TableCopy {
  std::string table;
  std::int64_t rows = 0;
};

struct TransferReport {
  std::string from, to;  ///< as described (no password)
  int schema_version = 0;
  std::vector<TableCopy> tables;
  AuditResult audit;                  ///< the journal verified on the target
  std::vector<std::string> counties;  ///< the counties copied, by code
};

/// `from` and `to`: "sqlite:PATH" (or a path ending in .db) or a PostgreSQL URI
/// ("postgresql://user@host:port/db?…"; the password from DUBAN_DATABASE_PASSWORD, or libpq's own
/// PGPASSWORD and ~/.pgpass). Both are brought to this build's schema first. Refuses
/// (already_exists, nothing written) when the target holds units, items or journal entries;
/// otherwise copies every table in one transaction on the target and verifies its journal.
/// `progress` is told each table as it is copied.
///
/// `county` (a code): that county alone, with its chain, into a target that may hold other
/// counties (PostgreSQL) but not that one's data (already_exists); not_found if the source has no
/// such county. A county on its own in a new SQLite file, or an SQLite county joining others on
/// PostgreSQL, its item numbers as they were. `as`: the code it has there (a county of a file
/// made before codes is `default` in it).
TransferReport transfer(const std::string& from, const std::string& to, const std::string& county,
                        const std::function<void(const TableCopy&)>& progress,
                        const std::string& as = "");

}  // namespace duban::store
