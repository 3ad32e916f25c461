#pragma once
// SQLite, the embedded default: one file under the data folder, WAL, synchronous=FULL, one
// writer at a time (BEGIN IMMEDIATE), full-text search by FTS5's trigram tokenizer, change
// detection by PRAGMA data_version.
#include <vector>

#include "store/database.hpp"
#include "store/sql_backend.hpp"

namespace duban::store::sqlite {

/// Migrations 1–18 as SQLite databases went through them, and those after.
const std::vector<Migration>& migrations();

/// Creates the SQLite file 0600 if it is missing, and takes group and other access away from
/// the database and its -wal, -shm and -journal files.
void protect_database_files(const std::filesystem::path& path);

std::unique_ptr<SqlBackend> make(const DatabaseOptions& options);

}  // namespace duban::store::sqlite
