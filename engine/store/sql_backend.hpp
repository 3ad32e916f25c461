#pragma once
// What the databases do differently. The repositories in store/ write portable SQL and ask their
// backend for the rest; each backend (store/sqlite/, store/postgresql/) owns its SQL for it:
// connecting, migrations, transactions, id allocation, search, change detection, row locks and
// bulk loads. Nothing outside those two folders names a backend. Private to store/.
#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace duban::store {

/// One schema change: its statements run in one transaction, then its version is recorded.
struct Migration {
  int version;
  const char* name;
  std::vector<std::string> (*statements)();
};

/// The condition of the journal's subject index: every subject but items, whose entries are
/// linked from the item row instead (journal.subject_prev, items.journal_seq). A query that
/// wants the index repeats it. Portable SQL: both backends index with it.
extern const char* const kNotItemSubject;

/// `word` as a LIKE pattern that finds it anywhere (with ESCAPE '\\'): %, _ and \\ escaped.
inline std::string like_pattern(const std::string& word) {
  std::string out = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

class SqlBackend {
 public:
  virtual ~SqlBackend() = default;

  /// "sqlite:/path/to/duban.db" or "postgresql://user@host:port/db" (never a password).
  virtual std::string describe() const = 0;
  /// Connects `session` and sets it up. Throws Error naming what is wrong and what to do.
  virtual void open(soci::session& session) const = 0;
  /// This backend's migrations, in order; versioned on their own.
  virtual const std::vector<Migration>& migrations() const = 0;
  /// Whether the table exists (the migrations' own bookkeeping before the first one).
  virtual bool has_table(soci::session& session, const std::string& table) const = 0;
  /// Serializes `migrate` between processes that start at once (a lock held until `done`).
  virtual void lock_migrations(soci::session& session) const = 0;
  virtual void unlock_migrations(soci::session& session) const = 0;

  /// Starts a transaction that will write, and one that only reads.
  virtual const char* begin_write() const = 0;
  virtual const char* begin_read() const = 0;
  /// Whether one process's writers queue before they begin (one writer for the whole database).
  virtual bool one_writer_at_a_time() const = 0;
  /// A query answering one number that changes when another connection commits, on the same
  /// connection (its own commits leave it): then what a session read in its last write unit
  /// still holds while it is unchanged. nullptr where there is none: nothing is reused.
  virtual const char* others_committed_sql() const = 0;
  /// A query answering one number that changes whenever anything is committed, run on a
  /// connection that never writes (kept item pages check it). nullptr where there is none.
  virtual const char* change_stamp_sql() const = 0;

  /// Whether a database holds one county only (SQLite: a county's file; its rowids are the
  /// county's ids). A second county is refused on it.
  virtual bool one_county() const = 0;
  /// Appended to the journal head's SELECT so that appends to one chain are serialized.
  virtual const char* lock_row() const = 0;
  /// Appended to a SELECT of rows about to be claimed: rows another unit of work holds are passed
  /// over instead of waited for ("" where writers never meet: SQLite's one writer).
  virtual const char* skip_locked() const = 0;
  /// After rows were copied in with their ids (duban transfer): what makes the next ids follow
  /// them (PostgreSQL: its sequences set past the largest id; SQLite: nothing).
  virtual void after_copy(soci::session& session) const = 0;

  /// `column` kept off the indexes where another index answers better (SQLite: "+column").
  virtual std::string unindexed(const std::string& column) const = 0;
  /// The condition (" AND …") that finds each of `words` in an item's title, manifestation or
  /// measures: a substring, Latin letters in either case, index-backed from three characters.
  /// `bind` binds a text value and returns its placeholder.
  virtual std::string search(const std::vector<std::string>& words,
                             const std::function<std::string(std::string)>& bind) const = 0;

  /// A large load into items begins: indexes that cost more to grow row by row than to build
  /// at once are set aside; `finish_load` builds them again. Both run in the load's unit of work.
  virtual std::vector<std::string> set_aside_item_indexes(soci::session& session) const = 0;
  virtual void finish_load(soci::session& session,
                           const std::vector<std::string>& set_aside) const = 0;
};

/// How a store is opened: which backend and its connection.
struct DatabaseOptions;

/// The backend `options` names, ready to open sessions.
std::unique_ptr<SqlBackend> make_backend(const DatabaseOptions& options);

}  // namespace duban::store
