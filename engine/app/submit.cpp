// 报送: a unit's submission for a step — the self-inspection summary (step 1), the observation
// village list (step 3), or its acknowledgement of feedback received (step 7). An internal
// transition of the step's machine: accepted while the step is open; late ones are recorded.
#include <algorithm>

#include "app/clean_requests.hpp"
#include "app/denials.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {
Submitted submit_refusable(Services& services, const Submit& raw) {
  const auto request = cleaned(raw);
  auto id = parse_round(request.round);
  auto step = parse_step(request.step);
  const auto& rule = services.config.workflow.rule(step);
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  auto actor = require_actor(tx.directory(), request.actor);
  auto unit = tx.directory().find_unit(request.unit);
  if (!unit) {
    throw Error(Errc::not_found, {"单位不存在:" + request.unit, "no such unit: " + request.unit});
  }
  require_member_of(actor, unit->id, true, {"代该单位报送", "submit for this unit"});
  const auto& kinds = rule.reporting_kinds();
  if (std::find(kinds.begin(), kinds.end(), unit->kind) == kinds.end()) {
    throw Error(Errc::invalid_argument,
                {"步骤 " + std::to_string(number(step)) + "(" + std::string(label_zh(step)) +
                     ")不接受" + std::string(label_zh(unit->kind)) + "的报送",
                 "step " + std::to_string(number(step)) + " takes no submissions from a " +
                     std::string(to_string(unit->kind))});
  }
  auto round = require_round(tx, id);
  auto context = step_context(services, tx, round, step, actor.id);
  context.unit = unit->id;
  context.note = request.note;
  auto transition = run_step_event(tx, round, step, StepEventKind::submit, context);

  Submitted result;
  for (const auto& effect : transition.effects) {
    const auto* received = std::get_if<SubmissionReceived>(&effect);
    if (!received) continue;
    // The submission is the unit's, whoever records it (the leading group may, on its behalf).
    tx.rounds().put_submission(
        Submission{id.str(), step, received->unit, actor.id, format_utc(now), received->note});
    auto entry = journal_entry(
        now, actor.id,
        "submission:" + id.str() + "/" + std::to_string(number(step)) + "/" + received->unit,
        "submit", "", "submitted");
    if (!received->note.empty()) entry.changes["note"] = {"", received->note};
    if (received->due) result.due = format_date(*received->due);
    result.late = received->late;
    if (result.late) entry.changes["late"] = {"", "due " + result.due};
    tx.record(std::move(entry), {}, transition.effects);
    // What was queued to remind the unit no longer applies: cancelled in this transaction.
    tx.outbox().cancel(
        "submission:" + id.str() + "/" + std::to_string(number(step)) + "/" + received->unit,
        std::nullopt, "已报送 / submitted");
  }
  tx.commit();
  return result;
}
}  // namespace

Submitted submit(Services& services, const Submit& raw) {
  return recording_refusals(
      services, {raw.actor, "submit", "submission:" + raw.round + "/" + raw.step + "/" + raw.unit},
      [&] { return submit_refusable(services, raw); });
}

}  // namespace duban::app
