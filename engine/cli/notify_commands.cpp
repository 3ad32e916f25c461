// duban remind / notifications list|retry / plugin list / tasks list|retry|run: reminders, the
// outbox, the plugins and the observer tasks.
#include <charconv>

#include "app/json_views.hpp"
#include "app/notifications.hpp"
#include "cli/cli.hpp"
#include "cli/output.hpp"
#include "domain/errors.hpp"
#include "survey/day_list_queue.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

Instant at_option(Invocation& inv) {
  auto& services = inv.services();
  auto text = inv.value("at");
  if (text.empty()) return services.clock.now();
  auto at = parse_local_time(text, services.config.zone);
  if (!at) {
    throw Error(Errc::invalid_argument,
                {"--at 格式应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM(本地时间):" + text,
                 "--at must be YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time): " + text});
  }
  return *at;
}

int remind(Invocation& inv) {
  auto& services = inv.services();
  const auto zone = services.config.zone;
  if (inv.has("dry-run")) {
    auto planned = app::plan_reminders(services, at_option(inv), {survey::queue_day_lists});
    if (inv.global.json) {
      auto arr = nlohmann::json::array();
      for (const auto& p : planned) arr.push_back(app::to_json(p, zone));
      inv.out << app::dump_json(arr, 2) << "\n";
      return 0;
    }
    inv.out << tr({"截至 ", "due by "}) << format_instant(at_option(inv), zone)
            << tr({" 将发送的提醒:", ", these reminders would be sent:"}) << planned.size() << "\n";
    for (const auto& p : planned) {
      auto summary = nlohmann::json::parse(p.reminder.summary, nullptr, false);
      std::string title = summary.is_object() ? summary.value("title", "") : "";
      inv.out << format_instant(p.reminder.fire_at, zone).substr(0, 16) << "  "
              << pad(p.reminder.subject, 10) << pad(p.reminder.rung, 14) << title << "\n";
      for (const auto& d : p.deliveries) {
        inv.out << "    → " << pad(d.recipient, 8) << pad("(" + d.role + ")", 13)
                << pad(d.channel, 7) << d.address << "\n";
      }
      if (!p.reminder.note.empty()) inv.out << "    ! " << p.reminder.note << "\n";
    }
    return 0;
  }
  if (inv.has("at")) {
    throw Error(Errc::invalid_argument,
                {"--at 只能与 --dry-run 一起使用:提醒只能在到期时发送",
                 "--at goes with --dry-run only: reminders are sent when they fall due"});
  }
  auto run = app::remind_now(services, inv.global.actor, {survey::queue_day_lists});
  if (inv.global.json) {
    inv.out << app::dump_json({{"queued", run.queued.reminders},
                               {"deliveries", run.queued.deliveries},
                               {"messages", run.dispatched.messages},
                               {"sent", run.dispatched.sent},
                               {"retrying", run.dispatched.retrying},
                               {"dead", run.dispatched.dead},
                               {"held", run.dispatched.held}},
                              2)
            << "\n";
    return 0;
  }
  inv.out << tr({"入队提醒 ", "reminders queued: "}) << run.queued.reminders
          << tr({" 条;发出消息 ", "; messages: "}) << run.dispatched.messages
          << tr({"(成功 ", " (sent "}) << run.dispatched.sent << tr({",待重试 ", ", retrying "})
          << run.dispatched.retrying << tr({",失败 ", ", dead "}) << run.dispatched.dead
          << tr({",暂缓 ", ", held "}) << run.dispatched.held << ")\n";
  return 0;
}

