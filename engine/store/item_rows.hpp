#pragma once
// Decoding an item row's coded columns, and its acknowledgement and ledger columns as bound
// values, shared by the item store's files: a value duban did not write is an error naming the
// table, the row and the column (store/guard.hpp), never a default.
#include <cstdint>
#include <optional>
#include <string>

#include "domain/item.hpp"
#include "store/guard.hpp"
#include "store/row.hpp"

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

inline std::optional<Instant> instant_or_none(long long seconds, soci::indicator ind) {
  if (ind != soci::i_ok) return std::nullopt;
  return Instant{std::chrono::seconds{seconds}};
}

// The columns of acknowledgement and the deadline ledger, as bound values.
struct LedgerColumns {
  long long assigned_at = 0, acknowledged_at = 0;
  soci::indicator assigned_ind = soci::i_null, acknowledged_ind = soci::i_null;
  std::string acknowledged_by, suspended_on, extension_due, extension_reason, extension_by;
  // And what a problem list brings: extra fields, a standing item and its next report.
  std::string extra, report_due;
  int standing = 0;

  bool operator==(const LedgerColumns&) const = default;
  /// Whether it holds more than the assignment's time (what an insert writes itself).
  bool beyond_assignment() const {
    LedgerColumns only_assigned;
    only_assigned.assigned_at = assigned_at;
    only_assigned.assigned_ind = assigned_ind;
    return !(*this == only_assigned);
  }

  void load(const RectificationItem& it) {
    assigned_ind = it.assigned_at ? soci::i_ok : soci::i_null;
    assigned_at = it.assigned_at ? it.assigned_at->time_since_epoch().count() : 0;
    acknowledged_ind = it.acknowledged_at ? soci::i_ok : soci::i_null;
    acknowledged_at = it.acknowledged_at ? it.acknowledged_at->time_since_epoch().count() : 0;
    acknowledged_by = it.acknowledged_by;
    suspended_on = it.suspended_on ? format_date(*it.suspended_on) : "";
    extension_due = it.extension_due ? format_date(*it.extension_due) : "";
    extension_reason = it.extension_reason;
    extension_by = it.extension_by;
    extra = extra_to_json(it.extra);
    standing = it.standing ? 1 : 0;
    report_due = it.report_due ? format_date(*it.report_due) : "";
  }
  void store(RectificationItem& it) const {
    it.assigned_at = instant_or_none(assigned_at, assigned_ind);
    it.acknowledged_at = instant_or_none(acknowledged_at, acknowledged_ind);
    it.acknowledged_by = acknowledged_by;
    it.suspended_on = decode_date(it.id, "suspended_on", suspended_on);
    it.extension_due = decode_date(it.id, "extension_due", extension_due);
    it.extension_reason = extension_reason;
    it.extension_by = extension_by;
    auto fields = extra_from_json(extra);
    if (!fields) undecodable("items", std::to_string(it.id), "extra", extra);
    it.extra = std::move(*fields);
    if (standing != 0 && standing != 1) {
      undecodable("items", std::to_string(it.id), "standing", std::to_string(standing));
    }
    it.standing = standing == 1;
    it.report_due = decode_date(it.id, "report_due", report_due);
  }
  void read(const soci::row& r, std::size_t at) {
    assigned_ind = r.get_indicator(at);
    if (assigned_ind == soci::i_ok) assigned_at = int64_at(r, at);
    acknowledged_by = r.get<std::string>(at + 1);
    acknowledged_ind = r.get_indicator(at + 2);
    if (acknowledged_ind == soci::i_ok) acknowledged_at = int64_at(r, at + 2);
    suspended_on = r.get<std::string>(at + 3);
    extension_due = r.get<std::string>(at + 4);
    extension_reason = r.get<std::string>(at + 5);
    extension_by = r.get<std::string>(at + 6);
    extra = r.get<std::string>(at + 7);
    standing = int_at(r, at + 8);
    report_due = r.get<std::string>(at + 9);
  }
};

}  // namespace duban::store::item_rows
