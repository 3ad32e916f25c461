#pragma once
// The journal: every state change, who made it, when and why, hash-chained so that any edit to
// history is detected. Appended in the same transaction as the change it records.
#include <soci/soci.h>

#include <deque>
#include <memory>

#include "store/journal_hash.hpp"
#include "store/repositories.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

/// Appends entries inside the caller's write transaction. Keeps its statements prepared for the
/// life of the session.
class JournalWriter final : public JournalRepository {
 public:
  /// `county`: the county whose chain this session's unit of work writes (read as each statement
  /// runs: store/soci_store.cpp sets it as a unit of work begins).
  JournalWriter(soci::session& session, const SqlBackend& backend, const long long& county);
  ~JournalWriter() override;
  /// A unit of work begins on this session. Unless `cached` (nothing else committed since this
  /// session's last unit, which committed), the chain's tail is read again when next needed.
  void begin(bool cached);
  /// Makes this unit of work the chain's only writer until it ends, now (the head's row lock on
  /// backends whose writers do not queue otherwise): what it reads next, the clock included,
  /// comes after every entry of the units that wrote before it.
  void hold();
  void link(JournalEntry& entry) override;
  void append_all(std::vector<JournalEntry>& entries) override;
  std::vector<JournalEntry> read(const std::string& subject) override;
  std::vector<JournalEntry> entries(std::int64_t first, std::int64_t last) override;
  void for_each_item_entry(
      const std::function<void(std::int64_t item, const JournalEntry&)>& each) override;
  AuditResult verify() override;
  std::vector<std::int64_t> items_without_rows() override;
  std::vector<std::string> other_subjects() override;
  std::vector<std::pair<std::string, std::int64_t>> item_event_counts() override;
  std::optional<Checkpoint> last_entry() override;
  std::optional<std::string> hash_at(std::int64_t seq) override;
  void add_checkpoint(Checkpoint& checkpoint) override;
  std::vector<Checkpoint> checkpoints() override;
  void add_denial(const Denial& denial) override;
  std::vector<Denial> denials(const std::string& since) override;
  std::optional<Instant> last_at() override;

 private:
  struct Prepared;
  Prepared& prepared();
  Prepared& tail();
  bool tail_loaded_ = false;
  // The hashed columns of entries linked but not yet written, from seq formatted_first_ on.
  struct Formatted {
    std::string at, changes;
  };
  std::deque<Formatted> formatted_;
  long long formatted_first_ = 0;
  // The last time formatted: the entries of one unit of work mostly share it.
  Instant last_at_{};
  std::string last_at_text_;
  soci::session& session_;
  const SqlBackend& backend_;
  const long long& county_;
  std::unique_ptr<Prepared> prepared_;
};

}  // namespace duban::store
