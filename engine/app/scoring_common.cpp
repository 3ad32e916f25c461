#include "app/scoring_common.hpp"

#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "config/diagnostics.hpp"
#include "domain/errors.hpp"

namespace duban::app {

void require_scoring_open(const RoundRecord& round) {
  if (round.step(StepId::comprehensive_assessment).state == StepState::completed) {
    throw Error(Errc::invalid_transition,
                {"轮次 " + round.id.str() + " 的综合评定(第 6 步)已完成,评分与排名已定;" +
                     "如需更正,请领导小组先重新打开第 6 步",
                 "step 6 (comprehensive assessment) of round " + round.id.str() +
                     " is completed: its scores and ranking are final; the leading group must "
                     "reopen step 6 to correct them"});
  }
}

User require_scorer(Transaction& tx, const std::string& actor_id, const RoundId& round,
                    const Text& action) {
  auto actor = require_actor(tx.directory(), actor_id);
  require_access(actor, {Access::evaluator, Access::supervision, Access::leading_group}, action);
  require_scoring_open(require_round(tx, round));
  return actor;
}

Text unknown_indicator(const KindModel& model, const std::string& key) {
  std::vector<std::string> known;
  for (const auto* leaf : model.leaves()) {
    if (leaf->record) continue;
    known.push_back(leaf->id);
    known.push_back(leaf->name);
  }
  for (const auto& b : model.bonus) known.insert(known.end(), {b.id, b.name});
  for (const auto& f : model.facts) known.insert(known.end(), {f.id, f.name});
  auto hint = config::did_you_mean(key, known);
  std::string why_zh, why_en;
  if (const auto* i = model.indicator(key)) {
    why_zh = i->leaf() ? "(由督办记录计算,不能录入)" : "(由下级指标得出,请录入其下级指标)";
    why_en = i->leaf() ? " (computed from duban's records, not entered)"
                       : " (it is the sum of its parts: enter those)";
  }
  return {model.label + "评分模型中没有可录入的指标 " + key + why_zh +
              (hint.empty() ? "" : "(是否想写 " + hint + "?)"),
          "no indicator " + key + " to enter in the " + std::string(to_string(model.kind)) +
              " model" + why_en + (hint.empty() ? "" : " (did you mean " + hint + "?)")};
}

}  // namespace duban::app
