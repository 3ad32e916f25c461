// A large load into items (an import): the item indexes and triggers set aside while the rows go
// in, and built again in one pass before the load commits.
#include "store/guard.hpp"
#include "store/items.hpp"

namespace duban::store {

void ItemStore::begin_load(std::int64_t rows) {
  guarded("items.begin_load", [&] {
    // Only where it pays: a load larger than what is there (and large at all).
    if (rows < 10000 || rows <= count() || !set_aside_.empty()) return;
    std::vector<std::pair<std::string, std::string>> indexes;  // name, CREATE statement
    soci::rowset<soci::row> found = session_.prepare
                                    << "SELECT type, name, sql FROM sqlite_master WHERE type IN"
                                       " ('index', 'trigger') AND tbl_name = 'items' AND sql IS"
                                       " NOT NULL ORDER BY type, name";
    for (const auto& r : found) {
      indexes.emplace_back("DROP " + r.get<std::string>(0) + " " + r.get<std::string>(1),
                           r.get<std::string>(2));
    }
    // The full-text index's triggers too: rebuilt in one pass by finish_load().
    for (const auto& [drop, sql] : indexes) {
      session_ << drop;
      set_aside_.push_back(sql);
      if (sql.find("items_fts") != std::string::npos) rebuild_search_ = true;
    }
  });
}

void ItemStore::finish_load() {
  guarded("items.finish_load", [&] {
    if (rebuild_search_) session_ << "INSERT INTO items_fts(items_fts) VALUES ('rebuild')";
    rebuild_search_ = false;
    bool counted = false;
    for (const auto& sql : set_aside_) {
      session_ << sql;
      counted = counted || sql.find("unit_changes") != std::string::npos;
    }
    set_aside_.clear();
    // The per-unit change counters were set aside with the other triggers: count the load as a
    // change of everything (the directory's counter is part of every check).
    if (counted) {
      session_ << "UPDATE unit_changes SET n = n + 1 WHERE unit_id = ''";
    }
  });
}

}  // namespace duban::store
