#pragma once
// The rectification item's lifecycle (Boost.MSM behind a plain interface):
//   identified --assign--> assigned --rectify--> rectified --verify--> verified --close--> closed
//   rectified --reject--> assigned (rework +1);  closed --reopen--> assigned (返贫, a problem came
//   back)
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/item.hpp"

namespace duban {

enum class ItemEventKind { assign, rectify, verify, reject, close, reopen };
std::string_view to_string(ItemEventKind kind);
std::optional<ItemEventKind> item_event_from(std::string_view text);

/// One event with everything the machine's guards look at.
struct ItemEvent {
  ItemEventKind kind = ItemEventKind::assign;
  std::string actor;
  std::string reason;  ///< reject, reopen: required
  // assign: all four required
  std::string unit;
  std::string owner;
  std::string measures;
  std::optional<Date> due;
  std::string result;                 ///< rectify: required
  std::vector<std::string> evidence;  ///< rectify: references to evidence, added to the item's
  std::string rectified_by;           ///< verify: the item's last rectifier (may not verify it)
  std::optional<Date> new_due;        ///< reject, reopen: a new deadline, if one is given
};

/// What a transition does: the state it reaches and the effects its actions produced, in order.
struct ItemTransition {
  ItemState to = ItemState::identified;
  bool rework = false;  ///< the event sends the item back for rework (reject)
  std::vector<ItemEffect> effects;
};

/// Applies `event` to an item in state `from`. Throws duban::Error — invalid_transition when the
/// event has no row for the state, or the code of the guard that refused it — and changes nothing.
/// The effects are the machine's to decide: assign sets the assignment, rectify records the result
/// and its rectifier, reject counts the rework, reject and reopen change the deadline if given.
ItemTransition apply_item_event(ItemState from, const ItemEvent& event);

}  // namespace duban

namespace duban {
/// Restores a machine to `state` and reads the state back (proves the restore path; for tests).
ItemState round_trip_item_state(ItemState state);
}  // namespace duban
