#include "schedule/scheduler.hpp"

#include "domain/errors.hpp"
#include "schedule/reminder_queue.hpp"

namespace duban::schedule {

SweepResult sweep(store::Store& store, Instant now, const ZoneOffset* zone) {
  auto uow = store.begin(zone ? store::Intent::write : store::Intent::read);
  auto counts = uow->items().open_and_overdue(now);
  if (zone) uow->items().record_day(format_date(local_date(now, *zone)), counts);
  uow->commit();
  return SweepResult{now, counts.open, counts.overdue};
}

Scheduler::Scheduler(store::Store& store, Clock& clock, std::chrono::seconds interval,
                     std::function<void(const std::string&)> log)
    : store_(store), clock_(clock), interval_(interval), log_(std::move(log)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::enable_reminders(const config::Config& config, std::function<void()> queued) {
  reminders_ = &config;
  queued_ = std::move(queued);
}

void Scheduler::add_queuer(Queuer queuer) { queuers_.push_back(std::move(queuer)); }

void Scheduler::start() {
  if (reminders_) {
    try {
      bool first = false;
      auto n = rearm_if_changed(store_, *reminders_, clock_.now(), &first);
      if (n > 0 && first) {
        log_(Text{"已为 " + std::to_string(n) + " 项事项安排提醒",
                  "reminders armed for " + std::to_string(n) + " items"}
                 .str());
      } else if (n > 0) {
        log_(Text{"日历或催办规则有变:已重新安排 " + std::to_string(n) + " 项事项的提醒",
                  "calendar or reminder policy changed: reminders re-armed for " +
                      std::to_string(n) + " items"}
                 .str());
      }
    } catch (const std::exception& e) {
      log_(std::string("re-arming reminders failed: ") + e.what());
    }
  }
  tick();
  timer_ = clock_.every(interval_, [this] { tick(); });
}

void Scheduler::stop() {
  if (timer_) clock_.cancel(*timer_);
  timer_.reset();
}

std::optional<SweepResult> Scheduler::last() const {
  std::lock_guard lock(mutex_);
  return last_;
}

std::int64_t Scheduler::sweeps() const {
  std::lock_guard lock(mutex_);
  return sweeps_;
}

void Scheduler::count_now() { count(); }

void Scheduler::tick() {
  count();
  if (!reminders_) return;
  try {
    auto report = queue_due_reminders(store_, *reminders_, clock_.now());
    std::vector<QueueReport> more{queue_step_reminders(store_, *reminders_, clock_.now()),
                                  queue_daily_digest(store_, *reminders_, clock_.now())};
    for (const auto& q : queuers_) more.push_back(q(store_, *reminders_, clock_.now(), nullptr));
    for (const auto& m : more) {
      report.reminders += m.reminders;
      report.deliveries += m.deliveries;
    }
    if (report.reminders > 0) {
      log_(Text{"提醒:" + std::to_string(report.reminders) + " 条到期提醒已入队(" +
                    std::to_string(report.deliveries) + " 份待发送)",
                "reminders: " + std::to_string(report.reminders) + " queued (" +
                    std::to_string(report.deliveries) + " deliveries)"}
               .str());
      if (queued_) queued_();
    }
  } catch (const std::exception& e) {
    // Nothing was written for the batch that failed; its items are found again next tick.
    log_(std::string("queueing reminders failed: ") + e.what());
  }
}

void Scheduler::count() {
  try {
    auto result = sweep(store_, clock_.now(), reminders_ ? &reminders_->zone : nullptr);
    bool changed;
    {
      std::lock_guard lock(mutex_);
      changed = !last_ || last_->overdue_items != result.overdue_items ||
                last_->open_items != result.open_items;
      last_ = result;
      ++sweeps_;
    }
    if (changed) {
      log_(Text{"巡检:未整改事项 " + std::to_string(result.open_items) + " 项,其中逾期 " +
                    std::to_string(result.overdue_items) + " 项",
                "sweep: " + std::to_string(result.open_items) + " open items, " +
                    std::to_string(result.overdue_items) + " overdue"}
               .str());
    }
  } catch (const std::exception& e) {
    // A failed sweep is retried at the next tick; the server keeps answering.
    log_(std::string("sweep failed: ") + e.what());
  }
}

}  // namespace duban::schedule
