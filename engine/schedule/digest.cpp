// The daily problem digest (当天问题当天汇总): at the configured time each day, the problems
// recorded since the previous digest, grouped by the evaluation group that recorded them and by
// township, queued as one reminder per day (subject digest:YYYY-MM-DD) to the office and its
// mailbox. After downtime, each missed day's digest once (at most 31 days back).
#include <map>
#include <nlohmann/json.hpp>

#include "schedule/reminder_queue.hpp"

namespace duban::schedule {

namespace {
constexpr const char* kWatermark = "digest_upto";
}  // namespace

QueueReport queue_daily_digest(store::Store& store, const config::Config& config, Instant now,
                               std::vector<PlannedReminder>* plan) {
  QueueReport report;
  const auto& d = config.workflow.daily_digest;
  if (!d.enabled) return report;
  auto uow = store.begin(plan ? store::Intent::read : store::Intent::write);
  auto today = local_date(now, config.zone);
  auto latest = local_instant(today, d.time, config.zone) <= now
                    ? today
                    : Date{std::chrono::sys_days{today} - std::chrono::days{1}};
  auto mark = parse_date(uow->outbox().meta(kWatermark));
  if (!plan) uow->outbox().set_meta(kWatermark, format_date(latest));
  if (!mark) {  // the first run records where it stands
    uow->commit();
    return report;
  }
  auto first = std::max(std::chrono::sys_days{*mark} + std::chrono::days{1},
                        std::chrono::sys_days{latest} - std::chrono::days{30});
  ReminderPlanner planner(config);
  std::vector<Problem> problems;
  for (const auto& round : uow->rounds().list()) {
    auto ps = uow->rounds().problems(round.id);
    problems.insert(problems.end(), ps.begin(), ps.end());
  }
  ReminderRung rung;
  rung.id = "daily";
  rung.to = d.to;
  rung.channels = {"email"};
  for (auto day = first; day <= std::chrono::sys_days{latest}; day += std::chrono::days{1}) {
    auto fire = local_instant(Date{day}, d.time, config.zone);
    auto since = fire - std::chrono::days{1};
    // Grouped: evaluation group (who recorded it) → township → problems.
    std::map<std::string, std::map<std::string, std::vector<const Problem*>>> groups;
    int count = 0;
    for (const auto& p : problems) {
      auto at = parse_utc(p.created_at);
      if (!at || *at <= since || *at > fire) continue;
      auto user = uow->directory().find_user(p.created_by);
      auto group = user ? planner.unit_name(user->unit) : p.created_by;
      groups[group][planner.unit_name(p.unit)].push_back(&p);
      ++count;
    }
    if (count == 0) continue;  // nothing found that day: no digest
    std::string text;
    for (const auto& [group, townships] : groups) {
      text += "【" + group + "】\n";
      for (const auto& [township, list] : townships) {
        text += "  " + township + "(" + std::to_string(list.size()) + " 个)\n";
        for (const auto* p : list) {
          text += "    · " + p->title + (p->manifestation.empty() ? "" : ":" + p->manifestation) +
                  "(" + p->round + ")\n";
        }
      }
    }
    QueuedReminder r;
    r.subject = "digest:" + format_date(Date{day});
    r.rung = "daily";
    r.due_at = fire;
    r.fire_at = fire;
    r.queued_at = now;
    nlohmann::json summary{{"kind", "digest"},
                           {"id", format_date(Date{day})},
                           {"title", config.county + " " + format_date(Date{day}) +
                                         " 评估发现问题汇总(" + std::to_string(count) + " 个)"},
                           {"text", text},
                           {"count", count}};
    r.summary = summary_text(summary);
    auto deliveries = planner.deliveries_for(rung, planner.office_unit(), "", now, r.note);
    if (!d.mailbox.empty()) {
      Delivery box;
      box.recipient = "办公室邮箱";
      box.role = "mailbox";
      box.unit = planner.office_unit();
      box.channel = "email";
      box.address = d.mailbox;
      box.next_attempt_at = now;
      deliveries.push_back(box);
    }
    if (plan) {
      plan->push_back({r, deliveries});
    } else if (uow->outbox().queue(r, deliveries)) {
      ++report.reminders;
      report.deliveries += static_cast<std::int64_t>(deliveries.size());
    }
  }
  uow->commit();
  return report;
}

}  // namespace duban::schedule
