#include "schedule/scheduler.hpp"

#include <tuple>

#include "domain/errors.hpp"

namespace duban::schedule {

SweepResult sweep(store::Store& store, Instant now) {
  SweepResult r;
  r.at = now;
  std::tie(r.open_items, r.overdue_items) = store.items().open_and_overdue(now);
  return r;
}

Scheduler::Scheduler(boost::asio::io_context& io, store::Store& store, const Clock& clock,
                     std::chrono::seconds interval, std::function<void(const std::string&)> log)
    : timer_(io), store_(store), clock_(clock), interval_(interval), log_(std::move(log)) {}

void Scheduler::start() { tick(); }

void Scheduler::tick() {
  try {
    auto result = sweep(store_, clock_.now());
    bool changed = !last_ || last_->overdue_items != result.overdue_items ||
                   last_->open_items != result.open_items;
    last_ = result;
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
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

}  // namespace duban::schedule
