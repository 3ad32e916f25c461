#include "survey/day_list_queue.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "domain/base64.hpp"
#include "survey/day_list.hpp"

namespace duban::survey {

namespace {

constexpr const char* kListMark = "day_list_upto";
constexpr const char* kConfirmMark = "day_confirm_upto";
constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The days whose `time` came since the day the mark `key` records, oldest first, up to the latest
/// one by `now` (at most 31 days back; a first run starts with today). Moves the mark unless
/// planning.
std::vector<Date> days_due(store::OutboxRepository& outbox, const char* key,
                           std::chrono::minutes time, ZoneOffset zone, Instant now, bool planning) {
  using std::chrono::days;
  using std::chrono::sys_days;
  const auto today = local_date(now, zone);
  const sys_days latest =
      local_instant(today, time, zone) <= now ? sys_days{today} : sys_days{today} - days{1};
  auto mark = parse_date(outbox.meta(key));
  if (!planning) outbox.set_meta(key, format_date(Date{latest}));
  auto first = mark ? std::max(sys_days{*mark} + days{1}, latest - days{30}) : sys_days{today};
  std::vector<Date> out;
  for (auto day = first; day <= latest; day += days{1}) out.push_back(Date{day});
  return out;
}

std::string group_name(const ListedGroup& g) {
  return "第" + std::to_string(g.number) + "组" +
         (g.leader.empty()        ? "(未设成员:duban survey group)"
          : g.leader_name.empty() ? "(组长 " + g.leader + ")"
                                  : "(组长 " + g.leader_name + ")");
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out.append(out.empty() ? "" : "、").append(p);
  return out;
}

/// The e-mail's text: each group's state and its problems; the workbook has them all.
std::string list_text(const DayListing& listing) {
  std::string text;
  for (const auto& g : listing.groups) {
    text.append("【").append(group_name(g)).append("】");
    if (!g.villages.empty()) text.append(join(g.villages)).append(";");
    if (g.confirmed) {
      text.append("已确认 ").append(std::to_string(g.problems)).append(" 个问题\n");
    } else {
      text.append("未确认当天问题清单(待确认草稿 ")
          .append(std::to_string(g.waiting))
          .append(" 个,已确认 ")
          .append(std::to_string(g.problems))
          .append(" 个)\n");
    }
    for (const auto& p : listing.problems) {
      if (p.draft.round != g.round || p.draft.group != g.number) continue;
      text.append("    · ")
          .append(p.township_name)
          .append(" ")
          .append(p.draft.village)
          .append(" ")
          .append(p.subject)
          .append(":")
          .append(p.draft.text)
          .append("\n");
    }
  }
  text.append("附件:").append(day_list_file_name(listing));
  text.append("(问题清单格式,可用 duban import 导入)");
  return text;
}

/// The leader's deliveries: one per configured channel the leader has an address for.
std::vector<Delivery> leader_deliveries(store::UnitOfWork& uow, const config::Config& config,
                                        const ListedGroup& g, Instant now, std::string& note) {
  std::vector<Delivery> out;
  for (const auto& u : uow.directory().list_users()) {
    if (u.user.id != g.leader) continue;
    for (const auto& channel : config.evaluation_plan.daily_list.channels) {
      const auto& address = channel == "sms" ? u.phone : u.email;
      if (address.empty()) continue;
      Delivery d;
      d.recipient = u.user.name;
      d.role = "group_leader";
      d.unit = u.user.unit;
      d.channel = channel;
      d.address = address;
      d.next_attempt_at = now;
      out.push_back(d);
    }
  }
  if (out.empty()) {
    note = group_name(g) + " 组长没有邮箱或手机号 / the group's leader has no address";
  }
  return out;
}

void queue(store::UnitOfWork& uow, QueuedReminder& r, std::vector<Delivery>& deliveries,
           std::vector<schedule::PlannedReminder>* plan, schedule::QueueReport& report) {
  if (plan) {
    plan->push_back({r, deliveries});
  } else if (uow.outbox().queue(r, deliveries)) {
    ++report.reminders;
    report.deliveries += static_cast<std::int64_t>(deliveries.size());
  }
}

void queue_confirm_reminders(store::UnitOfWork& uow, const config::Config& config, Date day,
                             Instant now, std::vector<schedule::PlannedReminder>* plan,
                             schedule::QueueReport& report) {
  const auto& d = config.evaluation_plan.daily_list;
  const auto listing = read_day_listing(uow, config, format_date(day));
  for (const auto& g : listing.groups) {
    if (g.confirmed || g.leader.empty()) continue;
    QueuedReminder r;
    r.subject = confirm_subject(g.round, g.number, listing.day);
    r.rung = "confirm";
    r.fire_at = local_instant(day, d.confirm_by, config.zone);
    r.due_at = local_instant(day, d.send_at, config.zone);
    r.queued_at = now;
    const auto by = format_instant(r.due_at, config.zone).substr(11, 5);
    nlohmann::json summary{
        {"kind", "digest"},
        {"id", r.subject},
        {"title", config.county + " " + listing.day + " " + group_name(g) + " 请确认当天问题清单"},
        {"text", group_name(g) + " " + listing.day + " 评估 " + join(g.villages) +
                     ",当天问题清单尚未确认(待确认草稿 " + std::to_string(g.waiting) +
                     " 个)。请在 " + by + " 汇总报送前,在实地评估页面或用 duban survey confirm " +
                     "确认。"}};
    r.summary = schedule::summary_text(summary);
    auto deliveries = leader_deliveries(uow, config, g, now, r.note);
    queue(uow, r, deliveries, plan, report);
  }
}

/// The day's list to the office and the mailbox: at send_at (`rung` daily), or again when a group
/// confirmed after it left (`rung` supplement#n, at `at`: 补报).
void queue_list(store::UnitOfWork& uow, const config::Config& config,
                const schedule::ReminderPlanner& planner, const DayListing& listing,
                const std::string& rung_id, Instant at, Instant now,
                std::vector<schedule::PlannedReminder>* plan, schedule::QueueReport& report) {
  const auto& d = config.evaluation_plan.daily_list;
  std::ostringstream book;
  write_day_list_xlsx(listing, book);
  QueuedReminder r;
  r.subject = "fieldlist:" + listing.day;
  r.rung = rung_id;
  r.due_at = r.fire_at = at;
  r.queued_at = now;
  const bool again = rung_id != "daily";
  nlohmann::json summary{{"kind", "digest"},
                         {"id", listing.day},
                         {"title", config.county + " " + listing.day + " 成效评估当天汇总问题清单" +
                                       (again ? "(补报)" : "") + "(" +
                                       std::to_string(listing.problems.size()) + " 个)"},
                         {"text", list_text(listing)},
                         {"count", listing.problems.size()},
                         {"confirmed_groups", listing.groups.size() - listing.unconfirmed()},
                         {"unconfirmed", listing.unconfirmed()},
                         {"attachments",
                          {{{"name", day_list_file_name(listing)},
                            {"type", kXlsxType},
                            {"base64", to_base64(book.str())}}}}};
  r.summary = schedule::summary_text(summary);
  ReminderRung rung;
  rung.id = "fieldlist";
  rung.to = d.to;
  rung.channels = {"email"};
  auto deliveries = planner.deliveries_for(rung, planner.office_unit(), "", now, r.note);
  const auto& mailbox = d.mailbox.empty() ? config.workflow.daily_digest.mailbox : d.mailbox;
  if (!mailbox.empty()) {
    Delivery box;
    box.recipient = "办公室邮箱";
    box.role = "mailbox";
    box.unit = planner.office_unit();
    box.channel = "email";
    box.address = mailbox;
    box.next_attempt_at = now;
    deliveries.push_back(box);
  }
  queue(uow, r, deliveries, plan, report);
}

/// A group that confirmed after the day's list left (today's or yesterday's): the list again,
/// whole, marked 补报, once for each change in what is confirmed.
void queue_supplement(store::UnitOfWork& uow, const config::Config& config,
                      const schedule::ReminderPlanner& planner, Date day, Instant now,
                      std::vector<schedule::PlannedReminder>* plan, schedule::QueueReport& report) {
  store::OutboxFilter filter;
  filter.subject = "fieldlist:" + format_date(day);
  filter.limit = 1000;
  std::set<std::int64_t> seen;
  std::size_t sent = 0, groups = 0;
  for (const auto& [r, delivery] : uow.outbox().list(filter)) {
    if (!seen.insert(r.id).second) continue;
    auto summary = nlohmann::json::parse(r.summary, nullptr, false);
    if (!summary.is_object()) continue;
    sent = std::max<std::size_t>(sent, summary.value("count", 0));
    groups = std::max<std::size_t>(groups, summary.value("confirmed_groups", 0));
  }
  if (seen.empty()) return;  // no list left that day
  const auto listing = read_day_listing(uow, config, format_date(day));
  if (listing.problems.size() <= sent && listing.groups.size() - listing.unconfirmed() <= groups)
    return;
  queue_list(uow, config, planner, listing, "supplement#" + std::to_string(seen.size()), now, now,
             plan, report);
}

}  // namespace

std::string confirm_subject(const std::string& round, int group, const std::string& day) {
  return "confirm:" + round + "/" + std::to_string(group) + "/" + day;
}

schedule::QueueReport queue_day_lists(store::Store& store, const config::Config& config,
                                      Instant now, std::vector<schedule::PlannedReminder>* plan) {
  schedule::QueueReport report;
  const auto& d = config.evaluation_plan.daily_list;
  if (!d.enabled) return report;
  auto uow = store.begin(plan ? store::Intent::read : store::Intent::write);
  const auto today = local_date(now, config.zone);
  for (auto day :
       days_due(uow->outbox(), kConfirmMark, d.confirm_by, config.zone, now, plan != nullptr)) {
    // A day gone by: its list has left already, a reminder would come too late.
    if (day == today) queue_confirm_reminders(*uow, config, day, now, plan, report);
  }
  schedule::ReminderPlanner planner(config);
  for (auto day :
       days_due(uow->outbox(), kListMark, d.send_at, config.zone, now, plan != nullptr)) {
    const auto listing = read_day_listing(*uow, config, format_date(day));
    if (!listing.field_day() && listing.problems.empty()) continue;  // no field work that day
    queue_list(*uow, config, planner, listing, "daily", local_instant(day, d.send_at, config.zone),
               now, plan, report);
  }
  const auto yesterday = Date{std::chrono::sys_days{today} - std::chrono::days{1}};
  for (auto day : {yesterday, today}) {
    if (local_instant(day, d.send_at, config.zone) <= now)
      queue_supplement(*uow, config, planner, day, now, plan, report);
  }
  uow->commit();
  return report;
}

}  // namespace duban::survey
