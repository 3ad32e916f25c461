#include "schedule/reminder_queue.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "domain/text_check.hpp"

namespace duban::schedule {

namespace {

// The fingerprint of what reminders are armed with: a different one at start re-arms them all.
std::string armed_with(const config::Config& config) {
  std::string out = config.calendar.fingerprint() + "|" + config.zone.str() + "|" +
                    std::to_string(config.workflow.item_reminders.send_time.count());
  for (const auto& r : config.workflow.item_reminders.rungs) {
    out += "|" + r.id + ":" + std::to_string(r.sign) + ":" + r.offset.str() + ":" +
           (r.repeat ? r.repeat->str() : "");
  }
  if (const auto& ack = config.workflow.item_reminders.acknowledge_within)
    out += "|ack:" + ack->str();
  return out;
}

std::string address_for(const Person& p, const std::string& channel) {
  if (channel == "email") return p.email;
  if (channel == "sms") return p.phone;
  // Work-chat robots post to a unit's group: the unit is the address.
  if (channel == "webhook") return p.unit;
  return p.email;
}

}  // namespace

ReminderPlanner::ReminderPlanner(const config::Config& config)
    : config_(config), directory_(config.units) {
  for (const auto& u : config.units) unit_names_[u.id] = u.name;
}

std::vector<Delivery> ReminderPlanner::deliveries_for(const ReminderRung& rung,
                                                      const std::string& unit,
                                                      const std::string& owner, Instant now,
                                                      std::string& note) const {
  std::vector<Delivery> out;
  std::set<std::pair<std::string, std::string>> seen;  // channel, address
  auto add = [&](const Person& p, RecipientRole role, const std::string& channel,
                 const std::string& address) {
    if (!seen.insert({channel, address}).second) return;
    Delivery d;
    d.recipient = p.name;
    d.role = std::string(to_string(role));
    d.unit = p.unit;
    d.channel = channel;
    d.address = address;
    d.next_attempt_at = now;
    out.push_back(std::move(d));
  };
  auto say = [&](const std::string& text) { note += (note.empty() ? "" : "; ") + text; };
  const bool rung_has_email =
      std::find(rung.channels.begin(), rung.channels.end(), "email") != rung.channels.end();
  for (auto role : rung.to) {
    auto people = directory_.resolve(role, unit, owner);
    if (people.empty()) {
      say(std::string("未配置") + std::string(label_zh(role)) + " / no " +
          std::string(to_string(role)) + " configured for " + unit);
    }
    for (const auto& p : people) {
      for (const auto& channel : rung.channels) {
        auto address = address_for(p, channel);
        if (!address.empty()) {
          add(p, role, channel, address);
          continue;
        }
        // Channel fallback: no number for SMS (or no address on another channel) → e-mail.
        if (!rung_has_email && !p.email.empty()) {
          add(p, role, "email", p.email);
          say(p.name + " 无" + channel + "地址,改发邮件 / no " + channel +
              " address, e-mail instead");
        } else if (!rung_has_email || p.email.empty()) {
          say(p.name + " 无" + channel + "地址 / no " + channel + " address");
        }
      }
    }
  }
  return out;
}

std::string summary_text(const nlohmann::json& summary) {
  return summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// `text` as a JSON string, appended to `out` exactly as summary_text would write it: text that
// needs nothing escaped or replaced (no quote, backslash, control character or invalid UTF-8:
// what the boundary lets in) as it is, anything else through nlohmann.
void append_json_string(std::string& out, std::string_view text) {
  bool plain = true, wide = false;
  for (unsigned char c : text) {
    if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
      plain = false;
      break;
    }
    wide = wide || c >= 0x80;
  }
  if (plain && wide) plain = !invalid_utf8_at(text);
  if (!plain) {
    out += summary_text(nlohmann::json(std::string(text)));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

// An item reminder's summary, written directly (a 09:00 tick writes one per reminder, hundreds of
// thousands: as an nlohmann object, built and dumped, it was half of planning's time). The same
// bytes as summary_text of the object with these members (tests/schedule/reminders_test.cpp
// checks them against it): keys in nlohmann's order, which is sorted.
std::string item_summary(const store::ReminderCandidate& item, const std::string& unit_name,
                         const ReminderRung& rung, bool unacknowledged) {
  std::string out;
  out.reserve(160 + item.title.size());
  out += "{\"due\":\"" + format_date(item.due) + "\",\"escalation\":";
  out += rung.escalation ? "true" : "false";
  out += ",\"id\":" + std::to_string(item.id) + ",\"kind\":\"item\",\"owner\":";
  append_json_string(out, item.owner);
  out += ",\"round\":";
  append_json_string(out, item.round);
  out += ",\"rung\":";
  append_json_string(out, rung.id);
  out += ",\"title\":";
  append_json_string(out, item.title);
  if (unacknowledged) out += ",\"unacknowledged\":true";
  out += ",\"unit\":";
  append_json_string(out, item.unit);
  out += ",\"unit_name\":";
  append_json_string(out, unit_name);
  out += '}';
  return out;
}

}  // namespace

QueuedReminder ReminderPlanner::reminder(const ReminderPolicy& policy, const Firing& f,
                                         const std::string& subject, Date due, Instant now) const {
  const auto& rung = policy.rungs.at(f.rung);
  QueuedReminder r;
  r.subject = subject;
  r.rung = f.key(policy);
  r.due_at = end_of_day(due, config_.zone);
  r.fire_at = f.at;
  r.queued_at = now;
  r.escalation = rung.escalation;
  auto uncovered = config_.calendar.uncovered(local_date(f.at, config_.zone), due);
  if ((rung.offset.working || (rung.repeat && rung.repeat->working)) && !uncovered.empty()) {
    auto year = std::to_string(uncovered.front());
    r.note =
        "工作日历缺少 " + year + " 年,只跳过了周末 / no calendar for " + year + ": weekends only";
  }
  return r;
}

const std::string& ReminderPlanner::unit_name(const std::string& id) const {
  auto it = unit_names_.find(id);
  return it == unit_names_.end() ? id : it->second;
}

std::vector<PlannedReminder> ReminderPlanner::plan_item(const store::ReminderCandidate& item,
                                                        Instant now) const {
  std::vector<PlannedReminder> out;
  if (!awaits_rectification(item.state)) return out;
  const auto& policy = config_.workflow.item_reminders;
  auto cached = firings_.find({item.due, item.remind_at});
  if (cached == firings_.end()) {
    cached = firings_
                 .emplace(std::pair{item.due, item.remind_at},
                          firings_between(policy, item.due, item.remind_at, now, config_.zone,
                                          config_.calendar))
                 .first;
  }
  const auto& name = unit_name(item.unit);
  const std::vector<Firing>* firings = &cached->second;
  std::vector<Firing> with_early;
  // Not acknowledged in time: the next rung is sent now, early (under its own key, so that it is
  // not sent again when its time comes).
  std::optional<Instant> unacknowledged;
  if (item.awaiting_ack_since && policy.acknowledge_within) {
    auto ack = policy.acknowledge_within->deadline(*item.awaiting_ack_since, config_.zone,
                                                   config_.calendar);
    if (ack >= item.remind_at && ack <= now) {
      if (auto early = next_firing(policy, item.due, now, config_.zone, config_.calendar)) {
        unacknowledged = ack;
        with_early = *firings;
        with_early.push_back(*early);
        firings = &with_early;
      }
    }
  }
  for (const auto& f : *firings) {
    const auto& rung = policy.rungs.at(f.rung);
    const bool early = unacknowledged && f.at > now;
    PlannedReminder p;
    p.reminder = reminder(policy, f, "item:" + std::to_string(item.id), item.due, now);
    if (early) {
      p.reminder.fire_at = *unacknowledged;
      p.reminder.note += std::string(p.reminder.note.empty() ? "" : "; ") + "交办后" +
                         policy.acknowledge_within->zh() +
                         "内未签收,提前发出 / not acknowledged within " +
                         policy.acknowledge_within->str() + ": sent early";
    }
    p.reminder.summary = item_summary(item, name, rung, early);
    auto key = std::tuple{f.rung, item.unit, item.owner};
    auto known = deliveries_.find(key);
    if (known == deliveries_.end()) {
      std::string note;
      auto ds = deliveries_for(rung, item.unit, item.owner, now, note);
      known = deliveries_.emplace(key, std::pair{std::move(ds), std::move(note)}).first;
    }
    p.deliveries = known->second.first;
    const auto& note = known->second.second;
    if (!note.empty()) p.reminder.note += (p.reminder.note.empty() ? "" : "; ") + note;
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<Instant> ReminderPlanner::next_after(const store::ReminderCandidate& item,
                                                   Instant now) const {
  if (!awaits_rectification(item.state)) return std::nullopt;
  return next_item_reminder(config_.workflow.item_reminders, item.due, item.awaiting_ack_since, now,
                            config_.zone, config_.calendar);
}

QueueReport queue_due_reminders(store::Store& store, const config::Config& config, Instant now,
                                std::size_t batch) {
  ReminderPlanner planner(config);
  QueueReport report;
  for (;;) {
    auto uow = store.begin(store::Intent::write);
    auto due = uow->items().due_for_reminder(now, batch);
    for (const auto& item : due) {
      ++report.items;
      for (auto& p : planner.plan_item(item, now)) {
        if (uow->outbox().queue(p.reminder, p.deliveries)) {
          ++report.reminders;
          report.deliveries += static_cast<std::int64_t>(p.deliveries.size());
        }
      }
      // Strictly after now: the next window starts where this one ended.
      uow->items().set_remind_at(item.id, planner.next_after(item, now));
    }
    uow->commit();
    if (due.size() < batch) break;
  }
  return report;
}

std::vector<PlannedReminder> plan_due_reminders(store::Store& store, const config::Config& config,
                                                Instant now, std::size_t limit) {
  ReminderPlanner planner(config);
  std::vector<PlannedReminder> out;
  auto uow = store.begin(store::Intent::read);
  for (const auto& item : uow->items().due_for_reminder(now, limit)) {
    for (auto& p : planner.plan_item(item, now)) out.push_back(std::move(p));
  }
  uow->commit();
  return out;
}

std::int64_t rearm_if_changed(store::Store& store, const config::Config& config, Instant now,
                              bool* first) {
  auto fingerprint = armed_with(config);
  std::string before;
  {
    auto uow = store.begin(store::Intent::read);
    before = uow->outbox().meta("reminders_armed_with");
    if (first) *first = before.empty();
    uow->commit();
    if (before == fingerprint) return 0;
  }
  auto uow = store.begin(store::Intent::write);
  std::vector<store::Remindable> items;
  uow->items().for_each_remindable([&](const store::Remindable& it) { items.push_back(it); });
  for (const auto& it : items) {
    // From where the item stood: a reminder not queued yet is not skipped by the new ladder (the
    // next sweep catches up, one per rung); one queued already keeps its unique key.
    auto from =
        it.remind_at && *it.remind_at <= now ? *it.remind_at - std::chrono::seconds{1} : now;
    uow->items().set_remind_at(
        it.id, next_item_reminder(config.workflow.item_reminders, it.due, it.awaiting_ack_since,
                                  from, config.zone, config.calendar));
  }
  uow->outbox().set_meta("reminders_armed_with", fingerprint);
  if (!before.empty()) {
    // What changed, for the deadline histories: the calendar's fingerprint comes first.
    auto calendar = [](const std::string& f) { return f.substr(0, f.find('|')); };
    bool calendar_changed = calendar(before) != calendar(fingerprint);
    bool rest_changed =
        before.substr(calendar(before).size()) != fingerprint.substr(calendar(fingerprint).size());
    std::string what = calendar_changed && rest_changed
                           ? "工作日历和提醒规则已变更 / working-day calendar and reminder ladder "
                             "changed"
                       : calendar_changed ? "工作日历已变更 / working-day calendar changed"
                                          : "提醒规则已变更 / reminder ladder changed";
    uow->outbox().record_rearming(Rearming{now, what, static_cast<std::int64_t>(items.size())});
  }
  uow->commit();
  return static_cast<std::int64_t>(items.size());
}

}  // namespace duban::schedule
