#pragma once
// The two halves of an item's transition, shared by `item <event>` and the round trip of a problem
// list (import of rows with 编号): decide (who may ask, what the item machine says) and write
// (reminders re-armed, journaled, the row updated) in the caller's transaction.
#include <optional>
#include <string>

#include "app/item_cases.hpp"
#include "app/transaction.hpp"

namespace duban::app {

struct DecidedChange {
  RectificationItem after;  ///< the item as the transition leaves it (before it is written)
  ItemTransition transition;
};

/// Throws Error (permission_denied, invalid_transition, reason_required…) when the actor may not
/// ask for it or the machine refuses. `request` is cleaned; `unit` is a unit id or empty (the
/// item's); `new_due` the date the request gives, if any.
DecidedChange decide_item_change(const config::Config& config, const User& actor,
                                 const RectificationItem& before, const ChangeItem& request,
                                 const std::string& unit, std::optional<Date> new_due, Instant now);

/// Writes what was decided in `tx` (not committed): the item as written, its version advanced.
RectificationItem write_item_change(Transaction& tx, const config::Config& config,
                                    const User& actor, const RectificationItem& before,
                                    DecidedChange decided, ItemEventKind kind,
                                    const std::string& reason, Instant now);

}  // namespace duban::app

namespace duban::app {

/// The events `actor` may send to `item` now (the dashboard's buttons): each one decided as above
/// with the details a person would fill in, and kept if neither the permissions nor the item
/// machine refuse it. What the person then fills in may still be refused (a field's error).
std::vector<ItemEventKind> offered_events(const config::Config& config, const User& actor,
                                          const RectificationItem& item, Instant now);

}  // namespace duban::app
