#include "store/item_where.hpp"

#include <limits>

#include "store/items.hpp"

namespace duban::store {

namespace {

const char* kDueKey = "COALESCE(due_at, 9223372036854775807)";

}  // namespace

void ItemWhere::text(const std::string& sql, std::string value) {
  texts_.push_back(std::move(value));
  binds_.emplace_back(&texts_.back());
  where_ += sql;
}

void ItemWhere::number(const std::string& sql, long long value) {
  numbers_.push_back(value);
  binds_.emplace_back(&numbers_.back());
  where_ += sql;
}

ItemWhere::ItemWhere(const ItemFilter& f, const SqlBackend& backend, ZoneOffset zone,
                     long long county, bool page) {
  auto p = [this] { return ":p" + std::to_string(next_++); };
  number(" county_id = " + p(), county);
  const long long now = f.now.time_since_epoch().count();
  // Named units: the unit index (which holds state, due date and suspension) answers alone.
  // SQLite would rather take the state index and look up every overdue item of the county: the
  // state term is kept off the indexes.
  const bool by_unit = !f.unit.empty() || !f.units.empty();
  const std::string state = by_unit ? backend.unindexed("state") : "state";
  if (f.state) text(" AND " + state + " = " + p(), std::string(to_string(*f.state)));
  if (!f.unit.empty()) text(" AND unit_id = " + p(), f.unit);
  if (!f.units.empty()) {
    where_ += " AND unit_id IN (";
    for (std::size_t i = 0; i < f.units.size(); ++i) text((i ? ", " : "") + p(), f.units[i]);
    where_ += ")";
  }
  if (!f.round.empty()) text(" AND round_id = " + p(), f.round);
  if (f.source) text(" AND source = " + p(), std::string(to_string(*f.source)));
  if (!f.category.empty()) text(" AND category = " + p(), f.category);
  const auto awaiting = " AND " + awaiting_rectification_sql(state) + " AND suspended_on = ''";
  if (f.overdue) number(awaiting + " AND due_at <= " + p(), now);
  if (f.status) {
    // The colours of domain/calendar.hpp status_of, as ranges of due_at.
    const long long yellow = now + std::chrono::seconds(std::chrono::days(f.yellow_days)).count();
    switch (*f.status) {
      case Status::red:
        number(awaiting + " AND due_at <= " + p(), now);
        break;
      case Status::yellow:
        number(awaiting + " AND due_at > " + p(), now);
        number(" AND due_at <= " + p(), yellow);
        break;
      case Status::green:
        number(awaiting + " AND due_at > " + p(), yellow);
        break;
    }
  }
  if (f.due_before) {
    number(" AND due_at <= " + p(), end_of_day(*f.due_before, zone).time_since_epoch().count());
  }
  where_ += backend.search(f.words, [&](std::string value) {
    auto at = p();
    texts_.push_back(std::move(value));
    binds_.emplace_back(&texts_.back());
    return at;
  });
  if (!page) return;
  const bool due = f.order == ItemFilter::Order::due;
  const std::string key = due ? kDueKey : "id";
  const char* cmp = f.descending ? " < " : " > ";
  if (f.after) {
    if (due) {
      auto k1 = p(), k2 = p(), id = p();
      numbers_.push_back(f.after->key);
      binds_.emplace_back(&numbers_.back());
      numbers_.push_back(f.after->key);
      binds_.emplace_back(&numbers_.back());
      numbers_.push_back(f.after->id);
      binds_.emplace_back(&numbers_.back());
      where_ +=
          " AND (" + key + cmp + k1 + " OR (" + key + " = " + k2 + " AND id" + cmp + id + "))";
    } else {
      number(" AND id" + std::string(cmp) + p(), f.after->id);
    }
  }
  const char* dir = f.descending ? " DESC" : "";
  order_ = " ORDER BY " + (due ? key + dir + ", id" + dir : std::string("id") + dir);
  tail_ = order_;
  if (f.limit > 0) tail_ += " LIMIT " + std::to_string(f.limit);
}

namespace {
template <class Statement, class Binds>
void bind_all(Statement& statement, const Binds& binds) {
  for (const auto& b : binds) {
    if (auto s = std::get_if<const std::string*>(&b)) {
      statement, soci::use(**s);
    } else {
      statement, soci::use(*std::get<const long long*>(b));
    }
  }
}
}  // namespace

void ItemWhere::bind(soci::details::prepare_temp_type& statement) const {
  bind_all(statement, binds_);
}
void ItemWhere::bind(soci::details::once_temp_type& statement) const {
  bind_all(statement, binds_);
}

}  // namespace duban::store
