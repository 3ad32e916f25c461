#pragma once
// The rectification item's lifecycle (Boost.MSM behind a plain interface):
//   identified --assign--> assigned --rectify--> rectified --verify--> verified --close--> closed
//   rectified --reject--> assigned (rework +1);  closed --reopen--> assigned (返贫, a problem came
//   back). Within assigned (internal transitions, the state stays): reassign (改派: the unit,
//   owner, measures or deadline changed, with a reason), ack (签收), extend / approve-extension /
//   refuse-extension (延期申请 and its decision), suspend / resume (暂停, the clock stops).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/item.hpp"

namespace duban {

enum class ItemEventKind {
  assign,
  rectify,
  verify,
  reject,
  close,
  reopen,
  reassign,
  ack,
  extend,
  approve_extension,
  refuse_extension,
  suspend,
  resume,
  report
};
std::string_view to_string(ItemEventKind kind);
std::string_view label_zh(ItemEventKind kind);
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
  std::optional<Date> new_due;  ///< reject, reopen: a new deadline, if one is given; extend: the
                                ///< date asked for (required); approve-extension: instead of it
  std::optional<Instant> at;    ///< when it happens: assign (awaits acknowledgement), ack
  Date today{};                 ///< the local day it happens: suspend, resume
  // What the item already has, for the guards and the ledger's arithmetic.
  std::optional<Date> current_due;
  std::string acknowledged_by;
  std::optional<Date> suspended_on;
  std::optional<Date> pending_extension;
  /// A standing item (长期坚持): assigned without a due date; reports its progress (report, the
  /// text in `result`), after which the next report is due by `next_report`.
  bool standing = false;
  std::optional<Date> next_report;
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
/// and its rectifier, reject counts the rework, reject and reopen change the deadline if given;
/// ack records who acknowledged; extend records the request, approve-extension settles it and
/// moves the deadline, refuse-extension settles it; suspend stops the clock and resume (or a
/// rectification while suspended) moves the deadline on by the days it stood still.
ItemTransition apply_item_event(ItemState from, const ItemEvent& event);

}  // namespace duban

namespace duban {
/// Restores a machine to `state` and reads the state back (proves the restore path; for tests).
ItemState round_trip_item_state(ItemState state);
}  // namespace duban
