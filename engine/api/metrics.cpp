#include "api/metrics.hpp"

#include <cstdio>

namespace duban::api {

std::string label(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      std::chrono::duration<double> took) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  auto& l = latency_[route];
  std::size_t i = 0;
  while (i < kBounds.size() && took.count() > kBounds[i]) ++i;
  ++l.buckets[i];
  l.sum += took.count();
  ++l.count;
}

std::string Metrics::text() const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP duban_http_requests_total HTTP requests answered, by method, route and status.\n"
      "# TYPE duban_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += "duban_http_requests_total{method=\"" + label(method) + "\",route=\"" + label(route) +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }
  out +=
      "# HELP duban_http_request_duration_seconds Time to answer a request, by route.\n"
      "# TYPE duban_http_request_duration_seconds histogram\n";
  char number[64];
  for (const auto& [route, l] : latency_) {
    long long cumulative = 0;
    for (std::size_t i = 0; i <= kBounds.size(); ++i) {
      cumulative += l.buckets[i];
      std::string le = "+Inf";
      if (i < kBounds.size()) {
        std::snprintf(number, sizeof number, "%g", kBounds[i]);
        le = number;
      }
      out += "duban_http_request_duration_seconds_bucket{route=\"" + label(route) + "\",le=\"" +
             le + "\"} " + std::to_string(cumulative) + "\n";
    }
    std::snprintf(number, sizeof number, "%.6f", l.sum);
    out +=
        "duban_http_request_duration_seconds_sum{route=\"" + label(route) + "\"} " + number + "\n";
    out += "duban_http_request_duration_seconds_count{route=\"" + label(route) + "\"} " +
           std::to_string(l.count) + "\n";
  }
  return out;
}

}  // namespace duban::api
