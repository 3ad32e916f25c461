#pragma once
// The evening of a day of field work (evaluation-plan.yaml daily_list): at `confirm_by`, each
// group that has not confirmed its list of the day is reminded (its leader: confirm:<round>/<n>/
// <day>); at `send_at` (before 20:00), the day's confirmed problems of every group leave as one
// 问题清单 workbook for the office and its mailbox (fieldlist:<day>), through the outbox like every
// reminder: queued once under its unique key, sent by the dispatcher, retried with the same
// Message-ID and the same bytes. Run by the scheduler's tick (`duban serve`) and by `duban
// remind` (cron), wired by the composition root.
#include <vector>

#include "config/config.hpp"
#include "schedule/reminder_queue.hpp"
#include "store/repositories.hpp"

namespace duban::survey {

/// Queues what fell due by `now` for each day since the last run (at most 31 days back; a first
/// run starts with today). With `plan`, writes nothing and lists what it would queue instead
/// (`remind --dry-run`).
schedule::QueueReport queue_day_lists(store::Store& store, const config::Config& config,
                                      Instant now,
                                      std::vector<schedule::PlannedReminder>* plan = nullptr);

/// The outbox subject of a group's confirmation reminder: cancelled when the group confirms.
std::string confirm_subject(const std::string& round, int group, const std::string& day);

}  // namespace duban::survey
