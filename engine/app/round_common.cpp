#include <algorithm>
#include <map>

#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

RoundId parse_round(const std::string& text) {
  if (auto id = RoundId::parse(text)) return *id;
  throw Error(Errc::invalid_argument,
              {"轮次格式应为 2020-H1(半年)或 2020-Y(全年):" + text,
               "a round looks like 2020-H1 (half year) or 2020-Y (annual): " + text});
}

StepId parse_step(const std::string& text) {
  if (auto step = step_from(text)) return *step;
  throw Error(Errc::invalid_argument,
              {"无效步骤:" + text + "(1–7、英文代号或中文名称)",
               "no such step: " + text + " (1-7, a code name or the Chinese label)"});
}

UnitProgress unit_progress(Transaction& tx, const RoundId& round, StepId step,
                           const std::vector<UnitKind>& kinds) {
  UnitProgress progress;
  if (kinds.empty()) return progress;
  auto records = tx.rounds().submissions(round, step);
  for (const auto& u : tx.directory().list_units()) {
    if (std::find(kinds.begin(), kinds.end(), u.kind) == kinds.end()) continue;
    bool in = std::any_of(records.begin(), records.end(),
                          [&](const Submission& s) { return s.unit == u.id; });
    (in ? progress.submitted : progress.missing).push_back(u.id);
  }
  return progress;
}

RoundRecord require_round(Transaction& tx, const RoundId& id) {
  if (auto r = tx.rounds().find(id)) return *r;
  throw Error(Errc::not_found, {"轮次不存在:" + id.str(), "no such round: " + id.str()});
}

StepContext step_context(Services& services, Transaction& tx, const RoundRecord& round, StepId step,
                         const std::string& actor) {
  const auto& workflow = services.config.workflow;
  const auto& rule = workflow.rule(step);
  const auto& record = round.step(step);
  std::map<StepId, StepState> states;
  for (const auto& s : round.steps) states[s.step] = s.state;
  StepContext c;
  c.step = step;
  c.actor = actor;
  c.now = services.clock.now();
  c.zone = services.config.zone;
  c.unmet_dependencies = workflow.unmet_dependencies(step, states);
  c.missing_submissions = unit_progress(tx, round.id, step, rule.submissions_from).missing;
  c.override_allowed = rule.override_allowed;
  c.needs_approval = rule.approval;
  c.approved = !record.approved_by.empty();
  c.missing_feedback = unit_progress(tx, round.id, step, rule.feedback_to).missing;
  // The observation village list is due some days before the round's observation date; other
  // submissions are due with their step, if it has a due date.
  c.submission_due = parse_date(record.due_date);
  if (step == StepId::quarterly_observation) {
    if (auto observation = parse_date(round.observation_date)) {
      c.submission_due = workflow.observation_list_due(*observation);
    }
  }
  return c;
}

StepTransition run_step_event(Transaction& tx, RoundRecord& round, StepId step, StepEventKind event,
                              const StepContext& context) {
  auto& record = round.step(step);
  auto transition = transition_step(record.state, event, context);
  record.state = transition.to;
  apply_effects(record, transition.effects);
  // Every event bumps the step's version, internal ones too: a concurrent change to the same step
  // is a conflict, whichever backend serializes the writers.
  tx.rounds().update_step(round.id, record);
  ++record.version;
  return transition;
}

}  // namespace duban::app
