// 启动评估轮次: creates the round with its seven steps and their due dates from the workflow.
#include "app/clean_requests.hpp"
#include "app/denials.hpp"
#include "app/input_dates.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {
RoundRecord start_round_refusable(Services& services, const StartRound& raw) {
  const auto request = cleaned(raw);
  Transaction tx(services, store::Intent::write);
  auto actor = require_actor(tx.directory(), request.actor);
  require_access(actor, {Access::leading_group}, {"启动评估轮次", "start a round"});
  auto id = input_round(request.round, services.config.plausible_years);
  RoundRecord round;
  round.id = id;
  if (!request.observation_date.empty()) {
    auto date = parse_date(request.observation_date);
    if (!date) {
      throw Error(Errc::invalid_argument,
                  {"观摩日期格式应为 YYYY-MM-DD:" + request.observation_date,
                   "observation date must be YYYY-MM-DD: " + request.observation_date});
    }
    require_plausible({"观摩日期", "the observation date"}, *date, services.config.plausible_years);
    round.observation_date = format_date(*date);
  }
  auto now = services.clock.now();
  round.started_at = format_utc(now);
  round.started_by = actor.id;
  for (auto s : kAllSteps) {
    auto& step = round.step(s);
    step.step = s;
    if (auto due = services.config.workflow.step_due(s, id)) step.due_date = format_date(*due);
  }
  if (tx.rounds().find(id)) {
    throw Error(Errc::already_exists, {"轮次已存在:" + id.str(), "round exists: " + id.str()});
  }
  tx.rounds().insert(round);
  auto entry = journal_entry(now, actor.id, "round:" + id.str(), "start", "", "started");
  if (!round.observation_date.empty())
    entry.changes["observation_date"] = {"", round.observation_date};
  tx.record(std::move(entry));
  tx.commit();
  return round;
}
}  // namespace

RoundRecord start_round(Services& services, const StartRound& raw) {
  return recording_refusals(services, {raw.actor, "round start", "round:" + raw.round},
                            [&] { return start_round_refusable(services, raw); });
}

}  // namespace duban::app
