// 审定: the county committee/government approves the comprehensive assessment report (step 6).
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "domain/errors.hpp"

namespace duban::app {

void approve_report(Services& services, const ApproveReport& request) {
  auto actor = require_actor(services, request.actor);
  require_access(actor, {Access::leading_group}, {"审定评估报告", "approve the assessment report"});
  auto id = parse_round(request.round);
  auto now = services.clock.now();
  services.store.write([&](soci::session&) {
    auto round = require_round(services, id);
    auto& record = round.step(StepId::comprehensive_assessment);
    if (record.state != StepState::open) {
      throw Error(Errc::invalid_transition,
                  {"综合评定步骤处于“" + std::string(label_zh(record.state)) + "”状态,不能审定报告",
                   "event approve not allowed in state " + std::string(to_string(record.state)) +
                       " (step 6 comprehensive_assessment)"});
    }
    if (!record.approved_by.empty()) {
      throw Error(
          Errc::already_exists,
          {"报告已于 " + record.approved_at + " 由 " + record.approved_by + " 审定",
           "the report was approved at " + record.approved_at + " by " + record.approved_by});
    }
    record.approved_by = actor.id;
    record.approved_at = format_utc(now);
    services.store.rounds().update_step(id, record);
    auto entry = journal_entry(now, actor.id, step_subject(id, StepId::comprehensive_assessment),
                               "approve", "open", "open");
    entry.changes["approved_by"] = {"", actor.id};
    services.store.journal().append(entry);
  });
}

}  // namespace duban::app
