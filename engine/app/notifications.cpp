#include "app/notifications.hpp"

#include <algorithm>

#include "app/denials.hpp"
#include "app/permissions.hpp"
#include "domain/base64.hpp"
#include "domain/errors.hpp"
#include "schedule/scheduler.hpp"

namespace duban::app {

namespace {
User actor_with(Services& services, const std::string& id, std::initializer_list<Access> allowed,
                const Text& action) {
  auto uow = services.store.begin(store::Intent::read);
  auto actor = require_actor(uow->directory(), id);
  uow->commit();
  require_access(actor, allowed, action);
  return actor;
}
}  // namespace

std::vector<schedule::PlannedReminder> plan_reminders(Services& services, Instant at,
                                                      const std::vector<schedule::Queuer>& more) {
  auto planned = schedule::plan_due_reminders(services.store, services.config, at);
  schedule::queue_step_reminders(services.store, services.config, at, &planned);
  schedule::queue_daily_digest(services.store, services.config, at, &planned);
  for (const auto& q : more) q(services.store, services.config, at, &planned);
  std::stable_sort(planned.begin(), planned.end(), [](const auto& a, const auto& b) {
    return a.reminder.fire_at < b.reminder.fire_at;
  });
  return planned;
}

RemindRun remind_now(Services& services, const std::string& actor,
                     const std::vector<schedule::Queuer>& more) {
  return recording_refusals(services, {actor, "remind", ""}, [&] {
    actor_with(services, actor, {Access::leading_group}, {"发送提醒", "send reminders"});
    RemindRun run;
    std::vector<std::string> lines;
    plugin::Registry registry(services.config, services.clock,
                              [&](const std::string& l) { lines.push_back(l); });
    schedule::rearm_if_changed(services.store, services.config, services.clock.now());
    const auto now = services.clock.now();
    run.queued = schedule::queue_due_reminders(services.store, services.config, now);
    std::vector<schedule::QueueReport> others{
        schedule::queue_step_reminders(services.store, services.config, now),
        schedule::queue_daily_digest(services.store, services.config, now)};
    for (const auto& q : more) others.push_back(q(services.store, services.config, now, nullptr));
    for (const auto& o : others) {
      run.queued.reminders += o.reminders;
      run.queued.deliveries += o.deliveries;
    }
    schedule::Dispatcher dispatcher(services.store, services.config, services.clock, registry,
                                    [](const std::string&) {});
    run.dispatched = dispatcher.run_once();
    run.plugins = registry.status();
    // The day's counts for the dashboard's trend, where no server sweeps (reminders from cron).
    schedule::sweep(services.store, services.clock.now(), &services.config.zone);
    return run;
  });
}

std::vector<std::pair<QueuedReminder, Delivery>> list_notifications(
    Services& services, const std::string& actor, const store::OutboxFilter& filter) {
  return recording_refusals(services, {actor, "notifications list", ""}, [&] {
    actor_with(services, actor,
               {Access::leading_group, Access::supervision, Access::admin, Access::viewer},
               {"查看通知记录", "list notifications"});
    auto uow = services.store.begin(store::Intent::read);
    auto rows = uow->outbox().list(filter);
    uow->commit();
    return rows;
  });
}

Delivery retry_notification(Services& services, const std::string& actor, std::int64_t id) {
  return recording_refusals(
      services, {actor, "notifications retry", "delivery:" + std::to_string(id)}, [&] {
        actor_with(services, actor, {Access::leading_group}, {"重发通知", "retry notifications"});
        auto uow = services.store.begin(store::Intent::write);
        auto d = uow->outbox().delivery(id);
        if (!d) {
          throw Error(Errc::not_found, {"没有这条通知:" + std::to_string(id),
                                        "no such notification: " + std::to_string(id)});
        }
        if (!uow->outbox().retry(id, services.clock.now())) {
          auto st = std::string(label_zh(d->status));
          throw Error(Errc::invalid_transition,
                      {"只有发送失败的通知可以重发,此条为:" + st,
                       "only a dead notification can be retried; this one is " +
                           std::string(to_string(d->status))});
        }
        uow->commit();
        d->status = DeliveryStatus::pending;
        return *d;
      });
}

std::vector<ObserverTask> list_tasks(Services& services, const std::string& actor,
                                     const store::TaskFilter& filter) {
  return recording_refusals(services, {actor, "tasks list", ""}, [&] {
    actor_with(services, actor,
               {Access::leading_group, Access::supervision, Access::admin, Access::viewer},
               {"查看后续处理任务", "list observer tasks"});
    auto uow = services.store.begin(store::Intent::read);
    auto rows = uow->tasks().list(filter);
    uow->commit();
    return rows;
  });
}

ObserverTask retry_task(Services& services, const std::string& actor, std::int64_t id) {
  return recording_refusals(services, {actor, "tasks retry", "task:" + std::to_string(id)}, [&] {
    actor_with(services, actor, {Access::leading_group}, {"重试后续处理任务", "retry tasks"});
    auto uow = services.store.begin(store::Intent::write);
    auto t = uow->tasks().find(id);
    if (!t) {
      throw Error(Errc::not_found,
                  {"没有这个任务:" + std::to_string(id), "no such task: " + std::to_string(id)});
    }
    if (!uow->tasks().retry(id, services.clock.now())) {
      throw Error(
          Errc::invalid_transition,
          {"只有处理失败的任务可以重试,此任务为:" + std::string(label_zh(t->status)),
           "only a dead task can be retried; this one is " + std::string(to_string(t->status))});
    }
    uow->commit();
    t->status = TaskStatus::pending;
    t->attempts = 0;
    return *t;
  });
}

nlohmann::json to_json(const ObserverTask& t, ZoneOffset zone) {
  nlohmann::json j = {{"id", t.id},
                      {"status", to_string(t.status)},
                      {"journal", {t.first_seq, t.last_seq}},
                      {"attempts", t.attempts},
                      {"created_at", format_instant(t.created_at, zone)},
                      {"last_error", t.last_error}};
  auto observers = nlohmann::json::parse(t.observers, nullptr, false);
  j["observers"] = observers.is_array() ? observers : nlohmann::json("*");
  if (t.status == TaskStatus::retrying || t.status == TaskStatus::pending) {
    j["next_attempt_at"] = format_instant(t.next_attempt_at, zone);
  }
  if (t.finished_at) j["finished_at"] = format_instant(*t.finished_at, zone);
  return j;
}

std::vector<plugin::PluginStatus> plugin_status(Services& services, std::vector<std::string>& log) {
  plugin::Registry registry(services.config, services.clock,
                            [&](const std::string& l) { log.push_back(l); });
  return registry.status();
}

nlohmann::json to_json(const schedule::PlannedReminder& p, ZoneOffset zone) {
  auto deliveries = nlohmann::json::array();
  for (const auto& d : p.deliveries) {
    deliveries.push_back({{"to", d.recipient},
                          {"role", d.role},
                          {"unit", d.unit},
                          {"channel", d.channel},
                          {"address", d.address}});
  }
  auto summary = nlohmann::json::parse(p.reminder.summary, nullptr, false);
  // A file attached is shown by its name and size, not its bytes.
  if (summary.is_object() && summary.contains("attachments") && summary["attachments"].is_array()) {
    for (auto& f : summary["attachments"]) {
      if (!f.is_object()) continue;
      f["bytes"] = from_base64(f.value("base64", "")).size();
      f.erase("base64");
    }
  }
  return {{"subject", p.reminder.subject},
          {"rung", p.reminder.rung},
          {"due_at", format_instant(p.reminder.due_at, zone)},
          {"fire_at", format_instant(p.reminder.fire_at, zone)},
          {"escalation", p.reminder.escalation},
          {"summary", summary.is_discarded() ? nlohmann::json::object() : summary},
          {"note", p.reminder.note},
          {"deliveries", deliveries}};
}

nlohmann::json to_json(const QueuedReminder& r, const Delivery& d, ZoneOffset zone) {
  nlohmann::json j{{"id", d.id},
                   {"reminder", r.id},
                   {"subject", r.subject},
                   {"rung", r.rung},
                   {"fire_at", format_instant(r.fire_at, zone)},
                   {"to", d.recipient},
                   {"role", d.role},
                   {"channel", d.channel},
                   {"address", d.address},
                   {"status", to_string(d.status)},
                   {"attempts", d.attempts},
                   {"batch", d.batch},
                   {"last_error", d.last_error},
                   {"note", r.note}};
  if (d.sent_at) j["sent_at"] = format_instant(*d.sent_at, zone);
  if (d.status == DeliveryStatus::retrying || d.status == DeliveryStatus::pending) {
    j["next_attempt_at"] = format_instant(d.next_attempt_at, zone);
  }
  if (d.fallback_of) j["fallback_of"] = *d.fallback_of;
  return j;
}

nlohmann::json to_json(const plugin::PluginStatus& s) {
  return {{"name", s.name},      {"path", s.path},         {"required", s.required},
          {"loaded", s.loaded},  {"disabled", s.disabled}, {"kinds", s.kinds},
          {"problem", s.problem}};
}

}  // namespace duban::app
