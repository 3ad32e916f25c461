// Items per unit and state, with the red and yellow among them: one grouped query for the
// dashboard's board and charts, whatever the number of items. And the open and overdue items
// counted day by day (the dashboard's trend; item_days, migration 18).
#include <chrono>

#include "store/guard.hpp"
#include "store/item_where.hpp"
#include "store/items.hpp"
#include "store/row.hpp"

namespace duban::store {

std::vector<UnitStateCount> ItemStore::count_by_unit(const ItemFilter& f) {
  return guarded("items.count_by_unit", [&] {
    ItemWhere where(f, backend_, zone_, county_, false);
    // Both bounds are numbers duban computed (not input): written into the statement.
    const long long now = f.now.time_since_epoch().count();
    const long long yellow = now + std::chrono::seconds(std::chrono::days(f.yellow_days)).count();
    const auto awaiting = awaiting_rectification_sql() + " AND suspended_on = ''";
    const auto sql = "SELECT unit_id, state, COUNT(*), SUM(CASE WHEN " + awaiting +
                     " AND due_at <= " + std::to_string(now) +
                     " THEN 1 ELSE 0 END), SUM(CASE WHEN " + awaiting + " AND due_at > " +
                     std::to_string(now) + " AND due_at <= " + std::to_string(yellow) +
                     " THEN 1 ELSE 0 END) FROM items" + where.where() +
                     " GROUP BY unit_id, state ORDER BY unit_id, state";
    soci::details::prepare_temp_type pt = session_.prepare << sql;
    where.bind(pt);
    soci::rowset<soci::row> rows(pt);
    std::vector<UnitStateCount> out;
    for (const auto& r : rows) {
      auto state = item_state_from_code(r.get<std::string>(1));
      if (!state) continue;
      out.push_back(
          {r.get<std::string>(0), *state, int64_at(r, 2), int64_at(r, 3), int64_at(r, 4)});
    }
    return out;
  });
}

void ItemStore::record_day(const std::string& day, const OpenCounts& counts) {
  guarded("items.record_day", [&] {
    long long open = counts.open, overdue = counts.overdue;
    session_ << "INSERT INTO item_days (county_id, day, open_items, overdue_items)"
                " VALUES (:c, :d, :o, :v) ON CONFLICT (county_id, day) DO UPDATE SET"
                " open_items = excluded.open_items, overdue_items = excluded.overdue_items",
        soci::use(county_), soci::use(day), soci::use(open), soci::use(overdue);
  });
}

std::vector<DayCounts> ItemStore::days(const std::string& from) {
  return guarded("items.days", [&] {
    std::vector<DayCounts> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT day, open_items, overdue_items FROM item_days"
                             " WHERE county_id = :c AND day >= :f ORDER BY day",
         soci::use(county_), soci::use(from));
    for (const auto& r : rows)
      out.push_back({r.get<std::string>(0), int64_at(r, 1), int64_at(r, 2)});
    return out;
  });
}

}  // namespace duban::store
