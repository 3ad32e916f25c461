#pragma once
// The hook after commit: observers (reminders, rule plugins, the outbox dispatcher) see each
// committed transition with its effects and journal entry. They run after the data is durable and
// cannot change what was committed; what they want done goes back in through a use case.
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
  /// Where a failing observer is reported (default: nowhere).
  void set_error_sink(std::function<void(const std::string&)> sink);
  /// True when someone listens: only then are committed changes kept for notify().
  bool wanted() const;
  void notify(const std::vector<Committed>& committed) const noexcept;

 private:
  mutable std::mutex mutex_;
  std::vector<Observer> observers_;
  std::function<void(const std::string&)> error_sink_;
};

}  // namespace duban::app
