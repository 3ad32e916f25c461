#include "domain/evaluation_plan.hpp"

namespace duban {

std::string EvaluationPlan::canonical() const {
  // Written by hand in a fixed order (no JSON library in the domain): numbers, codes and booleans
  // only, so there is nothing to escape.
  std::string out = "{\"villages\":{\"key_township\":" + std::to_string(key_township_villages) +
                    ",\"other_township\":" + std::to_string(other_township_villages) +
                    ",\"cover\":[";
  for (std::size_t i = 0; i < cover.size(); ++i)
    out += (i ? ",\"" : "\"") + std::string(to_string(cover[i])) + "\"";
  out += "]},\"households\":{\"quotas\":[";
  for (std::size_t i = 0; i < quotas.size(); ++i) {
    out += std::string(i ? "," : "") + "{\"kind\":\"" + std::string(to_string(quotas[i].kind)) +
           "\",\"count\":" + std::to_string(quotas[i].count) + ",\"prefer\":\"" +
           household_tags_codes(quotas[i].prefer) + "\"}";
  }
  out += "],\"substitute\":" + std::string(substitute ? "true" : "false") +
         ",\"all_edge\":" + (all_edge ? "true" : "false") +
         ",\"all_monitored\":" + (all_monitored ? "true" : "false") + "}}";
  return out;
}

EvaluationPlan seed_evaluation_plan() {
  EvaluationPlan p;
  unsigned marginal = 0;
  for (auto t : kAllHouseholdTags) marginal |= static_cast<unsigned>(t);
  p.quotas = {{HouseholdKind::poor, 5, 0},
              {HouseholdKind::lifted, 5, 0},
              {HouseholdKind::unregistered, 5, marginal}};
  return p;
}

}  // namespace duban
