#pragma once
// Turning one person's due reminders into one message, with the workflow's templates.
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "domain/outbox.hpp"
#include "plugin/duban_plugin.hpp"

namespace duban::schedule {

/// "距整改时限还有 3 天", "今天到期", "已逾期 5 天", "已逾期 12 天,升级督办".
std::string rung_text(const QueuedReminder& reminder, ZoneOffset zone);

/// One message for `to` (the batch's deliveries, all to the same person on the same channel)
/// listing each of its reminders. `id` is the batch's stable message id.
plugin::Message render_message(const std::string& id, const Delivery& to,
                               const std::vector<QueuedReminder>& reminders,
                               const config::Config& config);

}  // namespace duban::schedule
