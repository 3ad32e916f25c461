#pragma once
// Shared by the scoring use cases.
#include <optional>
#include <string>

#include "app/resolve_unit.hpp"
#include "app/services.hpp"
#include "domain/errors.hpp"
#include "domain/round.hpp"
#include "domain/score_records.hpp"
#include "domain/scoring.hpp"
#include "domain/text.hpp"

namespace duban::app {

inline std::string score_subject(const std::string& round, const std::string& unit,
                                 const std::string& indicator) {
  return "score:" + round + "/" + unit + "/" + indicator;
}
inline std::string ranking_subject(const std::string& round) { return "ranking:" + round; }
inline std::string recommendation_subject(std::int64_t id) {
  return "recommendation:" + std::to_string(id);
}

class Transaction;

/// One value to record, as given (a command's arguments, a row of a score file).
struct ScoreInput {
  std::string unit, indicator, value, source, note;
  bool clear = false;
};
/// The value checked and ready to write, with what it replaces.
struct PlannedScore {
  ScoreRecord record;
  std::optional<ScoreRecord> before;
  bool clear = false;
};
struct ScoreProblem {
  Errc code = Errc::invalid_argument;
  Text text;
};
/// Checks one value (unit, key, value, source, who gives it); nullopt with the problem otherwise.
std::optional<PlannedScore> plan_score(Services& services, Transaction& tx, const User& actor,
                                       const UnitIndex& units, const std::string& round,
                                       const ScoreInput& input, ScoreProblem& problem);
/// Writes a planned value and its journal entry; false when it changes nothing.
bool write_score(Transaction& tx, Instant now, const std::string& actor, PlannedScore& planned);

/// Who records scores in `round`: the actor (the supervision group, an evaluator or the leading
/// group), once the round exists and while its step 6 is not completed.
User require_scorer(Transaction& tx, const std::string& actor, const RoundId& round,
                    const Text& action);

/// Error(invalid_transition) once step 6 (综合评定) is completed: the values it ranked are final
/// until the leading group reopens it.
void require_scoring_open(const RoundRecord& round);

/// "no indicator X in the township model", with a did-you-mean over its ids and names.
Text unknown_indicator(const KindModel& model, const std::string& key);

}  // namespace duban::app
