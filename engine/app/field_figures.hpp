#pragma once
// The round's field evaluation (第三篇) as figures per unit: sampled villages, confirmed problems,
// households surveyed and not satisfied, 错评/漏评 found (domain/record_measures.hpp), read from
// the round's sample, answers and confirmed problems. What `duban survey feedback` lists and what
// a scoring model's record indicators (field_problems_per_village, satisfaction_rate,
// misidentified) score, so that the feedback meeting's ranking comes from the same record.
#include <map>
#include <string>

#include "app/transaction.hpp"
#include "domain/evaluation_plan.hpp"
#include "domain/record_measures.hpp"

namespace duban::app {

/// Adds `round`'s findings to `figures`, each township's to `owner[township]` (the ranked unit it
/// answers for; a township not in `owner` is counted under its own id).
void add_field_figures(Transaction& tx, const EvaluationPlan& plan, const std::string& round,
                       const std::map<std::string, std::string>& owner,
                       std::map<std::string, RecordFigures>& figures);

}  // namespace duban::app
