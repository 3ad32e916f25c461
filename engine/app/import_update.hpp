#pragma once
// The round trip: a row carrying 编号 updates the item it was exported from, through the item
// machine — a filled-in 整改结果 becomes `rectify` by the importing unit's user; a changed 整改时限
// a due-date change (the leading group's `reassign`, a unit's extension request); owner and
// measures of an identified item its assignment. What describes the problem is not changed by an
// import: a row that differs there is refused, naming the field.
#include <optional>
#include <string>
#include <vector>

#include "app/import_rows.hpp"
#include "app/item_change_core.hpp"

namespace duban::app {

struct UpdatePlan {
  RowPlan plan;
  std::vector<ChangeItem> steps;          ///< the transitions, in order
  std::vector<std::optional<Date>> dues;  ///< each step's new due date, if it gives one
  bool extra_changes = false;             ///< the extra fields change (journaled, no transition)
};

/// Decides (writes nothing) what the row does to `before`. `where` is "file:line", the reason
/// recorded with each transition.
UpdatePlan plan_update(const config::Config& config, const User& actor,
                       const RectificationItem& before, const RowInput& row,
                       const std::string& where, Instant now);

/// Writes the plan in `tx`: each step decided again on the item as the one before left it.
void apply_update(Transaction& tx, const config::Config& config, const User& actor,
                  const RectificationItem& before, const UpdatePlan& plan,
                  const std::vector<std::pair<std::string, std::string>>& extra,
                  const std::string& where, Instant now);

/// Whether the actor may see and update the item at all (the leading group: any; others: their
/// own unit's). A row naming an item the actor may not see is refused as if it did not exist.
bool may_update(const User& actor, const RectificationItem& item);

}  // namespace duban::app
