#pragma once
// The JSON shapes of scores, rankings and recommendations: one definition for `duban --json`,
// the HTTP API and the plugins' view of a ranking.
#include <nlohmann/json.hpp>

#include "app/score_cases.hpp"

namespace duban::app {

nlohmann::json to_json(const ScoreRecord& score);
nlohmann::json to_json(const ScoreImportResult& result);
nlohmann::json to_json(const RecordFigures& figures);
/// The field evaluation's part of the figures (sampled villages … misidentified), as to_json
/// shows them.
nlohmann::json field_figures_json(const RecordFigures& figures);
/// Each kind's ranking with every unit's points, rank change and note (in the current language),
/// and the units' record figures.
nlohmann::json to_json(const RoundRanking& ranking);
nlohmann::json to_json(const Recommendation& recommendation);

}  // namespace duban::app
