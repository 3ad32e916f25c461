#pragma once
// The store as the use cases see it: one database session and its repositories, created once
// per process so that prepared statements are reused across transactions.
#include <functional>

#include "store/database.hpp"
#include "store/items.hpp"
#include "store/journal.hpp"
#include "store/rounds.hpp"
#include "store/units.hpp"

namespace duban::store {

class Store {
 public:
  Store(const DatabaseOptions& options, ZoneOffset zone)
      : db_(options),
        items_(db_.session(), zone),
        journal_(db_.session(), db_.dialect()),
        rounds_(db_.session()),
        users_(db_.session()) {}

  soci::session& session() { return db_.session(); }
  Database& database() { return db_; }
  ItemStore& items() { return items_; }
  JournalWriter& journal() { return journal_; }
  RoundStore& rounds() { return rounds_; }
  UserDirectory& users() { return users_; }
  /// One write transaction; see Database::write.
  void write(const std::function<void(soci::session&)>& work) { db_.write(work); }

 private:
  Database db_;
  ItemStore items_;
  JournalWriter journal_;
  RoundStore rounds_;
  UserDirectory users_;
};

}  // namespace duban::store
