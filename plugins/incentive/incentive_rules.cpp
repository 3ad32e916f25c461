// 激励措施 (the seed's 第七条(一)), as recommendations made when a ranking is published:
//   1. top_share % of the townships, having passed acceptance (通过验收实现整体脱贫) → their
//      party and government heads reused (重用), the deputy in charge and the poverty officer
//      promoted on the spot after assessment (考察合格后就地提拔);
//      the first top_count townships → priority in appointments of section-level cadres;
//   3. top_share % of the departments → merit (记功) for the head; their first secretaries and
//      good work-team members promoted or reused first;
//   4. a department assisting more poor villages than in the previous round of the same kind →
//      bonus points (accepted: recorded as the bonus item's score).
// "Top 20 %" is rank ≤ ranked × 20 / 100 (rules.hpp): 2 of 11 townships.
#include <string>

#include "rules.hpp"

namespace {

using duban::plugin::Host;
using duban::plugin::Section;
using duban_rules::fact;
using duban_rules::in_top_share;
using duban_rules::inputs_of;
using duban_rules::recommendation;

class Incentive final : public duban_rules::RulePlugin {
 public:
  explicit Incentive(Host& host) : RulePlugin(host) {}
  void configure(Section& s) override {
    top_share_ = s.integer("top_share_percent", 1, 100).value_or(20);
    top_count_ = s.integer("top_count", 0, 1000).value_or(10);
    require_acceptance_ = s.boolean("require_acceptance").value_or(true);
    acceptance_fact_ = s.string("acceptance_fact").value_or("acceptance_passed");
    villages_fact_ = s.string("villages_fact").value_or("villages_assisted");
    villages_bonus_item_ = s.string("villages_bonus_item").value_or("more_villages");
    villages_bonus_points_ = s.integer("villages_bonus_points", 0, 100).value_or(2);
  }

 protected:
  void apply(const duban::plugin::Ranking& r, const duban::plugin::RankedUnit& u) override {
    if (u.kind == "township") township(r, u);
    if (u.kind == "department") department(r, u);
  }

 private:
  std::string place(const duban::plugin::RankedUnit& u) const {
    return "第 " + std::to_string(u.rank) + " 名(共 " + std::to_string(u.ranked) + " 个)";
  }

  void township(const duban::plugin::Ranking& r, const duban::plugin::RankedUnit& u) {
    if (in_top_share(u, top_share_)) {
      auto passed = fact(u.facts, acceptance_fact_);
      if (!require_acceptance_ || (passed && *passed != 0)) {
        host_.recommend(recommendation(
            r.round, u, "top_share", "promotion",
            u.name + " 位居乡镇综合排序" + place(u) + ",在前 " + std::to_string(top_share_) +
                "% 之内" + (require_acceptance_ ? "且已通过验收实现整体脱贫" : "") +
                ":建议对党委书记、乡镇长分别给予重用;分管脱贫攻坚工作的副职、扶贫专干考察合格后就地"
                "提拔(第七条(一)1)",
            u.name + " ranks " + std::to_string(u.rank) + " of " + std::to_string(u.ranked) +
                " townships, within the top " + std::to_string(top_share_) + " %" +
                (require_acceptance_ ? ", and passed acceptance" : "") +
                ": reuse its party secretary and head; promote its deputy in charge and poverty "
                "officer on the spot after assessment",
            inputs_of(u, {{"top_share_percent", top_share_},
                          {acceptance_fact_, passed ? nlohmann::json(*passed) : nullptr}})));
      }
    }
    if (u.rank > 0 && !u.vetoed && u.rank <= top_count_) {
      host_.recommend(recommendation(
          r.round, u, "top_count", "priority_appointment",
          u.name + " 位居前 " + std::to_string(top_count_) + " 名(" + place(u) +
              "):建议在科级干部使用方面,在职数范围内给予优先安排(第七条(一)1)",
          u.name + " is in the first " + std::to_string(top_count_) + " (rank " +
              std::to_string(u.rank) + "): give it priority in appointing section-level cadres",
          inputs_of(u, {{"top_count", top_count_}})));
    }
  }

  void department(const duban::plugin::Ranking& r, const duban::plugin::RankedUnit& u) {
    if (in_top_share(u, top_share_)) {
      host_.recommend(recommendation(
          r.round, u, "top_share", "merit",
          u.name + " 位居县直单位综合排序" + place(u) + ",在前 " + std::to_string(top_share_) +
              "% 之内:建议给予单位负责人记功奖励;单位派驻的第一书记、优秀驻村工作队员优先提拔或"
              "重用(第七条(一)3)",
          u.name + " ranks " + std::to_string(u.rank) + " of " + std::to_string(u.ranked) +
              " departments, within the top " + std::to_string(top_share_) +
              " %: merit for its head; its first secretaries and good work-team members promoted "
              "or reused first",
          inputs_of(u, {{"top_share_percent", top_share_}})));
    }
    auto now = fact(u.facts, villages_fact_), before = fact(u.previous_facts, villages_fact_);
    if (now && before && *now > *before && villages_bonus_points_ > 0) {
      auto rec = recommendation(
          r.round, u, "more_villages", "bonus",
          u.name + " 帮扶贫困村 " + std::to_string(static_cast<long long>(*now)) + " 个,较上年(" +
              r.previous_round + ")的 " + std::to_string(static_cast<long long>(*before)) +
              " 个增加:建议在年度第三方评估中加 " + std::to_string(villages_bonus_points_) +
              " 分(第七条(一)4)",
          u.name + " assists " + std::to_string(static_cast<long long>(*now)) +
              " poor villages, more than the " + std::to_string(static_cast<long long>(*before)) +
              " of " + r.previous_round + ": add " + std::to_string(villages_bonus_points_) +
              " bonus points",
          inputs_of(u, {{villages_fact_, *now},
                        {"previous_round", r.previous_round},
                        {"previous_" + villages_fact_, *before}}));
      rec.bonus_item = villages_bonus_item_;
      rec.bonus_points = static_cast<double>(villages_bonus_points_);
      host_.recommend(rec);
    }
  }

  long long top_share_ = 20, top_count_ = 10, villages_bonus_points_ = 2;
  bool require_acceptance_ = true;
  std::string acceptance_fact_, villages_fact_, villages_bonus_item_;
};

}  // namespace

DUBAN_PLUGIN(Incentive)
