#pragma once
// Queueing the reminders that fell due: the items whose remind_at has come, each rung of the
// policy that fell due since, written to the outbox under its unique key with one delivery per
// person and channel, and the item's next reminder armed: all in one transaction per batch.
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "config/config.hpp"
#include "domain/outbox.hpp"
#include "domain/recipients.hpp"
#include "store/repositories.hpp"

namespace duban::schedule {

/// A reminder as it would be queued, with its deliveries.
struct PlannedReminder {
  QueuedReminder reminder;
  std::vector<Delivery> deliveries;
};

/// A reminder's summary as stored: one line of JSON, bytes that are not UTF-8 replaced.
std::string summary_text(const nlohmann::json& summary);

/// Turns an item whose reminder came into the reminders due in [candidate.remind_at, now].
class ReminderPlanner {
 public:
  explicit ReminderPlanner(const config::Config& config);
  std::vector<PlannedReminder> plan_item(const store::ReminderCandidate& item, Instant now) const;
  /// The item's next reminder after `now`.
  std::optional<Instant> next_after(const store::ReminderCandidate& item, Instant now) const;
  /// One delivery per person and channel for `rung`'s recipients in `unit`; who could not be
  /// reached is added to `note`.
  std::vector<Delivery> deliveries_for(const ReminderRung& rung, const std::string& unit,
                                       const std::string& owner, Instant now,
                                       std::string& note) const;
  const std::string& unit_name(const std::string& id) const;
  /// The outbox row for firing `f` of `policy` for `subject` due on `due`; noted when the firing
  /// counted working days across a year the calendar has no file for.
  QueuedReminder reminder(const ReminderPolicy& policy, const Firing& f, const std::string& subject,
                          Date due, Instant now) const;
  const std::string& office_unit() const { return directory_.office_unit(); }

 private:
  const config::Config& config_;
  RecipientDirectory directory_;
  // A list has few distinct deadlines, units and owners: the ladder's firings and each rung's
  // recipients are worked out once per planner (one tick), not once per item.
  mutable std::map<std::pair<Date, Instant>, std::vector<Firing>> firings_;
  mutable std::map<std::tuple<std::size_t, std::string, std::string>,
                   std::pair<std::vector<Delivery>, std::string>>
      deliveries_;
  std::map<std::string, std::string> unit_names_;
};

struct QueueReport {
  std::int64_t items = 0;       ///< items whose reminders came
  std::int64_t reminders = 0;   ///< reminders queued (a second queueing of one is not counted)
  std::int64_t deliveries = 0;  ///< deliveries queued with them
};

/// Queues every reminder due at `now`, in batches of `batch` items per transaction.
QueueReport queue_due_reminders(store::Store& store, const config::Config& config, Instant now,
                                std::size_t batch = 1000);

/// What queue_due_reminders would queue at `now`, without writing anything (`remind --dry-run`).
std::vector<PlannedReminder> plan_due_reminders(store::Store& store, const config::Config& config,
                                                Instant now, std::size_t limit = 100000);

/// Step deadlines and per-unit submissions (evaluation-procedure.yaml `reminders` and
/// `submission_reminders`): every rung that fell due in (the last time this ran, now] for each
/// step not completed and each expected unit that has not submitted, queued under the same unique
/// key as items' (step:2026-H1/4, submission:2026-H1/3/longtan). Rounds are few: they are read
/// whole each tick. The first run only records where it stands.
/// With `plan`, writes nothing and lists what it would queue there instead (remind --dry-run).
QueueReport queue_step_reminders(store::Store& store, const config::Config& config, Instant now,
                                 std::vector<PlannedReminder>* plan = nullptr);

/// The daily problem digest (procedure.daily_digest): for each day whose digest time has passed
/// since the last run (at most 31 days back), the problems recorded in the 24 hours before it,
/// grouped by evaluation group and township, as one reminder digest:YYYY-MM-DD to the office and
/// the mailbox. No problems that day, no digest. The first run only records where it stands.
/// With `plan`, writes nothing and lists what it would queue there instead.
QueueReport queue_daily_digest(store::Store& store, const config::Config& config, Instant now,
                               std::vector<PlannedReminder>* plan = nullptr);

/// Something else a tick queues, with the same contract as queue_daily_digest (with `plan`, writes
/// nothing and lists instead): the field evaluation's day lists (survey/day_list_queue.hpp), wired
/// by the composition root and the command line, which know the modules above this one.
using Queuer = std::function<QueueReport(store::Store&, const config::Config&, Instant,
                                         std::vector<PlannedReminder>*)>;

/// When the calendar or the policy changed since the reminders were armed (a calendar file
/// edited, a rung added), arms every item again from `now`. Returns the items re-armed (0 when
/// nothing changed). `first` is set when the database had never been armed (a new or migrated one).
std::int64_t rearm_if_changed(store::Store& store, const config::Config& config, Instant now,
                              bool* first = nullptr);

}  // namespace duban::schedule
