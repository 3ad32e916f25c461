#pragma once
// What the journal's writer (journal.cpp) and its audit (journal_audit.cpp) share: how a row
// reads back and how a subject names an item. Internal to the store.
#include <soci/soci.h>

#include <charconv>
#include <cstdint>
#include <string>

#include "domain/journal.hpp"
#include "store/journal_hash.hpp"
#include "store/row.hpp"

namespace duban::store::journal_rows {

/// The item id of an "item:N" subject; 0 for any other subject.
inline std::int64_t item_of(const std::string& subject) {
  if (subject.rfind("item:", 0) != 0) return 0;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(subject.data() + 5, subject.data() + subject.size(), id);
  return ec == std::errc{} && end == subject.data() + subject.size() && id > 0 ? id : 0;
}

/// The previous hash of the first entry.
inline const std::string kNoHash(64, '0');

/// The columns entry_from_row() reads, in its order (the last, format, is read by the audit).
inline constexpr const char* kColumns =
    "SELECT seq, at, actor, subject, event, state_before, state_after, changes, reason,"
    " pinned_clock, prev_hash, hash, subject_prev, format FROM journal";

inline JournalEntry entry_from_row(const soci::row& r) {
  JournalEntry e;
  e.seq = int64_at(r, 0);
  e.at = parse_utc(r.get<std::string>(1)).value_or(Instant{});
  e.actor = r.get<std::string>(2);
  e.subject = r.get<std::string>(3);
  e.event = r.get<std::string>(4);
  e.state_before = r.get<std::string>(5);
  e.state_after = r.get<std::string>(6);
  e.changes = parse_changes(r.get<std::string>(7));
  e.reason = r.get<std::string>(8);
  e.pinned_clock = int_at(r, 9) != 0;
  e.prev_hash = r.get<std::string>(10);
  e.hash = r.get<std::string>(11);
  e.subject_prev = int64_at(r, 12);
  return e;
}

}  // namespace duban::store::journal_rows
