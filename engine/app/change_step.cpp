// 步骤流转: open, complete (with submissions, approval and feedback rules) and reopen a step.
#include <map>

#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Completing step 7 turns the round's problem list into rectification items (已发现).
std::vector<std::int64_t> problems_to_items(Services& services, const RoundId& round,
                                            const std::string& actor, Instant now) {
  std::vector<std::int64_t> created;
  for (const auto& p : services.store.rounds().problems(round)) {
    if (p.item_id != 0) continue;
    RectificationItem item;
    item.round = round.str();
    item.source = p.source;
    item.category = p.category;
    item.title = p.title;
    item.manifestation = p.manifestation;
    item.measures = p.suggestion;  // 整改建议 becomes the starting point of the measures
    item.unit = p.unit;
    item.id = services.store.items().insert(item, now);
    services.store.rounds().link_problem(p.id, item.id);
    auto entry = journal_entry(now, actor, item_subject(item.id), "create", "",
                               std::string(to_string(item.state)));
    entry.changes = creation_changes(item);
    entry.changes["problem"] = {"", std::to_string(p.id)};
    services.store.journal().append(entry);
    created.push_back(item.id);
  }
  return created;
}

}  // namespace

StepChanged change_step(Services& services, const ChangeStep& request) {
  auto actor = require_actor(services, request.actor);
  require_access(actor, {Access::leading_group},
                 {"流转评估步骤", "open, complete or reopen a step"});
  auto id = parse_round(request.round);
  auto step = parse_step(request.step);
  const auto& rule = services.config.workflow.rule(step);
  auto now = services.clock.now();
  StepChanged changed;

  // Reload and decide inside the transaction: what the guards see is what gets written.
  services.store.write([&](soci::session&) {
    auto round = require_round(services, id);
    auto& record = round.step(step);
    std::map<StepId, StepState> states;
    for (const auto& s : round.steps) states[s.step] = s.state;

    StepContext context;
    context.step = step;
    context.unmet_dependencies = services.config.workflow.unmet_dependencies(step, states);
    context.missing_submissions = unit_progress(services, id, step, rule.submissions_from).missing;
    context.override_allowed = rule.override_allowed;
    context.override_reason = request.override_reason;
    context.needs_approval = rule.approval;
    context.approved = !record.approved_by.empty();
    context.missing_feedback = unit_progress(services, id, step, rule.feedback_to).missing;
    context.reason = request.reason;

    changed.from = record.state;
    changed.to = apply_step_event(record.state, request.event, context);

    auto entry = journal_entry(
        now, actor.id, step_subject(id, step), std::string(to_string(request.event)),
        std::string(to_string(changed.from)), std::string(to_string(changed.to)), request.reason);
    record.state = changed.to;
    switch (request.event) {
      case StepEventKind::open:
        record.opened_at = format_utc(now);
        break;
      case StepEventKind::reopen:
        record.completed_at.clear();
        break;
      case StepEventKind::complete:
        record.completed_at = format_utc(now);
        if (!context.missing_submissions.empty()) {
          // The leading group completed the step without every submission: record who was
          // missing and why, in the step and in the journal.
          record.override_reason = request.override_reason;
          entry.event = "complete_override";
          entry.reason = request.override_reason;
          entry.changes["override_reason"] = {"", request.override_reason};
          entry.changes["missing_submissions"] = {"", join(context.missing_submissions)};
        }
        break;
    }
    services.store.rounds().update_step(id, record);
    services.store.journal().append(entry);
    if (step == StepId::feedback && changed.to == StepState::completed) {
      changed.created_items = problems_to_items(services, id, actor.id, now);
    }
  });
  return changed;
}

}  // namespace duban::app
