#include "domain/work_calendar.hpp"

#include <algorithm>
#include <cstdint>

namespace duban {

namespace chr = std::chrono;

namespace {
int day_number(Date day) { return chr::sys_days{day}.time_since_epoch().count(); }
Date from_number(int n) { return Date{chr::sys_days{chr::days{n}}}; }
bool weekend_number(int n) {
  auto wd = chr::weekday{chr::sys_days{chr::days{n}}};
  return wd == chr::Saturday || wd == chr::Sunday;
}
// The days the prefix index covers: 1970-01-01 to 2199-12-31. Outside it, days are counted one by
// one (correct, only slower).
constexpr int kFirstDay = 0;
const int kEndDay = day_number(Date{chr::year{2200}, chr::January, chr::day{1}});
}  // namespace

void WorkCalendar::add_day_off(Date day, std::string name) {
  working_.erase(day_number(day));
  off_[day_number(day)] = std::move(name);
  prefix_.clear();
}

void WorkCalendar::add_working_day(Date day, std::string name) {
  off_.erase(day_number(day));
  working_[day_number(day)] = std::move(name);
  prefix_.clear();
}

void WorkCalendar::cover_year(int year) { years_.insert(year); }

void WorkCalendar::index() {
  prefix_.assign(static_cast<std::size_t>(kEndDay - kFirstDay) + 1, 0);
  int count = 0;
  for (int n = kFirstDay; n < kEndDay; ++n) {
    prefix_[static_cast<std::size_t>(n - kFirstDay)] = count;
    bool working = off_.count(n) ? false : working_.count(n) ? true : !weekend_number(n);
    if (working) ++count;
  }
  prefix_.back() = count;
}

bool WorkCalendar::is_working_day(Date day) const {
  int n = day_number(day);
  if (off_.count(n)) return false;
  if (working_.count(n)) return true;
  return !weekend_number(n);
}

std::string WorkCalendar::reason(Date day) const {
  int n = day_number(day);
  if (auto it = off_.find(n); it != off_.end()) return it->second;
  if (auto it = working_.find(n); it != working_.end()) return it->second;
  return {};
}

int WorkCalendar::working_days_between(Date a, Date b) const {
  int from = day_number(a), to = day_number(b);
  if (to <= from) return 0;
  if (prefix_.empty() && off_.empty() && working_.empty()) {
    // Weekends only: whole weeks have five working days.
    int count = (to - from) / 7 * 5;
    for (int n = from + 1 + (to - from) / 7 * 7; n <= to; ++n) count += !weekend_number(n);
    return count;
  }
  if (!prefix_.empty() && from >= kFirstDay && to < kEndDay) {
    return prefix_[static_cast<std::size_t>(to + 1 - kFirstDay)] -
           prefix_[static_cast<std::size_t>(from + 1 - kFirstDay)];
  }
  int count = 0;
  for (int n = from + 1; n <= to; ++n) count += is_working_day(from_number(n));
  return count;
}

Date WorkCalendar::add_working_days(Date from, int n) const {
  if (n == 0) return from;
  int start = day_number(from);
  int left = n < 0 ? -n : n;
  // Working days counted from `start` towards d are monotone in d: binary search for the first
  // day that reaches `left`. Even a calendar with a month of holidays reaches it within 2n + 400.
  int span = 2 * left + 400;
  if (n > 0) {
    int lo = start + 1, hi = start + span;  // smallest d with count(start, d] >= left
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2;
      if (working_days_between(from, from_number(mid)) >= left)
        hi = mid;
      else
        lo = mid + 1;
    }
    return from_number(lo);
  }
  int lo = start - span, hi = start - 1;  // largest d with count[d, start) >= left
  while (lo < hi) {
    int mid = hi - (hi - lo) / 2;
    if (working_days_between(from_number(mid - 1), from_number(start - 1)) >= left)
      lo = mid;
    else
      hi = mid - 1;
  }
  return from_number(lo);
}

std::vector<int> WorkCalendar::uncovered(Date a, Date b) const {
  int first = static_cast<int>(a.year()), last = static_cast<int>(b.year());
  if (first > last) std::swap(first, last);
  std::vector<int> out;
  for (int y = first; y <= last; ++y)
    if (!covers(y)) out.push_back(y);
  return out;
}

std::string WorkCalendar::fingerprint() const {
  // FNV-1a over the sorted contents: stable across runs and platforms.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::int64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= static_cast<std::uint64_t>(v >> (i * 8)) & 0xffu;
      h *= 1099511628211ull;
    }
  };
  for (int y : years_) mix(y);
  mix(-1);
  for (auto& [d, _] : off_) mix(d);
  mix(-2);
  for (auto& [d, _] : working_) mix(d);
  static const char* hex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[i] = hex[h & 0xf];
  return out;
}

}  // namespace duban
