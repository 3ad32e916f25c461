#pragma once
// The hook after commit: in-process observers see each committed transition with its effects and
// journal entry. They run after the data is durable and cannot change what was committed; what
// they want done goes back in through a use case.
//
// The rule plugins' work is made durable instead: when tasks are recorded, every unit of work with
// journal entries writes an observer task in its own transaction (domain/observer_task.hpp), which
// a task runner (schedule/task_runner.hpp) carries out after the commit, retried until done or
// dead; its failures are reported here.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "domain/item.hpp"
#include "domain/journal.hpp"
#include "domain/round.hpp"

namespace duban::app {

/// One committed change: its journal entry (with seq and hash) and the machine's effects.
struct Committed {
  JournalEntry entry;
  std::vector<ItemEffect> item_effects;
  std::vector<StepEffect> step_effects;
};

/// Called once per committed unit of work, with its changes in journal order. Must not throw;
/// if it does, the exception is reported through the error sink and the next observer still runs.
using Observer = std::function<void(const std::vector<Committed>&)>;

class PostCommit {
 public:
  /// Adds an observer for the life of the process (normally at start, by the composition root).
  void add(Observer observer);
  /// Where a failing observer, or a task retried or dead, is reported (default: nowhere).
  void set_error_sink(std::function<void(const std::string&)> sink);
  /// True when someone listens: only then are committed changes kept for notify().
  bool wanted() const;
  void notify(const std::vector<Committed>& committed) const noexcept;
  /// Whether each unit of work with journal entries writes an observer task (set when plugins are
  /// configured).
  void record_tasks(bool on) { tasks_ = on; }
  bool records_tasks() const { return tasks_; }
  /// Called after each commit that wrote a task (the server wakes its task runner); nullptr: none.
  void on_task_written(std::function<void()> wake);
  void task_written() const noexcept;
  /// A failure of observer work: counted, and passed to the error sink.
  void report(const std::string& message) const noexcept;
  /// The failures reported since the process started (for /metrics).
  std::int64_t failures() const { return failures_.load(); }

 private:
  mutable std::mutex mutex_;
  std::vector<Observer> observers_;
  std::function<void(const std::string&)> error_sink_;
  std::function<void()> wake_;
  std::atomic<bool> tasks_{false};
  mutable std::atomic<std::int64_t> failures_{0};
};

/// The machine's effects by name (assignment_set, step_opened, …), as observers see them.
std::vector<std::string> effect_names(const std::vector<ItemEffect>& item_effects,
                                      const std::vector<StepEffect>& step_effects);

}  // namespace duban::app
