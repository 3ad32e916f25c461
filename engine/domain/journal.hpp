#pragma once
// A journal entry: one change, who made it, when and why. The store hash-chains them.
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "domain/calendar.hpp"

namespace duban {

struct JournalEntry {
  std::int64_t seq = 0;  ///< assigned on append
  Instant at{};
  std::string actor;
  std::string subject;  ///< "item:17", "round:2020-H1", "step:2020-H1/5", "submission:..."
  std::string event;    ///< "assign", "open", "override", "import", ...
  std::string state_before;
  std::string state_after;
  /// field -> (before, after), for the fields the event changed
  std::map<std::string, std::pair<std::string, std::string>> changes;
  std::string reason;
  /// The clock was pinned (DUBAN_NOW) when the entry was written: its time is a claim, not a
  /// reading of the system clock. Hashed only when set, so older entries keep their hashes.
  bool pinned_clock = false;
  /// For an item's entries, the seq of the item's entry before this one (0 for its first): the
  /// item's history is read by following these from the item row. Not part of the hash; audit
  /// verify checks the links against the order of the chain.
  std::int64_t subject_prev = 0;
  std::string prev_hash;
  std::string hash;
};

/// What `audit verify` found: the whole chain checked, or the first entry that breaks it.
struct AuditResult {
  bool ok = true;
  std::int64_t entries = 0;
  std::int64_t first_broken_seq = 0;  ///< 0 when ok
  std::string problem_zh, problem_en;
};

}  // namespace duban
