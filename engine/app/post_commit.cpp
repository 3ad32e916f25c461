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
  std::function<void(const std::string&)> sink;
  {
    std::lock_guard lock(mutex_);
    observers = observers_;
    sink = error_sink_;
  }
  for (const auto& observer : observers) {
    try {
      observer(committed);
    } catch (const std::exception& e) {
      if (sink) sink(std::string("observer failed: ") + e.what());
    } catch (...) {
      if (sink) sink("observer failed");
    }
  }
}

}  // namespace duban::app
