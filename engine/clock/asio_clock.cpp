#include "clock/asio_clock.hpp"

#include <boost/asio/steady_timer.hpp>

namespace duban {

struct AsioClock::Impl {
  boost::asio::io_context& io;
  std::mutex mutex;
  std::map<TimerId, std::shared_ptr<boost::asio::steady_timer>> timers;
  TimerId next = 1;
  explicit Impl(boost::asio::io_context& i) : io(i) {}
};

AsioClock::AsioClock(boost::asio::io_context& io, std::optional<Instant> pinned,
                     std::chrono::seconds offset)
    : impl_(std::make_unique<Impl>(io)), pinned_(pinned), offset_(offset) {}

AsioClock::~AsioClock() {
  std::lock_guard lock(impl_->mutex);
  for (auto& [id, timer] : impl_->timers) timer->cancel();
}

Instant AsioClock::now() const {
  if (pinned_) return *pinned_;
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) +
         offset_;
}

TimerId AsioClock::at(Instant when, std::function<void()> fire) {
  std::lock_guard lock(impl_->mutex);
  auto id = impl_->next++;
  auto timer = std::make_shared<boost::asio::steady_timer>(impl_->io);
  auto delay = when - now();
  timer->expires_after(delay.count() > 0 ? delay : std::chrono::seconds{0});
  impl_->timers[id] = timer;
  timer->async_wait([this, id, fire = std::move(fire)](const boost::system::error_code& ec) {
    {
      std::lock_guard lock(impl_->mutex);
      impl_->timers.erase(id);
    }
    if (!ec) fire();
  });
  return id;
}

TimerId AsioClock::every(std::chrono::seconds interval, std::function<void()> fire) {
  std::lock_guard lock(impl_->mutex);
  auto id = impl_->next++;
  auto timer = std::make_shared<boost::asio::steady_timer>(impl_->io);
  impl_->timers[id] = timer;
  // Re-arms itself from its own expiry, so the period does not drift with the work done.
  auto tick = std::make_shared<std::function<void(const boost::system::error_code&)>>();
  std::weak_ptr<std::function<void(const boost::system::error_code&)>> weak = tick;
  *tick = [timer, interval, fire = std::move(fire), weak](const boost::system::error_code& ec) {
    if (ec) return;
    fire();
    if (auto self = weak.lock()) {
      timer->expires_at(timer->expiry() + interval);
      // The pending wait holds the function alive; the function holds itself only weakly.
      timer->async_wait([self](const boost::system::error_code& e) { (*self)(e); });
    }
  };
  timer->expires_after(interval);
  timer->async_wait([tick](const boost::system::error_code& ec) { (*tick)(ec); });
  return id;
}

void AsioClock::cancel(TimerId id) {
  std::lock_guard lock(impl_->mutex);
  if (auto it = impl_->timers.find(id); it != impl_->timers.end()) {
    it->second->cancel();
    impl_->timers.erase(it);
  }
}

}  // namespace duban
