#pragma once
// What setting one score checks, shared by `score set` and `score import`: the unit's model, the
// key, the value's form and range, the source and who may give it, and that scoring is open.
#include <optional>
#include <string>

#include "domain/scoring.hpp"
#include "domain/text.hpp"
#include "domain/unit.hpp"

namespace duban::app {

/// The model for units of `kind`, or nullopt with `error` saying the kind is not scored.
const KindModel* model_for(const ScoringModel& model, UnitKind kind, Text& error);

/// `text` as canonical decimal text for `key` ("87.50" → "87.5"; a fact's 是/否 → "1"/"0"), or
/// nullopt with `error` (not a number, more than two decimals, out of range).
std::optional<std::string> score_value(const ScoreKey& key, const std::string& name,
                                       const std::string& text, Text& error);

/// The source a score is recorded under: `given` (code or Chinese label) or the actor's own, if
/// the actor may give it and the indicator takes it; nullopt with `error` otherwise.
std::optional<ScoreSource> score_source(const User& actor, const ScoreKey& key,
                                        const std::string& given, Text& error);

/// Canonical decimal text as a number.
double score_number(const std::string& canonical);

}  // namespace duban::app
