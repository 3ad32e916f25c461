#pragma once
// The SQL of an item filter (store/repositories.hpp ItemFilter): its WHERE clause and, for a
// page, its order and keyset, with the values to bind in the order they appear.
#include <soci/soci.h>

#include <deque>
#include <string>
#include <variant>
#include <vector>

#include "domain/calendar.hpp"
#include "store/repositories.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

class ItemWhere {
 public:
  /// `page`: with the keyset condition, the order and the limit (a list); without: a count.
  /// Only `county`'s items.
  ItemWhere(const ItemFilter& filter, const SqlBackend& backend, ZoneOffset zone, long long county,
            bool page);
  const std::string& where() const { return where_; }  ///< " WHERE …"
  const std::string& tail() const { return tail_; }    ///< " ORDER BY … LIMIT n" or ""
  const std::string& order() const { return order_; }  ///< " ORDER BY …" (a page) or ""
  void bind(soci::details::prepare_temp_type& statement) const;
  /// The same for a query run once (one round trip on PostgreSQL, where a prepared one takes
  /// three: prepare, execute, deallocate).
  void bind(soci::details::once_temp_type& statement) const;

 private:
  void text(const std::string& sql, std::string value);
  void number(const std::string& sql, long long value);
  std::string where_ = " WHERE", tail_, order_;
  std::deque<std::string> texts_;
  std::deque<long long> numbers_;
  std::vector<std::variant<const std::string*, const long long*>> binds_;
  int next_ = 0;  ///< placeholders :p0, :p1, …
};

}  // namespace duban::store
