#include "domain/reminder_policy.hpp"

#include <algorithm>
#include <charconv>

#include "domain/enum_names.hpp"

namespace duban {

namespace chr = std::chrono;

std::optional<DayOffset> DayOffset::parse(std::string_view text) {
  auto trim = [](std::string_view t) {
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    return t;
  };
  text = trim(text);
  int days = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (ec != std::errc{} || days < 0 || days > 3660) return std::nullopt;
  auto unit =
      trim(std::string_view(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr)));
  if (unit == "day" || unit == "days" || unit == "天" || unit == "日" || unit == "个自然日" ||
      unit == "自然日") {
    return DayOffset{days, false};
  }
  if (unit == "working day" || unit == "working days" || unit == "工作日" || unit == "个工作日") {
    return DayOffset{days, true};
  }
  return std::nullopt;
}

std::optional<ReportPeriod> ReportPeriod::parse(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text == "每月" || text == "月" || text == "monthly") return ReportPeriod{1, std::nullopt};
  if (text == "每季度" || text == "季度" || text == "quarterly")
    return ReportPeriod{3, std::nullopt};
  if (auto d = DayOffset::parse(text)) {
    if (d->days <= 0) return std::nullopt;
    return ReportPeriod{0, d};
  }
  int n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || n <= 0 || n > 120) return std::nullopt;
  std::string_view unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (unit == "month" || unit == "months" || unit == "个月" || unit == "月") {
    return ReportPeriod{n, std::nullopt};
  }
  return std::nullopt;
}

std::string ReportPeriod::str() const {
  if (days) return days->str();
  return std::to_string(months) + (months == 1 ? " month" : " months");
}

std::string ReportPeriod::zh() const {
  if (days) return days->zh();
  return std::to_string(months) + "个月";
}

Date ReportPeriod::after(Date from, const WorkCalendar& calendar) const {
  if (days) return days->apply(from, +1, calendar);
  auto ym = chr::year_month{from.year(), from.month()} + chr::months{months};
  auto last = chr::year_month_day_last{ym.year(), chr::month_day_last{ym.month()}};
  // 1/31 + 1 month is the last day of February, not a day in March.
  return from.day() > last.day() ? Date{last} : Date{ym / from.day()};
}

std::string DayOffset::zh() const { return std::to_string(days) + (working ? "个工作日" : "天"); }

std::string DayOffset::str() const {
  return std::to_string(days) + (working ? (days == 1 ? " working day" : " working days")
                                         : (days == 1 ? " day" : " days"));
}

Date DayOffset::apply(Date from, int sign, const WorkCalendar& calendar) const {
  if (working) return calendar.add_working_days(from, sign * days);
  return Date{chr::sys_days{from} + chr::days{sign * days}};
}

namespace {
constexpr auto kRoles = enum_names<RecipientRole>({
    {RecipientRole::owner, "owner", "责任人"},
    {RecipientRole::unit_head, "unit_head", "单位负责人"},
    {RecipientRole::unit_staff, "unit_staff", "单位经办人"},
    {RecipientRole::office, "office", "领导小组办公室"},
    {RecipientRole::leader, "leader", "领导小组组长"},
});
}  // namespace

std::string_view to_string(RecipientRole role) { return kRoles.code(role); }
std::string_view label_zh(RecipientRole role) { return kRoles.zh(role); }
std::optional<RecipientRole> recipient_role_from(std::string_view text) {
  return kRoles.parse(text);
}

bool ReminderPolicy::uses_working_days() const {
  return std::any_of(rungs.begin(), rungs.end(), [](const ReminderRung& r) {
    return r.offset.working || (r.repeat && r.repeat->working);
  });
}

ReminderPolicy default_item_policy() {
  using R = RecipientRole;
  std::vector<std::string> both{"email", "sms"};
  ReminderPolicy p;
  p.rungs = {
      {"before_7", -1, {7, false}, std::nullopt, false, {R::owner}, both},
      {"before_3", -1, {3, false}, std::nullopt, false, {R::owner}, both},
      {"before_1", -1, {1, false}, std::nullopt, false, {R::owner}, both},
      {"due", 0, {0, false}, std::nullopt, false, {R::owner, R::unit_head}, both},
      {"overdue", +1, {1, true}, DayOffset{3, true}, false, {R::unit_head, R::office}, both},
      {"escalation", +1, {10, true}, DayOffset{5, true}, true, {R::leader}, {"email"}},
  };
  return p;
}

std::string Firing::key(const ReminderPolicy& policy) const {
  const auto& id = policy.rungs.at(rung).id;
  return occurrence == 0 ? id : id + "#" + std::to_string(occurrence + 1);
}

Instant firing_time(const ReminderRung& rung, int k, Date due, chr::minutes send_time,
                    ZoneOffset zone, const WorkCalendar& calendar) {
  DayOffset total = rung.offset;
  if (k > 0 && rung.repeat) {
    // Repeats count in the repeat's own unit from the first occurrence.
    Date first = rung.offset.apply(due, rung.sign == 0 ? 1 : rung.sign, calendar);
    Date day = DayOffset{rung.repeat->days * k, rung.repeat->working}.apply(first, 1, calendar);
    return local_instant(day, send_time, zone);
  }
  Date day = total.apply(due, rung.sign == 0 ? 1 : rung.sign, calendar);
  return local_instant(day, send_time, zone);
}

