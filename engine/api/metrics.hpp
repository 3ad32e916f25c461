#pragma once
// What /api/v1/metrics reports in the Prometheus text format: requests and their latency by
// route (a histogram), counted as the server answers them; items, reminders and transitions read
// from the database at each scrape.
#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace duban::api {

class Metrics {
 public:
  /// Seconds: the histogram's upper bounds (and +Inf).
  static constexpr std::array<double, 10> kBounds = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,  0.1,    0.25,  0.5,  1.0};
  void observe(const std::string& method, const std::string& route, int status,
               std::chrono::duration<double> took);
  /// The request metrics as Prometheus text.
  std::string text() const;

 private:
  struct Latency {
    std::array<long long, kBounds.size() + 1> buckets{};
    double sum = 0;
    long long count = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, long long> requests_;
  std::map<std::string, Latency> latency_;
};

/// `text` escaped as a Prometheus label value.
std::string label(const std::string& text);

}  // namespace duban::api
