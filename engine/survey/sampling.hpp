#pragma once
// 抽村、抽户: the draw of a round's sample from its roster, as the plan says (第三篇 一、4–5).
// The draw depends on the seed, the plan and the roster alone, never on a machine, a database
// or the order rows come in: each candidate's rank is the SHA-256 (hex) of a text naming it,
//   village:    "<seed>|village|<township id>|<village name>"
//   household:  "<seed>|household|<township id>|<village name>|<户编号>"
// and a draw takes candidates by ascending rank. So anyone with the roster, the plan and the
// recorded seed can draw it again (sha256sum is enough) and get the same sample.
#include <string>
#include <vector>

#include "domain/evaluation_plan.hpp"
#include "domain/roster.hpp"
#include "domain/text.hpp"

namespace duban::survey {

struct Township {
  std::string id, name;
  bool key = false;  ///< 重点乡镇 (the units file's key: true)
};

enum class SampleReason {
  quota,       ///< drawn for its own kind's quota
  substitute,  ///< drawn for another kind's quota that ran short (调剂)
  edge,        ///< 边缘户: every one of a sampled village, beyond the quotas
  monitored,   ///< 监测户: likewise
};
std::string_view to_string(SampleReason reason);

struct SampledHousehold {
  std::string number, head, id_tail;
  HouseholdKind kind = HouseholdKind::poor;
  unsigned tags = 0;
  bool edge = false, monitored = false;
  SampleReason reason = SampleReason::quota;
  HouseholdKind quota = HouseholdKind::poor;  ///< the quota it fills (quota, substitute)
};

struct SampledVillage {
  std::string township, township_name, name, unit;
  VillageKind kind = VillageKind::non_poor;
  bool covers = false;  ///< drawn first, to cover its kind in its township (兼顾)
  std::vector<SampledHousehold> households;
  std::vector<Text> notes;  ///< a kind short, a village with fewer households than the quotas
};

struct Sample {
  std::string seed;
  std::vector<SampledVillage> villages;
  std::vector<Text> notes;  ///< townships with fewer villages than the plan, or without a kind
  std::size_t households() const;
  std::size_t substitutions() const;
};

/// A candidate's rank (the SHA-256 hex of `parts` joined by "|").
std::string rank_of(const std::vector<std::string>& parts);

/// Each township's villages: the kinds of plan.cover first (the best-ranked village of each kind
/// the township has), then the rest by rank, plan.key/other_township_villages in all. Townships
/// in the order given; their villages by rank. Shortfalls are noted in `notes`.
std::vector<SampledVillage> draw_villages(const EvaluationPlan& plan,
                                          const std::vector<Township>& townships,
                                          const std::vector<RosterVillage>& roster,
                                          const std::string& seed, std::vector<Text>& notes);

/// One sampled village's households (`roster`: that village's): each quota in order (a preferred
/// mark first), then — with plan.substitute — each shortfall made up from the other kinds in the
/// quotas' order, then every 边缘户 and 监测户 not drawn yet.
void draw_households(const EvaluationPlan& plan, SampledVillage& village,
                     const std::vector<RosterHousehold>& roster, const std::string& seed);

}  // namespace duban::survey
