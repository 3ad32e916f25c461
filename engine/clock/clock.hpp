#pragma once
// Time is injected: everything asks a Clock, and waits through its timers. Tests use ManualClock,
// whose timers fire when the test advances it: no test sleeps to wait for a deadline.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "domain/calendar.hpp"

namespace duban {

using TimerId = std::uint64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
  /// True when the time is set by hand (tests, DUBAN_NOW) rather than read from the system.
  virtual bool pinned() const { return false; }
  /// Calls `fire` once, at or after `when` (at once if it has passed). Timers run on the clock's
  /// executor, one at a time; cancel() before it fires and it never does.
  virtual TimerId at(Instant when, std::function<void()> fire) = 0;
  /// Calls `fire` every `interval`, the first time one interval from now.
  virtual TimerId every(std::chrono::seconds interval, std::function<void()> fire) = 0;
  virtual void cancel(TimerId id) = 0;
};

/// The real wall clock, for commands that run once: it has no executor, so asking it for a timer
/// is an error (Error(internal)).
class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
  TimerId at(Instant, std::function<void()>) override;
  TimerId every(std::chrono::seconds, std::function<void()>) override;
  void cancel(TimerId) override {}
};

/// A clock that moves only when told to; for tests, and for DUBAN_NOW in the command line.
/// advance() and set() fire the timers that fall due, in time order, on the caller's thread.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant{std::chrono::seconds{now_.load()}}; }
  bool pinned() const override { return true; }
  TimerId at(Instant when, std::function<void()> fire) override;
  TimerId every(std::chrono::seconds interval, std::function<void()> fire) override;
  void cancel(TimerId id) override;
  /// Moves to `t` (never backwards), firing every timer due on the way at its own instant.
  void set(Instant t);
  void advance(std::chrono::seconds by) { set(now() + by); }
  /// Timers waiting to fire.
  std::size_t pending() const;

 private:
  struct Timer {
    Instant when;
    std::chrono::seconds interval{0};  ///< 0: once
    std::function<void()> fire;
  };
  std::atomic<long long> now_;
  mutable std::mutex mutex_;
  std::map<TimerId, Timer> timers_;
  TimerId next_ = 1;
};

}  // namespace duban
