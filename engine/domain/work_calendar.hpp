#pragma once
// Working days (工作日): Monday to Friday, except the statutory holidays, plus the weekend days
// that are worked instead (调休上班). The days come from config/calendar/*.yaml, one file per year,
// as published by the State Council; a county adds its own days off in a file of its own. A year
// with no file counts weekends only, and says so (uncovered()): a year is never invented.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/calendar.hpp"

namespace duban {

class WorkCalendar {
 public:
  /// Marks `day` as a day off (a holiday, or a county's own day off); `name` says why.
  void add_day_off(Date day, std::string name);
  /// Marks a weekend day as a working day (调休上班).
  void add_working_day(Date day, std::string name);
  /// Records that `year`'s official arrangement is known (a file for it was loaded).
  void cover_year(int year);
  /// Builds the index that makes counting fast; call once after the last change (the loader
  /// does). Until then, and after any change, days are counted one by one: correct, only slower.
  void index();

  bool covers(int year) const { return years_.count(year) != 0; }
  const std::set<int>& years() const { return years_; }
  bool is_working_day(Date day) const;
  /// Why `day` is off or worked when it is not an ordinary weekday or weekend day; empty otherwise.
  std::string reason(Date day) const;

  /// The day `n` working days after `from` (n > 0) or before it (n < 0); `from` itself is not
  /// counted. n == 0 gives `from`.
  Date add_working_days(Date from, int n) const;
  /// Working days in (a, b]: after `a`, up to and including `b` (0 when b <= a).
  int working_days_between(Date a, Date b) const;
  /// The years between `a` and `b` (inclusive, either order) that no file covers.
  std::vector<int> uncovered(Date a, Date b) const;
  /// A short fingerprint of every day and year known: when it changes (a calendar file edited),
  /// what depends on working days is computed again.
  std::string fingerprint() const;

 private:
  std::map<int, std::string> off_;      ///< sys_days count → name
  std::map<int, std::string> working_;  ///< sys_days count → name
  std::set<int> years_;
  /// prefix_[i]: working days in [kFirstDay, kFirstDay + i): counting and stepping by working
  /// days in constant and logarithmic time, for a million items per sweep.
  std::vector<int> prefix_;
};

}  // namespace duban
