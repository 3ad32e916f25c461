#pragma once
// Reminders and notifications as the command line and the API see them: what would be sent
// (remind --dry-run), a one-off reminder run, the outbox listed, a dead delivery retried, the
// plugins loaded, and the observer tasks (written by app/transaction.cpp, carried out by
// schedule/task_runner.hpp) listed and a dead one retried.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "plugin/registry.hpp"
#include "schedule/dispatcher.hpp"
#include "schedule/reminder_queue.hpp"

namespace duban::app {

/// The reminders that fall due by `at` (default: now), as they would be queued: items', steps',
/// missing submissions', the daily digest and what `more` queues (the field evaluation's day
/// lists: survey/day_list_queue.hpp), the others from where the scheduler last ran (none before it
/// first ran). Nothing is written. Read-only, open to anyone who can read the database.
std::vector<schedule::PlannedReminder> plan_reminders(
    Services& services, Instant at, const std::vector<schedule::Queuer>& more = {});

struct RemindRun {
  schedule::QueueReport queued;
  schedule::DispatchReport dispatched;
  std::vector<plugin::PluginStatus> plugins;
};
/// Queues what is due now — items', steps', missing submissions', the daily digest and what `more`
/// queues, as the server's tick does — and dispatches it once through the configured plugins (for
/// a county that runs reminders from cron instead of `duban serve`). Leading group only.
RemindRun remind_now(Services& services, const std::string& actor,
                     const std::vector<schedule::Queuer>& more = {});

/// The outbox, newest first. Leading group and supervision group.
std::vector<std::pair<QueuedReminder, Delivery>> list_notifications(
    Services& services, const std::string& actor, const store::OutboxFilter& filter);

/// A dead delivery sent again at the next dispatch. Leading group only; not_found if there is no
/// such delivery, invalid_transition if it is not dead.
Delivery retry_notification(Services& services, const std::string& actor, std::int64_t id);

/// The configured plugins, loaded as `duban serve` loads them, and what became of each.
std::vector<plugin::PluginStatus> plugin_status(Services& services, std::vector<std::string>& log);

/// Observer tasks, newest first. Leading group, supervision group, administrators and viewers.
std::vector<ObserverTask> list_tasks(Services& services, const std::string& actor,
                                     const store::TaskFilter& filter);

/// A dead task run again at the next chance, by every observer that failed it. Leading group
/// only; not_found if there is no such task, invalid_transition if it is not dead.
ObserverTask retry_task(Services& services, const std::string& actor, std::int64_t id);

nlohmann::json to_json(const ObserverTask& task, ZoneOffset zone);

nlohmann::json to_json(const schedule::PlannedReminder& planned, ZoneOffset zone);
nlohmann::json to_json(const QueuedReminder& reminder, const Delivery& delivery, ZoneOffset zone);
nlohmann::json to_json(const plugin::PluginStatus& status);

}  // namespace duban::app
