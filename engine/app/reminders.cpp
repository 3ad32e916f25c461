#include "app/reminders.hpp"

#include "app/journal_entry.hpp"

namespace duban::app {

namespace {
// The date its reminders follow: the deadline, or a standing item's next progress report.
std::optional<Date> reminder_due(const RectificationItem& item) {
  return item.standing ? item.report_due : item.due;
}
// Whether the item's reminders run: awaiting rectification, with a date to remind of, not
// suspended.
bool remindable(const RectificationItem& item) {
  return awaits_rectification(item.state) && reminder_due(item) && !item.is_suspended();
}
std::optional<Instant> awaiting_ack_since(const RectificationItem& item) {
  return item.awaits_acknowledgement() ? item.assigned_at : std::nullopt;
}
}  // namespace

std::optional<Instant> next_reminder(const config::Config& config, const RectificationItem& item,
                                     Instant now) {
  if (!remindable(item)) return std::nullopt;
  return next_item_reminder(config.workflow.item_reminders, *reminder_due(item),
                            awaiting_ack_since(item), now, config.zone, config.calendar);
}

std::optional<Instant> ReminderArmer::operator()(const RectificationItem& item) {
  if (!remindable(item)) return std::nullopt;
  // The items of one load are assigned (if at all) at the same instant: the deadline and whether
  // it awaits acknowledgement decide.
  auto [it, fresh] = by_due_.try_emplace({*reminder_due(item), item.awaits_acknowledgement()});
  if (fresh) it->second = next_reminder(config_, item, now_);
  return it->second;
}

void arm_new_item(const config::Config& config, RectificationItem& item, Instant now) {
  item.remind_at = next_reminder(config, item, now);
}

void arm_item(Transaction& tx, const config::Config& config, const RectificationItem& before,
              RectificationItem& after, const std::vector<ItemEffect>& effects, Instant now) {
  bool due_set = false;
  for (const auto& e : effects) {
    if (std::holds_alternative<AssignmentSet>(e) || std::holds_alternative<DueChanged>(e)) {
      due_set = true;
    }
  }
  const bool was = remindable(before);
  const bool is = remindable(after);
  const auto subject = item_subject(after.id);
  if (!is) {
    after.remind_at.reset();
    if (was) {
      tx.outbox().cancel(subject, std::nullopt,
                         after.is_suspended()
                             ? std::string("事项已暂停 / item suspended")
                             : "事项已" + std::string(label_zh(after.state)) + " / item " +
                                   std::string(to_string(after.state)));
    }
    return;
  }
  const bool new_deadline = !was || due_set || reminder_due(before) != reminder_due(after);
  // Acknowledged, or a new assignment to acknowledge: the end of its acknowledgement time comes
  // off the schedule, or onto it.
  const bool ack_changed = awaiting_ack_since(before) != awaiting_ack_since(after);
  if (new_deadline || ack_changed) after.remind_at = next_reminder(config, after, now);
  if (new_deadline) {
    auto due = *reminder_due(after);
    tx.outbox().cancel(subject, end_of_day(due, config.zone),
                       (after.standing ? "进展报告时限已改为 " : "整改时限已改为 ") +
                           format_date(due) + " / due changed to " + format_date(due));
  }
}

}  // namespace duban::app
