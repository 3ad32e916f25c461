#pragma once
// Elapsed time for measurements (request latency in /metrics): the monotonic clock, not the
// engine's Clock, which tells the time of day and may be pinned or set by hand.
#include <chrono>

namespace duban {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  std::chrono::duration<double> elapsed() const {
    return std::chrono::steady_clock::now() - start_;
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace duban
