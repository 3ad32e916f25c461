#include "domain/calendar.hpp"

#include <charconv>
#include <cstdio>

#include "domain/enum_names.hpp"

namespace duban {

namespace chr = std::chrono;

namespace {
// Fixed-width decimal digits; the journal and the item rows format a timestamp on every write,
// and snprintf was a tenth of a transition's CPU time.
void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

bool parse_int(std::string_view text, int& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}
}  // namespace

std::optional<ZoneOffset> ZoneOffset::parse(std::string_view text) {
  if (text == "UTC" || text == "Z") return ZoneOffset{chr::minutes{0}};
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  int hours = 0, minutes = 0;
  if (!parse_int(text.substr(1, 2), hours) || !parse_int(text.substr(4, 2), minutes)) {
    return std::nullopt;
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  chr::minutes total{hours * 60 + minutes};
  return ZoneOffset{text[0] == '-' ? -total : total};
}

std::string ZoneOffset::str() const {
  auto total = offset.count();
  char sign = total < 0 ? '-' : '+';
  if (total < 0) total = -total;
  char buf[6] = {sign, 0, 0, ':', 0, 0};
  put_digits(buf + 1, static_cast<unsigned>(total / 60 % 100), 2);
  put_digits(buf + 4, static_cast<unsigned>(total % 60), 2);
  return std::string(buf, sizeof buf);
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) ||
      !parse_int(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  Date date{chr::year{y}, chr::month{static_cast<unsigned>(m)}, chr::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_date(Date date) {
  int year = static_cast<int>(date.year());
  if (year >= 0 && year <= 9999) {
    char out[10] = {0, 0, 0, 0, '-', 0, 0, '-', 0, 0};
    put_digits(out, static_cast<unsigned>(year), 4);
    put_digits(out + 5, static_cast<unsigned>(date.month()), 2);
    put_digits(out + 8, static_cast<unsigned>(date.day()), 2);
    return std::string(out, sizeof out);
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

Instant end_of_day(Date date, ZoneOffset zone) {
  auto next_local_midnight = chr::local_days{date} + chr::days{1};
  return Instant{next_local_midnight.time_since_epoch() - zone.offset};
}

Instant local_instant(Date date, chr::minutes time, ZoneOffset zone) {
  return Instant{chr::local_days{date}.time_since_epoch() + time - zone.offset};
}

Date local_date(Instant instant, ZoneOffset zone) {
  auto local = chr::local_seconds{instant.time_since_epoch() + zone.offset};
  return Date{chr::floor<chr::days>(local)};
}

std::string format_instant(Instant instant, ZoneOffset zone) {
  auto local = chr::local_seconds{instant.time_since_epoch() + zone.offset};
  auto day = chr::floor<chr::days>(local);
  chr::hh_mm_ss<chr::seconds> tod{local - day};
  char buf[10] = {' ', 0, 0, ':', 0, 0, ':', 0, 0, ' '};
  put_digits(buf + 1, static_cast<unsigned>(tod.hours().count()), 2);
  put_digits(buf + 4, static_cast<unsigned>(tod.minutes().count()), 2);
  put_digits(buf + 7, static_cast<unsigned>(tod.seconds().count()), 2);
  auto text = format_date(Date{day});
  text.append(buf, sizeof buf);
  return text + zone.str();
}

std::optional<Instant> parse_local_time(std::string_view text, ZoneOffset zone) {
  auto date = parse_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  chr::seconds tod{0};
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != ' ') || (text.size() != 16 && text.size() != 19)) {
      return std::nullopt;
    }
    int h = 0, m = 0, s = 0;
    if (!parse_int(text.substr(11, 2), h) || text[13] != ':' || !parse_int(text.substr(14, 2), m)) {
      return std::nullopt;
    }
    if (text.size() == 19 && (text[16] != ':' || !parse_int(text.substr(17, 2), s))) {
      return std::nullopt;
    }
    if (h > 23 || m > 59 || s > 59) return std::nullopt;
    tod = chr::hours{h} + chr::minutes{m} + chr::seconds{s};
  }
  auto local = chr::local_seconds{chr::local_days{*date}} + tod;
  return Instant{local.time_since_epoch() - zone.offset};
}

Date DateRule::resolve(int round_year) const {
  chr::year year{round_year + years_after};
  chr::month m{month};
  if (!day) return Date{chr::year_month_day_last{year, chr::month_day_last{m}}};
  return Date{year, m, chr::day{*day}};
}

std::string_view to_string(Status status) {
  static constexpr auto kStatus = enum_names<Status>({{Status::green, "green", "绿"},
                                                      {Status::yellow, "yellow", "黄"},
                                                      {Status::red, "red", "红"}});
  return kStatus.code(status);
}

Status status_of(Instant due, Instant now, int yellow_days) {
  if (is_overdue(due, now)) return Status::red;
  if (due - now <= chr::days{yellow_days}) return Status::yellow;
  return Status::green;
}

bool is_overdue(Instant due, Instant now) { return now >= due; }

}  // namespace duban

namespace duban {

std::string format_utc(Instant instant) {
  auto text = format_instant(instant, ZoneOffset{std::chrono::minutes{0}});  // "... +00:00"
  text[10] = 'T';
  text.resize(text.size() - 7);  // drop " +00:00"
  return text + "Z";
}

std::optional<Instant> parse_utc(std::string_view text) {
  if (text.size() != 20 || text.back() != 'Z') return std::nullopt;
  return parse_local_time(text.substr(0, 19), ZoneOffset{std::chrono::minutes{0}});
}

}  // namespace duban
