// 问题清单: evaluators and the supervision group record problems found during a round.
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "domain/errors.hpp"
#include "store/units.hpp"

namespace duban::app {

std::int64_t add_problem(Services& services, const AddProblem& request) {
  auto actor = require_actor(services, request.actor);
  require_access(actor, {Access::evaluator, Access::supervision, Access::leading_group},
                 {"记录问题", "record a problem"});
  auto id = parse_round(request.round);
  if (request.title.empty()) {
    throw Error(Errc::missing_field, {"问题不能为空", "the problem (title) must not be empty"});
  }
  if (!store::find_unit(services.store.session(), request.unit)) {
    throw Error(Errc::not_found, {"单位不存在:" + request.unit, "no such unit: " + request.unit});
  }
  auto source = item_source_from(request.source);
  if (!source) {
    throw Error(Errc::invalid_argument,
                {"无效来源:" + request.source + "(国家/省级/市级/县级/自查)",
                 "invalid source: " + request.source});
  }
  auto now = services.clock.now();
  std::int64_t problem_id = 0;
  services.store.write([&](soci::session&) {
    auto round = require_round(services, id);
    if (round.step(StepId::feedback).state == StepState::completed) {
      throw Error(Errc::invalid_transition,
                  {"本轮已完成沟通反馈,问题请直接作为整改事项添加",
                   "event record_problem not allowed in state completed (step 7); add an item"});
    }
    store::Problem p;
    p.round = id.str();
    p.unit = request.unit;
    p.source = *source;
    p.category = request.category;
    p.title = request.title;
    p.manifestation = request.manifestation;
    p.suggestion = request.suggestion;
    p.created_by = actor.id;
    p.created_at = format_utc(now);
    problem_id = services.store.rounds().add_problem(p);
    auto entry = journal_entry(now, actor.id, "problem:" + std::to_string(problem_id), "record", "",
                               "recorded");
    entry.changes["title"] = {"", p.title};
    entry.changes["unit"] = {"", p.unit};
    services.store.journal().append(entry);
  });
  return problem_id;
}

}  // namespace duban::app
