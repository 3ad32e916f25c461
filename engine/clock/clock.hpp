#pragma once
// Time is injected: everything asks a Clock. Tests use ManualClock and never sleep.
#include <atomic>
#include <chrono>

#include "domain/calendar.hpp"

namespace duban {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

/// The real wall clock.
class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

/// A clock that moves only when told to; for tests, and for DUBAN_NOW in the command line.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant{std::chrono::seconds{now_.load()}}; }
  void set(Instant t) { now_ = t.time_since_epoch().count(); }
  void advance(std::chrono::seconds by) { now_ += by.count(); }

 private:
  std::atomic<long long> now_;
};

}  // namespace duban
