// 报送: a unit's submission for a step — the self-inspection summary (step 1), the observation
// village list (step 3), or its acknowledgement of feedback received (step 7).
#include <algorithm>

#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "domain/errors.hpp"
#include "store/units.hpp"

namespace duban::app {

Submitted submit(Services& services, const Submit& request) {
  auto actor = require_actor(services, request.actor);
  auto id = parse_round(request.round);
  auto step = parse_step(request.step);
  const auto& rule = services.config.workflow.rule(step);
  auto unit = store::find_unit(services.store.session(), request.unit);
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
  auto now = services.clock.now();
  Submitted result;
  services.store.write([&](soci::session&) {
    auto round = require_round(services, id);
    const auto& record = round.step(step);
    if (record.state != StepState::open) {
      throw Error(Errc::invalid_transition,
                  {"步骤 " + std::to_string(number(step)) + " 处于“" +
                       std::string(label_zh(record.state)) + "”状态,不能报送",
                   "event submit not allowed in state " + std::string(to_string(record.state)) +
                       " (step " + std::to_string(number(step)) + ")"});
    }
    std::optional<Date> due = parse_date(record.due_date);
    if (step == StepId::quarterly_observation) {
      if (auto observation = parse_date(round.observation_date)) {
        due = services.config.workflow.observation_list_due(*observation);
      }
    }
    if (due) {
      result.due = format_date(*due);
      result.late = is_overdue(end_of_day(*due, services.config.zone), now);
    }
    store::Submission s{id.str(), step, unit->id, actor.id, format_utc(now), request.note};
    services.store.rounds().put_submission(s);
    auto entry = journal_entry(
        now, actor.id,
        "submission:" + id.str() + "/" + std::to_string(number(step)) + "/" + unit->id, "submit",
        "", "submitted");
    if (!request.note.empty()) entry.changes["note"] = {"", request.note};
    if (result.late) entry.changes["late"] = {"", "due " + result.due};
    services.store.journal().append(entry);
  });
  return result;
}

}  // namespace duban::app
