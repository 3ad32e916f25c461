#include "app/post_commit.hpp"

namespace duban::app {

void PostCommit::add(Observer observer) {
  std::lock_guard lock(mutex_);
  observers_.push_back(std::move(observer));
}

void PostCommit::set_error_sink(std::function<void(const std::string&)> sink) {
  std::lock_guard lock(mutex_);
  error_sink_ = std::move(sink);
}

bool PostCommit::wanted() const {
  std::lock_guard lock(mutex_);
  return !observers_.empty();
}

void PostCommit::notify(const std::vector<Committed>& committed) const noexcept {
  std::vector<Observer> observers;
  {
    std::lock_guard lock(mutex_);
    observers = observers_;
  }
  for (const auto& observer : observers) {
    try {
      observer(committed);
    } catch (const std::exception& e) {
      report(std::string("observer failed: ") + e.what());
    } catch (...) {
      report("observer failed");
    }
  }
}

void PostCommit::on_task_written(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

void PostCommit::task_written() const noexcept {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    wake = wake_;
  }
  try {
    if (wake) wake();
  } catch (...) {
    // The task stays in the database; the runner's periodic look finds it.
  }
}

void PostCommit::report(const std::string& message) const noexcept {
  ++failures_;
  std::function<void(const std::string&)> sink;
  {
    std::lock_guard lock(mutex_);
    sink = error_sink_;
  }
  try {
    if (sink) sink(message);
  } catch (...) {
    // A sink that fails must not take the committer or the task runner with it.
  }
}

std::vector<std::string> effect_names(const std::vector<ItemEffect>& item_effects,
                                      const std::vector<StepEffect>& step_effects) {
  static const char* item_names[] = {
      "assignment_set", "rectification_reported", "rework_counted",    "due_changed",
      "acknowledged",   "extension_requested",    "extension_settled", "suspended",
      "resumed",        "progress_reported"};
  static const char* step_names[] = {
      "step_opened",         "step_completed",   "completion_overridden",
      "completion_cleared",  "report_approved",  "approval_cleared",
      "submission_received", "problem_recorded", "problems_become_items"};
  static_assert(std::variant_size_v<ItemEffect> == std::size(item_names));
  static_assert(std::variant_size_v<StepEffect> == std::size(step_names));
  std::vector<std::string> out;
  for (const auto& e : item_effects) out.push_back(item_names[e.index()]);
  for (const auto& e : step_effects) out.push_back(step_names[e.index()]);
  return out;
}

}  // namespace duban::app
