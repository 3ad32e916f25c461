#pragma once
// Observer tasks (后续处理任务): what the observers (rule plugins) are to do about a committed unit
// of work. The task is written in that unit of work, so it exists exactly when the change does;
// it is run after the commit by one process at a time, under a lease, and retried with backoff
// until it succeeds or is dead (listed by `duban tasks list --status dead`, retried by hand).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/calendar.hpp"

namespace duban {

/// pending: waits to run; running: a process holds it (until lease_until); retrying: an observer
/// failed or timed out, runs again at next_attempt_at; done; dead: gave up after the last attempt.
enum class TaskStatus { pending, running, retrying, done, dead };
std::string_view to_string(TaskStatus status);
std::string_view label_zh(TaskStatus status);
std::optional<TaskStatus> task_status_from(std::string_view text);

struct ObserverTask {
  std::int64_t id = 0;
  /// The unit of work's journal entries: seq first_seq to last_seq.
  std::int64_t first_seq = 0, last_seq = 0;
  /// JSON {"<seq>": ["assignment_set", …]}: the machine's effects of the entries that had any.
  std::string effects = "{}";
  /// JSON array of the observers still to run it; "*": every observer (not run yet).
  std::string observers = "*";
  TaskStatus status = TaskStatus::pending;
  int attempts = 0;  ///< runs begun
  Instant next_attempt_at{}, created_at{};
  std::string claimed_by;  ///< the process running it
  Instant lease_until{};
  std::string last_error;
  std::optional<Instant> finished_at;
};

}  // namespace duban