int list(Invocation& inv) {
  store::OutboxFilter f;
  if (inv.has("status")) {
    auto s = delivery_status_from(inv.value("status"));
    if (!s) {
      throw Error(Errc::invalid_argument,
                  {"未知的状态:" + inv.value("status") +
                       "(pending 待发送 / sending / sent 已发送 / retrying 待重试 / dead 发送失败 "
                       "/ cancelled 已取消)",
                   "unknown status: " + inv.value("status") +
                       " (pending, sending, sent, retrying, dead, cancelled)"});
    }
    f.status = s;
  }
  f.to = inv.value("to");
  f.subject = inv.value("subject");
  if (inv.has("limit")) {
    auto text = inv.value("limit");
    std::size_t n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || p != text.data() + text.size() || n == 0 || n > 100000) {
      throw Error(Errc::invalid_argument,
                  {"--limit 应为 1 到 100000:" + text, "--limit must be 1 to 100000: " + text});
    }
    f.limit = n;
  }
  auto& services = inv.services();
  auto rows = app::list_notifications(services, inv.global.actor, f);
  const auto zone = services.config.zone;
  if (inv.global.json) {
    auto arr = nlohmann::json::array();
    for (const auto& [r, d] : rows) arr.push_back(app::to_json(r, d, zone));
    inv.out << app::dump_json(arr, 2) << "\n";
    return 0;
  }
  for (const auto& [r, d] : rows) {
    std::string status = current_lang() == Lang::zh ? std::string(label_zh(d.status))
                                                    : std::string(to_string(d.status));
    inv.out << pad(std::to_string(d.id), 6) << pad(status, 10)
            << format_instant(r.fire_at, zone).substr(0, 16) << "  " << pad(r.subject, 10)
            << pad(r.rung, 14) << pad(d.recipient, 8) << pad(d.channel, 7) << d.address;
    if (d.attempts > 0) inv.out << tr({"  尝试 ", "  attempts "}) << d.attempts;
    if (!d.last_error.empty()) inv.out << "  " << d.last_error;
    inv.out << "\n";
  }
  if (rows.empty()) inv.out << tr({"没有通知记录", "no notifications"}) << "\n";
  return 0;
}

std::int64_t id_argument(Invocation& inv, const Text& what);

int retry(Invocation& inv) {
  auto id = id_argument(inv, {"通知编号", "a notification id"});
  auto d = app::retry_notification(inv.services(), inv.global.actor, id);
  if (inv.global.json) {
    inv.out << app::dump_json({{"id", d.id}, {"status", to_string(d.status)}}, 2) << "\n";
  } else {
    inv.out << tr({"已重新排队,下次发送时发出:", "queued again for the next dispatch: "}) << d.id
            << " → " << d.address << "\n";
  }
  return 0;
}

int plugins(Invocation& inv) {
  std::vector<std::string> log;
  auto status = app::plugin_status(inv.services(), log);
  if (inv.global.json) {
    auto arr = nlohmann::json::array();
    for (const auto& s : status) arr.push_back(app::to_json(s));
    inv.out << app::dump_json(arr, 2) << "\n";
    return 0;
  }
  if (status.empty()) inv.out << tr({"未配置插件", "no plugins configured"}) << "\n";
  for (const auto& s : status) {
    std::string kinds;
    for (const auto& k : s.kinds) kinds += (kinds.empty() ? "" : ",") + k;
    inv.out << pad(s.name, 16)
            << pad(s.loaded ? tr({"已加载", "loaded"}) : tr({"未加载", "not loaded"}), 12)
            << pad(kinds, 18) << (s.required ? tr({"必需  ", "required  "}) : "") << s.path << "\n";
    if (!s.problem.empty()) inv.out << "    " << s.problem << "\n";
  }
  return 0;
}

std::int64_t id_argument(Invocation& inv, const Text& what) {
  auto text = inv.positional(0);
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || p != text.data() + text.size() || id <= 0) {
    throw Error(Errc::invalid_argument,
                {what.zh + "应为正整数:" + text, what.en + " is a positive number: " + text});
  }
  return id;
}

void print_tasks(Invocation& inv, const std::vector<ObserverTask>& rows) {
  const auto zone = inv.services().config.zone;
  if (inv.global.json) {
    auto arr = nlohmann::json::array();
    for (const auto& t : rows) arr.push_back(app::to_json(t, zone));
    inv.out << app::dump_json(arr, 2) << "\n";
    return;
  }
  for (const auto& t : rows) {
    std::string status = current_lang() == Lang::zh ? std::string(label_zh(t.status))
                                                    : std::string(to_string(t.status));
    std::string observers = t.observers == "*" ? tr({"全部", "all"}) : t.observers;
    // Appended, not "#" + a temporary: GCC 12 at -O3 warns falsely (-Wrestrict) on that form.
    std::string id = "#", journal = tr({"日志 ", "journal "});
    id += std::to_string(t.id);
    journal += std::to_string(t.first_seq);
    if (t.last_seq != t.first_seq) journal += '-' + std::to_string(t.last_seq);
    inv.out << pad(id, 8) << pad(status, 10) << format_instant(t.created_at, zone).substr(0, 16)
            << "  " << pad(journal, 18) << pad(observers, 28) << tr({"尝试 ", "attempts "})
            << t.attempts;
    if (!t.last_error.empty()) inv.out << "  " << t.last_error;
    inv.out << "\n";
  }
  if (rows.empty()) inv.out << tr({"没有后续处理任务", "no observer tasks"}) << "\n";
}

