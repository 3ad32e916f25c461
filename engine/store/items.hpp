#pragma once
// Rectification items in the database.
#include <soci/soci.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/item.hpp"

namespace duban::store {

struct ItemFilter {
  std::optional<ItemState> state;
  std::string unit;
  std::string round;
  bool overdue = false;            ///< due passed and not yet rectified (identified or assigned)
  std::optional<Date> due_before;  ///< due on or before this day
  Instant now{};
  std::size_t limit = 0;  ///< 0: no limit
};

/// Keeps its hot statements (find, insert, update) prepared for the life of the session.
class ItemStore {
 public:
  ItemStore(soci::session& session, ZoneOffset zone);
  ~ItemStore();

  std::optional<RectificationItem> find(std::int64_t id);
  /// Inserts and returns the new id.
  std::int64_t insert(const RectificationItem& item, Instant now);
  /// Writes every field; refuses (conflict) if the stored version is not item.version.
  void update(const RectificationItem& item, Instant now);
  std::vector<RectificationItem> list(const ItemFilter& filter);
  std::int64_t count();
  /// Items not yet rectified (identified or assigned), and how many of them are overdue at `now`.
  std::pair<std::int64_t, std::int64_t> open_and_overdue(Instant now);

 private:
  struct Prepared;
  Prepared& prepared();
  soci::session& session_;
  ZoneOffset zone_;
  std::unique_ptr<Prepared> prepared_;
};

/// JSON array text <-> list of evidence references.
std::string evidence_to_json(const std::vector<std::string>& evidence);
std::vector<std::string> evidence_from_json(const std::string& text);

}  // namespace duban::store
