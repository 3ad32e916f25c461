#pragma once
// Decoding an item row's coded columns, shared by the item store's files: a value duban did not
// write is an error naming the table, the row and the column (store/guard.hpp), never a default.
#include <cstdint>
#include <optional>
#include <string>

#include "domain/item.hpp"
#include "store/guard.hpp"

namespace duban::store::item_rows {

inline ItemSource decode_source(std::int64_t id, const std::string& text) {
  if (auto s = item_source_from_code(text)) return *s;
  undecodable("items", std::to_string(id), "source", text);
}
inline ItemState decode_state(std::int64_t id, const std::string& text) {
  if (auto s = item_state_from_code(text)) return *s;
  undecodable("items", std::to_string(id), "state", text);
}
/// A date column (due_date, suspended_on, extension_due): empty is none.
inline std::optional<Date> decode_date(std::int64_t id, const char* column,
                                       const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto d = parse_date(text)) return d;
  undecodable("items", std::to_string(id), column, text);
}
inline std::optional<Date> decode_due(std::int64_t id, const std::string& text) {
  return decode_date(id, "due_date", text);
}

}  // namespace duban::store::item_rows
