// Reminders of step deadlines and of submissions still missing (evaluation-procedure.yaml).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "schedule/reminder_queue.hpp"

namespace duban::schedule {

namespace {

constexpr const char* kWatermark = "step_reminders_upto";

void queue_rungs(store::UnitOfWork& uow, const ReminderPlanner& planner,
                 const ReminderPolicy& policy, const config::Config& config,
                 const std::string& subject, Date due, Instant from, Instant now,
                 const std::string& unit, nlohmann::json summary, QueueReport& report,
                 std::vector<PlannedReminder>* plan) {
  for (const auto& f : firings_between(policy, due, from, now, config.zone, config.calendar)) {
    const auto& rung = policy.rungs.at(f.rung);
    auto r = planner.reminder(policy, f, subject, due, now);
    summary["rung"] = rung.id;
    summary["escalation"] = rung.escalation;
    r.summary = summary_text(summary);
    std::string note;
    auto deliveries = planner.deliveries_for(rung, unit, "", now, note);
    if (!note.empty()) r.note += (r.note.empty() ? "" : "; ") + note;
    if (plan) {
      plan->push_back({r, deliveries});
    } else if (uow.outbox().queue(r, deliveries)) {
      ++report.reminders;
      report.deliveries += static_cast<std::int64_t>(deliveries.size());
    }
  }
}

}  // namespace

QueueReport queue_step_reminders(store::Store& store, const config::Config& config, Instant now,
                                 std::vector<PlannedReminder>* plan) {
  QueueReport report;
  const auto& w = config.workflow;
  if (w.step_reminders.rungs.empty() && w.submission_reminders.rungs.empty()) return report;
  auto uow = store.begin(plan ? store::Intent::read : store::Intent::write);
  auto mark = uow->outbox().meta(kWatermark);
  auto last = parse_utc(mark);
  if (!plan) uow->outbox().set_meta(kWatermark, format_utc(now));
  if (!last || *last >= now) {
    uow->commit();
    return report;
  }
  const Instant from = *last + std::chrono::seconds{1};
  ReminderPlanner planner(config);
  const auto units = uow->directory().list_units();
  for (const auto& round : uow->rounds().list()) {
    for (const auto& step : round.steps) {
      if (step.state == StepState::completed) continue;
      const auto& rule = w.rule(step.step);
      auto step_due = parse_date(step.due_date);
      auto label =
          "第" + std::to_string(number(step.step)) + "步 " + std::string(label_zh(step.step));
      auto id = round.id.str() + "/" + std::to_string(number(step.step));
      if (step_due) {
        nlohmann::json summary{{"kind", "step"},
                               {"id", id},
                               {"title", label},
                               {"round", round.id.str()},
                               {"unit", planner.office_unit()},
                               {"unit_name", planner.unit_name(planner.office_unit())},
                               {"due", step.due_date}};
        queue_rungs(*uow, planner, w.step_reminders, config, "step:" + id, *step_due, from, now,
                    planner.office_unit(), summary, report, plan);
      }
      if (rule.submissions_from.empty()) continue;
      auto due = step_due;
      if (step.step == StepId::quarterly_observation) {
        if (auto obs = parse_date(round.observation_date)) due = w.observation_list_due(*obs);
      }
      if (!due) continue;
      auto received = uow->rounds().submissions(round.id, step.step);
      for (const auto& u : units) {
        if (std::find(rule.submissions_from.begin(), rule.submissions_from.end(), u.kind) ==
            rule.submissions_from.end()) {
          continue;
        }
        bool in = std::any_of(received.begin(), received.end(),
                              [&](const Submission& s) { return s.unit == u.id; });
        if (in) continue;
        nlohmann::json summary{{"kind", "submission"},
                               {"id", id},
                               {"title", "报送" + rule.submission_label + "(" + label + ")"},
                               {"round", round.id.str()},
                               {"unit", u.id},
                               {"unit_name", u.name},
                               {"due", format_date(*due)}};
        queue_rungs(*uow, planner, w.submission_reminders, config, "submission:" + id + "/" + u.id,
                    *due, from, now, u.id, summary, report, plan);
      }
    }
  }
  uow->commit();
  return report;
}

}  // namespace duban::schedule
