#include "app/reminders.hpp"

#include "app/journal_entry.hpp"

namespace duban::app {

std::optional<Instant> next_reminder(const config::Config& config, const RectificationItem& item,
                                     Instant now) {
  if (!awaits_rectification(item.state) || !item.due) return std::nullopt;
  return next_firing_after(config.workflow.item_reminders, *item.due, now, config.zone,
                           config.calendar);
}

std::optional<Instant> ReminderArmer::operator()(const RectificationItem& item) {
  if (!awaits_rectification(item.state) || !item.due) return std::nullopt;
  auto [it, fresh] = by_due_.try_emplace(*item.due);
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
  const bool was = awaits_rectification(before.state) && before.due;
  const bool is = awaits_rectification(after.state) && after.due;
  const auto subject = item_subject(after.id);
  if (!is) {
    after.remind_at.reset();
    if (was) {
      tx.outbox().cancel(subject, std::nullopt,
                         "事项已" + std::string(label_zh(after.state)) + " / item " +
                             std::string(to_string(after.state)));
    }
    return;
  }
  if (!was || due_set || before.due != after.due) {
    after.remind_at = next_reminder(config, after, now);
    tx.outbox().cancel(subject, end_of_day(*after.due, config.zone),
                       "整改时限已改为 " + format_date(*after.due) + " / due changed to " +
                           format_date(*after.due));
  }
}

}  // namespace duban::app
