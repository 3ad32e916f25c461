#pragma once
// The server's clock: system time (or, for demos and tests, a pinned instant that stands still),
// with timers on the server's Boost.Asio io_context; periods are real time either way.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>

#include "clock/clock.hpp"

namespace duban {

class AsioClock final : public Clock {
 public:
  /// `pinned`: now() is this instant for the life of the clock (DUBAN_NOW).
  explicit AsioClock(boost::asio::io_context& io, std::optional<Instant> pinned = std::nullopt);
  ~AsioClock() override;
  Instant now() const override;
  bool pinned() const override { return pinned_.has_value(); }
  TimerId at(Instant when, std::function<void()> fire) override;
  TimerId every(std::chrono::seconds interval, std::function<void()> fire) override;
  void cancel(TimerId id) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::optional<Instant> pinned_;
};

}  // namespace duban
