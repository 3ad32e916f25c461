#pragma once
// The task runner: carries out the observer tasks (domain/observer_task.hpp) that units of work
// wrote with their commits, so the rule plugins see every committed change even when the process
// that committed it stopped right after. Several may share one database: each claims tasks under
// a lease (its node, until when); a task whose lease ran out is taken over and run again, so an
// observer may see a change more than once (the rule plugins file each recommendation once).
//
// A run claims the due tasks, rebuilds each one's changes from the journal and calls every
// observer still to see it, each on a thread of its own and for at most tasks.timeout_seconds: a
// hung or throwing observer holds up none of the others. The observers that failed are retried
// after a backoff (tasks.backoff_seconds, doubled each time); after tasks.max_attempts the task is
// dead, with an alert through the error sink (the log and /metrics).
#include <functional>
#include <string>
#include <vector>

#include "clock/clock.hpp"
#include "config/config.hpp"
#include "plugin/registry.hpp"
#include "store/repositories.hpp"

namespace duban::schedule {

struct TaskReport {
  int tasks = 0;     ///< tasks run
  int done = 0;      ///< of those, seen by every observer
  int retrying = 0;  ///< some observer failed, to be retried
  int dead = 0;      ///< given up
};

class TaskRunner {
 public:
  using Alert = std::function<void(const std::string&)>;
  /// `alert` is told of every failed observer call and every task that died.
  TaskRunner(store::Store& store, const config::Config& config, const Clock& clock,
             plugin::Registry& observers, Alert alert);
  /// Runs the tasks due now until none is left (each claimed under a lease first).
  TaskReport run_once();
  const std::string& node() const { return node_; }
  /// How long a claim holds: the observers' timeout, twice, and a minute more.
  std::chrono::seconds lease() const;
  /// The delay before attempt `attempts + 1`.
  std::chrono::seconds backoff(int attempts) const;

 private:
  void run(const ObserverTask& task, TaskReport& report);
  store::Store& store_;
  const config::Config& config_;
  const Clock& clock_;
  plugin::Registry& observers_;
  Alert alert_;
  std::string node_;
  Instant pruned_{};
};

/// What an observer sees of a unit of work: its journal entries with their effects by name (JSON
/// {"seq": [names]}, as the task keeps them).
std::vector<plugin::Change> plugin_changes(const std::vector<JournalEntry>& entries,
                                           const std::string& effects_json);

}  // namespace duban::schedule
