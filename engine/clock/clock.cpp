#include "clock/clock.hpp"

#include "domain/errors.hpp"

namespace duban {

namespace {
[[noreturn]] void no_executor() {
  throw Error(Errc::internal, {"此时钟不支持定时器(仅服务进程提供)",
                               "this clock has no timers (only the server provides them)"});
}
}  // namespace

TimerId SystemClock::at(Instant, std::function<void()>) { no_executor(); }
TimerId SystemClock::every(std::chrono::seconds, std::function<void()>) { no_executor(); }

TimerId ManualClock::at(Instant when, std::function<void()> fire) {
  std::lock_guard lock(mutex_);
  auto id = next_++;
  timers_[id] = Timer{when, std::chrono::seconds{0}, std::move(fire)};
  return id;
}

TimerId ManualClock::every(std::chrono::seconds interval, std::function<void()> fire) {
  if (interval.count() <= 0) {
    throw Error(Errc::invalid_argument, {"定时间隔必须为正", "a timer interval must be positive"});
  }
  std::lock_guard lock(mutex_);
  auto id = next_++;
  timers_[id] = Timer{now() + interval, interval, std::move(fire)};
  return id;
}

void ManualClock::cancel(TimerId id) {
  std::lock_guard lock(mutex_);
  timers_.erase(id);
}

std::size_t ManualClock::pending() const {
  std::lock_guard lock(mutex_);
  return timers_.size();
}

void ManualClock::set(Instant t) {
  while (true) {
    // The earliest timer due by t (ties by creation order); the clock stands at its instant while
    // it fires, so what it reads is the time it was due.
    std::function<void()> fire;
    {
      std::lock_guard lock(mutex_);
      auto next = timers_.end();
      for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        if (it->second.when <= t && (next == timers_.end() || it->second.when < next->second.when))
          next = it;
      }
      if (next == timers_.end()) break;
      if (next->second.when > now()) now_ = next->second.when.time_since_epoch().count();
      fire = next->second.fire;
      if (next->second.interval.count() > 0) {
        next->second.when += next->second.interval;
      } else {
        timers_.erase(next);
      }
    }
    fire();  // outside the lock: it may set or cancel timers
  }
  if (t > now()) now_ = t.time_since_epoch().count();
}

}  // namespace duban
