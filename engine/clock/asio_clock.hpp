#pragma once
// The server's clock: system time (or, for demos, drills and tests, a pinned instant that stands
// still, or system time shifted by an offset), with timers on the server's Boost.Asio io_context;
// periods are real time either way.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>

#include "clock/clock.hpp"

namespace duban {

class AsioClock final : public Clock {
 public:
  /// `pinned`: now() is this instant for the life of the clock (DUBAN_NOW); otherwise system time
  /// plus `offset` (DUBAN_CLOCK_OFFSET: processes started at different times agree).
  explicit AsioClock(boost::asio::io_context& io, std::optional<Instant> pinned = std::nullopt,
                     std::chrono::seconds offset = std::chrono::seconds{0});
  ~AsioClock() override;
  Instant now() const override;
  bool pinned() const override { return pinned_.has_value() || offset_.count() != 0; }
  TimerId at(Instant when, std::function<void()> fire) override;
  TimerId every(std::chrono::seconds interval, std::function<void()> fire) override;
  void cancel(TimerId id) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::optional<Instant> pinned_;
  std::chrono::seconds offset_;
};

}  // namespace duban