int tasks_list(Invocation& inv) {
  store::TaskFilter f;
  if (inv.has("status")) {
    auto s = task_status_from(inv.value("status"));
    if (!s) {
      throw Error(
          Errc::invalid_argument,
          {"未知的状态:" + inv.value("status") + "(pending、running、retrying、done、dead)",
           "unknown status: " + inv.value("status") + " (pending, running, retrying, done, dead)"});
    }
    f.status = s;
  }
  print_tasks(inv, app::list_tasks(inv.services(), inv.global.actor, f));
  return 0;
}

int tasks_retry(Invocation& inv) {
  auto id = id_argument(inv, {"任务编号", "a task id"});
  auto t = app::retry_task(inv.services(), inv.global.actor, id);
  if (inv.global.json) {
    inv.out << app::dump_json(app::to_json(t, inv.services().config.zone), 2) << "\n";
  } else {
    inv.out << tr({"已重新排队,下次运行时处理:#", "queued again for the next run: #"}) << t.id
            << "\n";
  }
  return 0;
}

int tasks_run(Invocation& inv) {
  // Loaded as the server loads them; released, they have run every task due now.
  auto observing = inv.hooks.observe ? inv.hooks.observe(inv.services(), inv.err) : nullptr;
  observing.reset();
  store::TaskFilter f;
  f.status = TaskStatus::dead;
  auto dead = app::list_tasks(inv.services(), inv.global.actor, f);
  if (!inv.global.json) {
    inv.out << tr({"已处理到期的后续处理任务;处理失败的任务:",
                   "ran the observer tasks due; dead tasks: "})
            << dead.size() << "\n";
  }
  if (inv.global.json) print_tasks(inv, dead);
  return dead.empty() ? 0 : 1;
}

}  // namespace

std::vector<CommandSpec> notify_commands() {
  std::vector<CommandSpec> v;
  v.push_back(
      {"remind",
       {},
       {{"dry-run", "", {"只列出将发送的提醒,不写入不发送", "list what would be sent"}},
        {"at", "TIME", {"与 --dry-run 一起:截至此时(本地时间)", "with --dry-run: as of TIME"}}},
       {"发送到期提醒(--dry-run:列出将发给谁、何时、经何渠道)",
        "send the reminders due now (--dry-run: what, when, to whom, by which channel)"},
       remind});
  v.push_back(
      {"notifications list",
       {},
       {{"status", "STATUS", {"按状态筛选(如 dead)", "filter by status (e.g. dead)"}},
        {"to", "WHO", {"按接收人姓名或地址筛选", "filter by recipient name or address"}},
        {"subject", "SUBJECT", {"按事项筛选(如 item:12)", "filter by subject (item:12)"}},
        {"limit", "N", {"最多列出条数(默认 200)", "at most N rows (default 200)"}}},
       {"列出通知:发给谁、是否成功", "list notifications: to whom, and what became of them"},
       list});
  v.push_back({"notifications retry",
               {"ID"},
               {},
               {"重发一条发送失败的通知", "send a dead notification again"},
               retry});
  v.push_back({"tasks list",
               {},
               {{"status",
                 "STATUS",
                 {"按状态筛选(pending、running、retrying、done、dead)",
                  "filter by status (pending, running, retrying, done, dead)"}}},
               {"列出规则插件的后续处理任务(每次提交后由服务运行)",
                "list the rule plugins' observer tasks (run by the server after each commit)"},
               tasks_list});
  v.push_back({"tasks retry",
               {"ID"},
               {},
               {"重试一个处理失败的后续处理任务", "run a dead observer task again"},
               tasks_retry});
  v.push_back({"tasks run",
               {},
               {},
               {"立即运行到期的后续处理任务(没有运行服务时)",
                "run the observer tasks due now (when no server runs them)"},
               tasks_run});
  v.push_back({"plugin list",
               {},
               {},
               {"列出配置的插件及其加载情况", "list the configured plugins and whether they load"},
               plugins});
  return v;
}

}  // namespace duban::cli