namespace {
// The last occurrence of a repeating rung at or before `t` (-1 if the first is after `t`).
int last_occurrence_at_or_before(const ReminderRung& rung, Date due, Instant t,
                                 chr::minutes send_time, ZoneOffset zone,
                                 const WorkCalendar& calendar) {
  Instant first = firing_time(rung, 0, due, send_time, zone, calendar);
  if (t < first) return -1;
  if (!rung.repeat || rung.repeat->days <= 0) return 0;
  // Estimate from the days elapsed, then correct: a handful of steps whatever the age.
  Date first_day = local_date(first, zone);
  Date t_day = local_date(t, zone);
  int elapsed = rung.repeat->working
                    ? calendar.working_days_between(first_day, t_day)
                    : static_cast<int>((chr::sys_days{t_day} - chr::sys_days{first_day}).count());
  int k = std::max(0, elapsed / rung.repeat->days);
  while (k > 0 && firing_time(rung, k, due, send_time, zone, calendar) > t) --k;
  while (firing_time(rung, k + 1, due, send_time, zone, calendar) <= t) ++k;
  return k;
}
}  // namespace

std::vector<Firing> firings_between(const ReminderPolicy& policy, Date due, Instant from,
                                    Instant upto, ZoneOffset zone, const WorkCalendar& calendar) {
  std::vector<Firing> out;
  for (std::size_t i = 0; i < policy.rungs.size(); ++i) {
    const auto& rung = policy.rungs[i];
    int k = last_occurrence_at_or_before(rung, due, upto, policy.send_time, zone, calendar);
    if (k < 0) continue;
    Instant at = firing_time(rung, k, due, policy.send_time, zone, calendar);
    if (at < from) continue;
    out.push_back(Firing{i, k, at});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Firing& a, const Firing& b) { return a.at < b.at; });
  return out;
}

std::optional<Firing> next_firing(const ReminderPolicy& policy, Date due, Instant after,
                                  ZoneOffset zone, const WorkCalendar& calendar) {
  std::optional<Firing> best;
  for (std::size_t i = 0; i < policy.rungs.size(); ++i) {
    const auto& rung = policy.rungs[i];
    int k = last_occurrence_at_or_before(rung, due, after, policy.send_time, zone, calendar);
    if (k >= 0 && !(rung.repeat && rung.repeat->days > 0)) continue;  // no more of it
    Firing next{i, k + 1, firing_time(rung, k + 1, due, policy.send_time, zone, calendar)};
    if (!best || next.at < best->at) best = next;
  }
  return best;
}

std::optional<Instant> next_firing_after(const ReminderPolicy& policy, Date due, Instant after,
                                         ZoneOffset zone, const WorkCalendar& calendar) {
  auto f = next_firing(policy, due, after, zone, calendar);
  return f ? std::optional<Instant>(f->at) : std::nullopt;
}

std::optional<Instant> next_item_reminder(const ReminderPolicy& policy, Date due,
                                          std::optional<Instant> awaiting_ack_since, Instant after,
                                          ZoneOffset zone, const WorkCalendar& calendar) {
  auto next = next_firing_after(policy, due, after, zone, calendar);
  if (awaiting_ack_since && policy.acknowledge_within) {
    auto ack = policy.acknowledge_within->deadline(*awaiting_ack_since, zone, calendar);
    if (ack > after && (!next || ack < *next)) next = ack;
  }
  return next;
}

std::optional<AcknowledgeWithin> AcknowledgeWithin::parse(std::string_view text) {
  if (auto d = DayOffset::parse(text)) {
    if (d->days <= 0) return std::nullopt;
    return AcknowledgeWithin{d, chr::hours{0}};
  }
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  int hours = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), hours);
  if (ec != std::errc{} || hours <= 0 || hours > 24 * 366) return std::nullopt;
  auto unit = std::string_view(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (unit == "hour" || unit == "hours" || unit == "小时" || unit == "个小时") {
    return AcknowledgeWithin{std::nullopt, chr::hours{hours}};
  }
  return std::nullopt;
}

std::string AcknowledgeWithin::str() const {
  if (days) return days->str();
  return std::to_string(hours.count()) + (hours.count() == 1 ? " hour" : " hours");
}

std::string AcknowledgeWithin::zh() const {
  if (!days) return std::to_string(hours.count()) + "小时";
  return days->zh();
}

Instant AcknowledgeWithin::deadline(Instant assigned, ZoneOffset zone,
                                    const WorkCalendar& calendar) const {
  if (!days) return assigned + hours;
  auto local = assigned + zone.offset;  // the local wall clock, as if it were UTC
  auto day = chr::floor<chr::days>(local);
  Date later = days->apply(Date{day}, +1, calendar);
  return Instant{chr::sys_days{later} + (local - day) - zone.offset};
}

std::string fill_template(const std::string& text,
                          const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      auto close = text.find('}', i + 1);
      if (close != std::string::npos) {
        auto key = std::string_view(text).substr(i + 1, close - i - 1);
        auto it = std::find_if(values.begin(), values.end(),
                               [&](const auto& kv) { return kv.first == key; });
        if (it != values.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace duban
