#include "schedule/task_runner.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace duban::schedule {

namespace {

// Tasks claimed per transaction: a backlog after downtime goes in steps, each under its lease.
constexpr std::size_t kClaim = 50;

std::vector<std::string> names_of(const std::string& observers_json) {
  auto j = nlohmann::json::parse(observers_json, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& name : j)
    if (name.is_string()) out.push_back(name.get<std::string>());
  return out;
}

}  // namespace

std::vector<plugin::Change> plugin_changes(const std::vector<JournalEntry>& entries,
                                           const std::string& effects_json) {
  auto effects = nlohmann::json::parse(effects_json, nullptr, false);
  std::vector<plugin::Change> out;
  for (const auto& e : entries) {
    plugin::Change p;
    p.seq = e.seq;
    p.at = format_utc(e.at);
    p.actor = e.actor;
    p.subject = e.subject;
    p.event = e.event;
    p.state_before = e.state_before;
    p.state_after = e.state_after;
    nlohmann::json changes = nlohmann::json::object();
    for (const auto& [k, v] : e.changes) changes[k] = {v.first, v.second};
    p.changes_json = changes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (effects.is_object()) {
      if (auto it = effects.find(std::to_string(e.seq)); it != effects.end() && it->is_array()) {
        for (const auto& name : *it)
          if (name.is_string()) p.effects.push_back(name.get<std::string>());
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

TaskRunner::TaskRunner(store::Store& store, const config::Config& config, const Clock& clock,
                       plugin::Registry& observers, Alert alert)
    : store_(store),
      config_(config),
      clock_(clock),
      observers_(observers),
      alert_(std::move(alert)),
      node_(store::new_node_name()) {}

std::chrono::seconds TaskRunner::lease() const {
  return std::chrono::seconds(2 * config_.tasks.timeout_seconds + 60);
}

std::chrono::seconds TaskRunner::backoff(int attempts) const {
  const auto& t = config_.tasks;
  long long wait = t.backoff_seconds;
  for (int i = 1; i < attempts && wait < t.max_backoff_seconds; ++i) wait *= 2;
  return std::chrono::seconds(std::min<long long>(wait, t.max_backoff_seconds));
}

TaskReport TaskRunner::run_once() {
  TaskReport report;
  const auto start = clock_.now();
  if (start - pruned_ >= std::chrono::hours(1)) {
    auto uow = store_.begin(store::Intent::write);
    uow->tasks().prune(start - std::chrono::days(config_.tasks.keep_days));
    uow->commit();
    pruned_ = start;
  }
  // Until none is due: the tasks of what the observers committed themselves (a recommendation
  // filed) come due at once and are run too. Bounded, should observers keep committing.
  for (int round = 0; round < 1000; ++round) {
    const auto now = clock_.now();
    std::vector<ObserverTask> claimed;
    {
      auto uow = store_.begin(store::Intent::write);
      claimed = uow->tasks().claim(now, {node_, now + lease()}, kClaim);
      uow->commit();
    }
    if (claimed.empty()) break;
    for (const auto& task : claimed) run(task, report);
  }
  return report;
}

void TaskRunner::run(const ObserverTask& task, TaskReport& report) {
  ++report.tasks;
  std::vector<JournalEntry> entries;
  {
    auto uow = store_.begin(store::Intent::read);
    entries = uow->journal().entries(task.first_seq, task.last_seq);
  }
  auto changes = plugin_changes(entries, task.effects);
  auto loaded = observers_.observer_names();
  // "*": every observer loaded here; otherwise those that failed before and are still loaded. A
  // plugin that is not required and could not be loaded is left out, as everywhere ("running
  // without it"); a required one stops the start.
  auto names = task.observers == "*" ? loaded : names_of(task.observers);
  std::erase_if(names, [&](const std::string& n) {
    return std::find(loaded.begin(), loaded.end(), n) == loaded.end();
  });
  nlohmann::json failed = nlohmann::json::array();
  std::string errors;
  const auto timeout = std::chrono::seconds(config_.tasks.timeout_seconds);
  for (const auto& name : names) {
    auto error = changes.empty() ? std::string() : observers_.observe(name, changes, timeout);
    if (error.empty()) continue;
    failed.push_back(name);
    errors += (errors.empty() ? "" : "; ") + name + ": " + error;
  }
  const auto now = clock_.now();
  auto uow = store_.begin(store::Intent::write);
  if (failed.empty()) {
    uow->tasks().finish(task.id, node_, now);
    uow->commit();
    ++report.done;
    return;
  }
  const bool last = task.attempts >= config_.tasks.max_attempts;
  std::optional<Instant> retry;
  if (!last) retry = now + backoff(task.attempts);
  uow->tasks().fail(task.id, node_, failed.dump(), errors, retry, now);
  uow->commit();
  const auto id = std::to_string(task.id), tries = std::to_string(task.attempts);
  if (last) {
    ++report.dead;
    alert_(Text{"告警:后续处理任务 #" + id + " 已尝试 " + tries +
                    " 次仍失败,已停止重试(duban tasks list --status dead):" + errors,
                "ALERT: observer task #" + id + " failed " + tries +
                    " times and is dead (duban tasks list --status dead): " + errors}
               .str());
  } else {
    ++report.retrying;
    alert_(
        Text{"后续处理任务 #" + id + " 第 " + tries + " 次失败,将重试:" + errors,
             "observer task #" + id + " failed (attempt " + tries + "), to be retried: " + errors}
            .str());
  }
}

}  // namespace duban::schedule
