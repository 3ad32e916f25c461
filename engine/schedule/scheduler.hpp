#pragma once
// The scheduler: every interval (a timer of the injected Clock) it sweeps the database for what is
// due and overdue, keeps the counts that /healthz reports and, with reminders on, queues the
// reminders that fell due (schedule/reminder_queue.hpp). On ManualClock it ticks when a test
// advances the clock; in `duban serve` its clock's timers run on a thread of their own, so a
// sweep never holds up an HTTP request.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "clock/clock.hpp"
#include "config/config.hpp"
#include "domain/sweep.hpp"
#include "schedule/reminder_queue.hpp"
#include "store/repositories.hpp"

namespace duban::schedule {

/// One sweep: reads the database as of `now`, in a read unit of work; with a `zone`, keeps the
/// counts as the local day's too (the dashboard's trend), in a write unit of work.
SweepResult sweep(store::Store& store, Instant now, const ZoneOffset* zone = nullptr);

class Scheduler {
 public:
  Scheduler(store::Store& store, Clock& clock, std::chrono::seconds interval,
            std::function<void(const std::string&)> log);
  ~Scheduler();
  /// Queue reminders at every tick under `config`'s policies (and re-arm them at start() when the
  /// calendar or the policy changed). `queued` is told after a tick queued something.
  void enable_reminders(const config::Config& config, std::function<void()> queued = {});
  /// Something more each tick queues (after items', steps' and the digest). Before start().
  void add_queuer(Queuer queuer);
  /// Sweeps at once, then at every tick of the clock's timer until stop() or destruction.
  void start();
  void stop();
  /// Counts open and overdue items now, without queueing reminders: what /healthz reports from
  /// the first request on, before start() has run on the scheduler's thread.
  void count_now();
  std::optional<SweepResult> last() const;
  /// Sweeps so far (for tests and /healthz).
  std::int64_t sweeps() const;

 private:
  void tick();
  void count();
  store::Store& store_;
  Clock& clock_;
  std::chrono::seconds interval_;
  std::function<void(const std::string&)> log_;
  mutable std::mutex mutex_;
  std::optional<SweepResult> last_;
  std::int64_t sweeps_ = 0;
  std::optional<TimerId> timer_;
  const config::Config* reminders_ = nullptr;
  std::function<void()> queued_;
  std::vector<Queuer> queuers_;
};

}  // namespace duban::schedule
