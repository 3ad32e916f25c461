#pragma once
// A journal entry: one change, who made it, when and why. The store hash-chains them.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

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

/// A signed statement of the chain's head at one moment (audit/checkpoint.hpp): whoever holds it
/// and the county's public key can tell later whether the journal up to `seq` is still the same.
struct Checkpoint {
  std::int64_t id = 0;  ///< its row in the database; 0 for one read from a file
  std::int64_t seq = 0;
  std::string hash, at;  ///< the entry's hash and time
  std::string statement, signature, public_key;
};

/// A refused action, kept in the security log (`duban audit denials`): who tried what, on what,
/// when, and why it was refused. Never changes the data it was refused on.
struct Denial {
  std::int64_t id = 0;
  std::string at, actor, action, subject, code;
  std::string reason_zh, reason_en;
};

/// One thing `audit verify` found wrong: the journal entry it concerns (0 when none does) and the
/// subject ("item:7", "round:2020-H1", …) where there is one.
struct AuditFinding {
  std::int64_t seq = 0;
  std::string subject;
  std::string problem_zh, problem_en;
};

/// What `audit verify` found: every problem, in the order found (the chain first, then each
/// record against its history); the first also in first_broken_seq and problem_*.
struct AuditResult {
  bool ok = true;
  std::int64_t entries = 0;
  std::int64_t first_broken_seq = 0;  ///< 0 when ok
  std::string problem_zh, problem_en;
  std::vector<AuditFinding> findings;
  std::size_t more = 0;  ///< findings past the first kMaxFindings, counted but not kept
  /// Signed checkpoints checked against the journal with the county's public key, and the
  /// newest entry they vouch for (0: none checked, so a recomputed chain could not be told).
  std::size_t checkpoints = 0;
  std::int64_t anchored_seq = 0;

  static constexpr std::size_t kMaxFindings = 1000;
  void add(std::int64_t seq, std::string subject, std::string zh, std::string en) {
    if (ok) {
      ok = false;
      first_broken_seq = seq;
      problem_zh = zh;
      problem_en = en;
    }
    if (findings.size() >= kMaxFindings) {
      ++more;
      return;
    }
    findings.push_back({seq, std::move(subject), std::move(zh), std::move(en)});
  }
};

}  // namespace duban
