#pragma once
// What the rule plugins (incentive, accountability) share: reading a published ranking when it
// is published, a unit's facts, and the inputs a recommendation records.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "duban_plugin.hpp"

namespace duban_rules {

using duban::plugin::RankedUnit;

/// The round whose ranking a change published, if it is such a change.
inline std::optional<std::string> published_round(const duban::plugin::Change& c) {
  if (c.subject.rfind("ranking:", 0) != 0) return std::nullopt;
  if (c.event != "publish" && c.event != "republish") return std::nullopt;
  return c.subject.substr(8);
}

/// A fact's value, if it was recorded.
inline std::optional<double> fact(const std::vector<std::pair<std::string, double>>& facts,
                                  const std::string& id) {
  for (const auto& [k, v] : facts)
    if (k == id) return v;
  return std::nullopt;
}

/// Within the top `percent` % of the ranked units of its kind: rank ≤ ranked × percent / 100
/// (with 11 townships and 20 %, ranks 1 and 2: 2.2 places). Tied units share their rank, so they
/// are in or out together. Integer arithmetic: rank × 100 ≤ ranked × percent.
inline bool in_top_share(const RankedUnit& u, long long percent) {
  return u.rank > 0 && !u.vetoed &&
         static_cast<long long>(u.rank) * 100 <= static_cast<long long>(u.ranked) * percent;
}

/// What every recommendation records of the unit, plus the rule's own inputs.
inline nlohmann::json inputs_of(const RankedUnit& u,
                                nlohmann::json extra = nlohmann::json::object()) {
  nlohmann::json j = {{"unit", u.unit},     {"kind", u.kind},   {"rank", u.rank},
                      {"ranked", u.ranked}, {"total", u.total}, {"grade", u.grade},
                      {"vetoed", u.vetoed}, {"last", u.last},   {"last_streak", u.last_streak}};
  if (u.previous_rank > 0) j["previous_rank"] = u.previous_rank;
  for (auto& [k, v] : extra.items()) j[k] = v;
  return j;
}

inline duban::plugin::Recommendation recommendation(const std::string& round, const RankedUnit& u,
                                                    std::string rule, std::string action,
                                                    std::string zh, std::string en,
                                                    const nlohmann::json& inputs) {
  duban::plugin::Recommendation r;
  r.round = round;
  r.unit = u.unit;
  r.rule = std::move(rule);
  r.action = std::move(action);
  r.text_zh = std::move(zh);
  r.text_en = std::move(en);
  r.inputs_json = inputs.dump();
  return r;
}

/// A rule plugin: sees each publication of a ranking, reads it through the Host and applies its
/// rules to every unit's line (which recommend through the Host).
class RulePlugin : public duban::plugin::Plugin, public duban::plugin::Observer {
 public:
  explicit RulePlugin(duban::plugin::Host& host) : host_(host) {}
  Observer* observer() override { return this; }
  void on_committed(const std::vector<duban::plugin::Change>& changes) override {
    for (const auto& c : changes) {
      auto round = published_round(c);
      if (!round) continue;
      auto ranking = host_.ranking(*round);
      if (!ranking) continue;
      for (const auto& u : ranking->units) apply(*ranking, u);
    }
  }

 protected:
  virtual void apply(const duban::plugin::Ranking& ranking, const RankedUnit& unit) = 0;
  duban::plugin::Host& host_;
};

}  // namespace duban_rules
