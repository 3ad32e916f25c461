#pragma once
// What is stored of scoring: the values recorded per round, unit and indicator; a round's
// published ranking; and the recommendations the rule plugins make from it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace duban {

/// One value (an indicator's score, bonus points or a fact) of one unit in one round.
struct ScoreRecord {
  std::string round, unit, indicator;  ///< the indicator's canonical id
  std::string value;                   ///< decimal text as entered, at most two decimals
  std::string source;                  ///< ScoreSource's code
  std::string recorded_by, recorded_at, note;
};

/// One unit's line of a published ranking.
struct RankingRow {
  std::string round, unit, kind;
  int position = 0;  ///< the line's order (ranked first, then the unranked)
  int rank = 0;      ///< 0: not ranked
  std::string total, grade;
  int last_streak = 0;
  std::string detail;  ///< JSON: points, bonus, vetoes, missing, previous rank, note, records
  std::string published_at, published_by;
};

/// 待定 / 已采纳 / 未采纳 / 已失效 (a later publication of the ranking replaced it).
enum class RecommendationState { pending, accepted, dismissed, superseded };
std::string_view to_string(RecommendationState state);
std::string_view label_zh(RecommendationState state);
std::optional<RecommendationState> recommendation_state_from(std::string_view text);

/// What a rule plugin recommends for a unit, and what people decided.
struct Recommendation {
  std::int64_t id = 0;
  std::string round, unit;
  std::string plugin;  ///< incentive, accountability
  std::string rule;    ///< the rule's code, e.g. last_place
  std::string action;  ///< what is recommended, e.g. circulated_criticism
  std::string text_zh, text_en;
  std::string inputs;  ///< JSON: what the rule saw
  /// JSON: what accepting it does beyond recording the decision ({} for nothing): an item to
  /// create ({"item": {"title", "due_days", "category"}}) or bonus points to record
  /// ({"score": {"indicator", "value"}}).
  std::string follow_up = "{}";
  RecommendationState state = RecommendationState::pending;
  std::string created_at;
  std::string decided_by, decided_at, note;
  std::int64_t item_id = 0;  ///< the rectification item accepting it created
};

}  // namespace duban
