#include "app/field_figures.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace duban::app {

namespace {

bool among(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

void add_field_figures(Transaction& tx, const EvaluationPlan& plan, const std::string& round,
                       const std::map<std::string, std::string>& owner,
                       std::map<std::string, RecordFigures>& figures) {
  auto at = [&](const std::string& township) -> RecordFigures& {
    auto o = owner.find(township);
    return figures[o == owner.end() ? township : o->second];
  };
  // The sample: each sampled village's township, and the township of each sampled household.
  std::map<std::string, std::string> township_of;  // household number → township
  if (auto s = tx.survey().sample(round)) {
    const auto draw = nlohmann::json::parse(s->draw, nullptr, false);
    if (draw.is_object() && draw.contains("villages")) {
      for (const auto& v : draw["villages"]) {
        const auto township = v.value("township", "");
        ++at(township).sampled_villages;
        if (!v.contains("households")) continue;
        for (const auto& h : v["households"]) township_of[h.value("number", "")] = township;
      }
    }
  }
  // Households surveyed: a sampled household with answers to any form.
  std::set<std::string> surveyed;
  for (const auto& a : tx.survey().answers(round, ""))
    if (township_of.count(a.subject)) surveyed.insert(a.subject);
  for (const auto& number : surveyed) ++at(township_of[number]).households_surveyed;
  // Confirmed problems, the households not satisfied among them, 错评/漏评.
  store::DraftFilter confirmed;
  confirmed.status = "confirmed";
  std::set<std::string> unsatisfied;
  for (const auto& d : tx.survey().drafts(round, confirmed)) {
    auto& f = at(d.township);
    ++f.field_problems;
    if (among(plan.feedback.misidentification, d.category)) ++f.misidentified;
    if (among(plan.feedback.satisfaction, d.category) && surveyed.count(d.subject) &&
        unsatisfied.insert(d.subject).second)
      ++f.households_unsatisfied;
  }
}

}  // namespace duban::app
