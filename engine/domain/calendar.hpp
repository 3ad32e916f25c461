#pragma once
// Dates, instants and deadlines. Calendar arithmetic uses <chrono> calendar types only.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace duban {

using Instant = std::chrono::sys_seconds;
using Date = std::chrono::year_month_day;

/// A fixed offset from UTC; China Standard Time (+08:00) unless configured.
struct ZoneOffset {
  std::chrono::minutes offset{8 * 60};
  /// Parses "+08:00", "-05:30", "UTC" or "Z". Returns nullopt on bad input.
  static std::optional<ZoneOffset> parse(std::string_view text);
  std::string str() const;
};

/// The years a date given as input may fall in (configuration `dates`, 2000–2100 unless set): a
/// typo such as 0202-06-30 or 2200-06-30 is refused, not stored. Stored dates are not checked.
struct YearRange {
  int first = 2000;
  int last = 2100;
  bool contains(int year) const { return year >= first && year <= last; }
  bool contains(Date date) const { return contains(static_cast<int>(date.year())); }
};

/// Parses an ISO date "YYYY-MM-DD"; nullopt if malformed or not a real day (2021-02-29).
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date date);

/// "Before 31 July" means due at the end of that day, local time: the first instant of the next
/// day.
Instant end_of_day(Date date, ZoneOffset zone);
/// The instant a local time of day (`time` after midnight) falls on, on `date`.
Instant local_instant(Date date, std::chrono::minutes time, ZoneOffset zone);
/// The local calendar day an instant falls on.
Date local_date(Instant instant, ZoneOffset zone);
/// "2020-07-31 23:59:00 +08:00"
std::string format_instant(Instant instant, ZoneOffset zone);
/// Parses "YYYY-MM-DDTHH:MM[:SS]" as local time in `zone`, or a date alone as its 00:00.
std::optional<Instant> parse_local_time(std::string_view text, ZoneOffset zone);

/// A yearly date relative to a round's year: month, day (or the month's last day), years after.
struct DateRule {
  unsigned month = 1;
  std::optional<unsigned> day;  ///< nullopt: the last day of the month (28 or 29 for February)
  int years_after = 0;
  Date resolve(int round_year) const;
};

enum class Status { green, yellow, red };
std::string_view to_string(Status status);
/// green: more than `yellow_days` left; yellow: that many days or fewer; red: overdue.
Status status_of(Instant due, Instant now, int yellow_days);
bool is_overdue(Instant due, Instant now);

}  // namespace duban

namespace duban {
/// "2020-07-31T16:00:00Z": how instants are stored and journaled.
std::string format_utc(Instant instant);
std::optional<Instant> parse_utc(std::string_view text);
}  // namespace duban
