#pragma once
// The scheduler loop: every interval it sweeps the database for what is due and overdue.
// Reminders and escalation hang off this loop in a later step; today it keeps the counts that
// /healthz reports. Time comes from the injected Clock; the timer only paces the loop.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "clock/clock.hpp"
#include "store/store.hpp"

namespace duban::schedule {

struct SweepResult {
  Instant at{};
  std::int64_t open_items = 0;     ///< identified or assigned
  std::int64_t overdue_items = 0;  ///< of those, past their due date
};

/// One sweep: reads the database as of `now`.
SweepResult sweep(store::Store& store, Instant now);

class Scheduler {
 public:
  Scheduler(boost::asio::io_context& io, store::Store& store, const Clock& clock,
            std::chrono::seconds interval, std::function<void(const std::string&)> log);
  /// Sweeps at once, then every interval until the io_context stops.
  void start();
  const std::optional<SweepResult>& last() const { return last_; }

 private:
  void tick();
  boost::asio::steady_timer timer_;
  store::Store& store_;
  const Clock& clock_;
  std::chrono::seconds interval_;
  std::function<void(const std::string&)> log_;
  std::optional<SweepResult> last_;
};

}  // namespace duban::schedule
