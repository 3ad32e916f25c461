#include "schedule/scheduler.hpp"

#include "domain/errors.hpp"

namespace duban::schedule {

SweepResult sweep(store::Store& store, Instant now) {
  auto uow = store.begin(store::Intent::read);
  auto counts = uow->items().open_and_overdue(now);
  uow->commit();
  return SweepResult{now, counts.open, counts.overdue};
}

Scheduler::Scheduler(store::Store& store, Clock& clock, std::chrono::seconds interval,
                     std::function<void(const std::string&)> log)
    : store_(store), clock_(clock), interval_(interval), log_(std::move(log)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start() {
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

void Scheduler::tick() {
  try {
    auto result = sweep(store_, clock_.now());
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
