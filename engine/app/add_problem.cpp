// 问题清单: evaluators and the supervision group record problems found during a round. An internal
// transition of step 7's machine: the list is open until feedback completes.
#include "app/clean_requests.hpp"
#include "app/denials.hpp"
#include "app/item_cases.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/resolve_unit.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {
std::int64_t add_problem_refusable(Services& services, const AddProblem& raw) {
  const auto request = cleaned(raw);
  auto id = parse_round(request.round);
  auto source = parse_source(request.source);
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  auto actor = require_actor(tx.directory(), request.actor);
  require_access(actor, {Access::evaluator, Access::supervision, Access::leading_group},
                 {"记录问题", "record a problem"});
  if (request.title.empty()) {
    throw Error(Errc::missing_field, {"问题不能为空", "the problem (title) must not be empty"});
  }
  auto unit = resolve_unit(tx.directory(), request.unit);
  auto round = require_round(tx, id);
  auto context = step_context(services, tx, round, StepId::feedback, actor.id);
  auto transition =
      run_step_event(tx, round, StepId::feedback, StepEventKind::record_problem, context);

  Problem p;
  p.round = id.str();
  p.unit = unit;
  p.source = source;
  p.category = request.category;
  p.title = request.title;
  p.manifestation = request.manifestation;
  p.suggestion = request.suggestion;
  p.created_by = actor.id;
  p.created_at = format_utc(now);
  auto problem_id = tx.rounds().add_problem(p);
  auto entry = journal_entry(now, actor.id, "problem:" + std::to_string(problem_id), "record", "",
                             "recorded");
  // Every field, so that `audit verify` can replay the problem's row from its entry (entries
  // written before this had the title and unit only).
  entry.changes["round"] = {"", p.round};
  entry.changes["source"] = {"", std::string(to_string(p.source))};
  entry.changes["title"] = {"", p.title};
  entry.changes["unit"] = {"", p.unit};
  if (!p.category.empty()) entry.changes["category"] = {"", p.category};
  if (!p.manifestation.empty()) entry.changes["manifestation"] = {"", p.manifestation};
  if (!p.suggestion.empty()) entry.changes["suggestion"] = {"", p.suggestion};
  tx.record(std::move(entry), {}, std::move(transition.effects));
  tx.commit();
  return problem_id;
}
}  // namespace

std::int64_t add_problem(Services& services, const AddProblem& raw) {
  return recording_refusals(services, {raw.actor, "problem add", "round:" + raw.round},
                            [&] { return add_problem_refusable(services, raw); });
}

}  // namespace duban::app
