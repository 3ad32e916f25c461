#pragma once
// Arming an item's reminders: every write of an item goes through arm_item(), so that its next
// reminder (remind_at) always follows its current deadline and state. A transition whose effects
// change the deadline (assign, reject or reopen with a new due date, an approved extension, a
// resume) re-arms it and cancels the reminders queued for the old deadline; an acknowledgement
// takes the end of its acknowledgement time off the schedule; one that takes the item out of the
// unit's hands (rectify, close) or stops its clock (suspend) disarms it and cancels what is
// queued; all in the transition's own transaction. Nothing stale fires, nothing is missed.
#include <map>
#include <optional>

#include "app/transaction.hpp"
#include "domain/item.hpp"

namespace duban::app {

/// The item's next reminder after `now` under the configured policy and calendar (nullopt: none,
/// because it does not await rectification, has no deadline or is suspended). An assignment that
/// awaits acknowledgement is reminded at the end of its acknowledgement time if that comes first.
std::optional<Instant> next_reminder(const config::Config& config, const RectificationItem& item,
                                     Instant now);

/// Sets `after.remind_at` for a new item.
void arm_new_item(const config::Config& config, RectificationItem& item, Instant now);

/// next_reminder() for many new items at one instant (an import): a list has few distinct
/// deadlines, so each is worked out once.
class ReminderArmer {
 public:
  ReminderArmer(const config::Config& config, Instant now) : config_(config), now_(now) {}
  std::optional<Instant> operator()(const RectificationItem& item);

 private:
  const config::Config& config_;
  Instant now_;
  std::map<std::pair<Date, bool>, std::optional<Instant>> by_due_;
};

/// Sets `after.remind_at` after a transition from `before` with `effects`, and cancels in `tx`
/// the queued reminders that no longer apply.
void arm_item(Transaction& tx, const config::Config& config, const RectificationItem& before,
              RectificationItem& after, const std::vector<ItemEffect>& effects, Instant now);

}  // namespace duban::app
