#pragma once
// 结果运用: the rule plugins' recommendations and the leading group's decisions on them. Rules
// only recommend; accepting one is journaled and may create a rectification item (约谈 with a
// deadline: created, then assigned to the unit's head through the item machine) or record bonus
// points (加分), in the same transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/score_records.hpp"

namespace duban::app {

/// Files a recommendation made by plugin `x.plugin` (journaled with the actor "plugin:<name>").
/// The round and unit must exist; the same pending recommendation (round, unit, rule, action) is
/// not filed twice. Returns its id.
std::int64_t file_recommendation(Services& services, Recommendation x);

std::vector<Recommendation> list_recommendations(Services& services, const std::string& actor,
                                                 const std::string& round, const std::string& unit,
                                                 const std::string& state);

struct DecideRecommendation {
  std::string actor;
  std::int64_t id = 0;
  bool accept = true;
  std::string note;  ///< why; required to dismiss
};
/// The leading group accepts or dismisses a pending recommendation.
Recommendation decide_recommendation(Services& services, const DecideRecommendation& request);

}  // namespace duban::app
