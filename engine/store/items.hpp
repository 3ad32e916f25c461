#pragma once
// Rectification items in a SOCI database.
#include <soci/soci.h>

#include <memory>
#include <optional>

#include "store/repositories.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

/// Keeps its hot statements (find, insert, update) prepared for the life of the session.
class ItemStore final : public ItemRepository {
 public:
  /// `county`: whose items (read as each statement runs; store/soci_store.cpp sets it).
  ItemStore(soci::session& session, const SqlBackend& backend, ZoneOffset zone,
            const long long& county);
  ~ItemStore() override;

  std::optional<RectificationItem> find(std::int64_t id) override;
  std::int64_t next_id() override;
  std::int64_t insert(const RectificationItem& item, Instant now) override;
  /// A unit of work begins on this session: unless `cached` (as for the journal), the last id is
  /// read again when next needed.
  void begin(bool cached);
  void update(const RectificationItem& before, const RectificationItem& after,
              Instant now) override;
  std::vector<RectificationItem> list(const ItemFilter& filter) override;
  void for_each(const ItemFilter& filter,
                const std::function<void(const RectificationItem&)>& each) override;
  std::int64_t count() override;
  std::int64_t count(const ItemFilter& filter) override;
  std::vector<UnitStateCount> count_by_unit(const ItemFilter& filter) override;
  void record_day(const std::string& day, const OpenCounts& counts) override;
  std::vector<DayCounts> days(const std::string& from) override;
  std::vector<std::int64_t> unit_changes(const std::vector<std::string>& units) override;
  std::vector<ReminderCandidate> due_for_reminder(Instant now, std::size_t limit) override;
  void set_remind_at(std::int64_t id, std::optional<Instant> at) override;
  void for_each_remindable(const std::function<void(const Remindable&)>& each) override;
  void begin_load(std::int64_t rows) override;
  void finish_load() override;
  OpenCounts open_and_overdue(Instant now) override;
  void for_each_stamp(const std::function<void(const ItemStamp&)>& each) override;

 private:
  struct Prepared;
  Prepared& prepared();
  soci::session& session_;
  const SqlBackend& backend_;
  ZoneOffset zone_;
  const long long& county_;
  std::unique_ptr<Prepared> prepared_;
  std::optional<long long> last_id_;
  std::vector<std::string> set_aside_;  ///< what the backend set aside for a load
  bool loading_ = false;
};

/// "state IN ('identified', 'assigned')": the states awaiting rectification, from the one rule in
/// domain/item.hpp, for the queries that count open and overdue items.
std::string awaiting_rectification_sql(const std::string& column = "state");

}  // namespace duban::store
