// 审定: the county committee/government approves the comprehensive assessment report (step 6).
// An internal transition of the step's machine: allowed while the step is open, once.
#include "app/clean_requests.hpp"
#include "app/denials.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {
void approve_report_refusable(Services& services, const ApproveReport& raw) {
  const auto request = cleaned(raw);
  auto id = parse_round(request.round);
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  auto actor = require_actor(tx.directory(), request.actor);
  require_access(actor, {Access::leading_group}, {"审定评估报告", "approve the assessment report"});
  auto round = require_round(tx, id);
  const auto step = StepId::comprehensive_assessment;
  auto context = step_context(services, tx, round, step, actor.id);
  auto transition = run_step_event(tx, round, step, StepEventKind::approve, context);
  auto state = std::string(to_string(transition.to));
  auto entry = journal_entry(now, actor.id, step_subject(id, step), "approve", state, state);
  entry.changes["approved_by"] = {"", actor.id};
  tx.record(std::move(entry), {}, std::move(transition.effects));
  tx.commit();
}
}  // namespace

void approve_report(Services& services, const ApproveReport& raw) {
  return recording_refusals(services, {raw.actor, "step approve", "round:" + raw.round},
                            [&] { return approve_report_refusable(services, raw); });
}

}  // namespace duban::app
