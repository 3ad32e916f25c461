#pragma once
// Reading integers from a soci::row whatever type the backend reports for the column:
// SQLite types columns by their declaration (INTEGER -> int, BIGINT -> long long) and
// expressions as text; PostgreSQL by the real column type.
#include <soci/soci.h>

#include <cstdint>
#include <string>

namespace duban::store {

inline std::int64_t int64_at(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return 0;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return r.get<int>(i);
    case soci::dt_long_long:
      return r.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<std::int64_t>(r.get<unsigned long long>(i));
    case soci::dt_double:
      return static_cast<std::int64_t>(r.get<double>(i));
    case soci::dt_string:
      return std::stoll(r.get<std::string>(i));
    default:
      return 0;
  }
}

/// Runs a prepared single-row statement, lets `read` take the row's values, then steps the
/// statement to its end: SQLite refuses COMMIT while a statement is still in progress.
template <class Read>
bool execute_single(soci::statement& st, Read&& read) {
  bool got = st.execute(true);
  if (got) read();
  while (got && st.fetch()) {
  }
  return got;
}

inline int int_at(const soci::row& r, std::size_t i) { return static_cast<int>(int64_at(r, i)); }

}  // namespace duban::store
