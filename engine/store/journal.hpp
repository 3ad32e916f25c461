#pragma once
// The journal: every state change, who made it, when and why, hash-chained so that any edit to
// history is detected. Appended in the same transaction as the change it records.
#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/calendar.hpp"
#include "store/database.hpp"

namespace duban::store {

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
  std::string prev_hash;
  std::string hash;
};

/// The text that is hashed: sorted-key JSON of every field but the hashes.
std::string canonical_form(const JournalEntry& entry);
/// hex(SHA-256(prev_hash "\n" canonical_form)).
std::string chain_hash(const std::string& prev_hash, const JournalEntry& entry);
std::string sha256_hex(const std::string& data);

/// Appends entries inside the caller's write transaction. Keeps its statements prepared for the
/// life of the session.
class JournalWriter {
 public:
  JournalWriter(soci::session& session, const Dialect& dialect);
  ~JournalWriter();
  /// Fills seq, prev_hash and hash and inserts the entry.
  void append(JournalEntry& entry);
  /// Appends many in one go (one head read and one head update).
  void append_all(std::vector<JournalEntry>& entries);

 private:
  struct Prepared;
  Prepared& prepared();
  soci::session& session_;
  const Dialect& dialect_;
  std::unique_ptr<Prepared> prepared_;
};

std::vector<JournalEntry> read_journal(soci::session& session, const std::string& subject);

struct AuditResult {
  bool ok = true;
  std::int64_t entries = 0;
  std::int64_t first_broken_seq = 0;  ///< 0 when ok
  std::string problem_zh, problem_en;
};

/// Walks the whole chain: sequence numbers, links and hashes, and the recorded head.
AuditResult verify_journal(soci::session& session);

}  // namespace duban::store
