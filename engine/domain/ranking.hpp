#pragma once
// Aggregation and ranking of one unit kind in one round (数据汇总 → 综合评定), from the values
// recorded for each unit and the kind's model. Pure: the same values give the same ranking.
//
//   leaf points   = score / max × (the leaf's share of the total: its weight × its parents'
//                   weights, as fractions, × model.total); a missing optional leaf's weight is
//                   spread over its siblings in proportion to theirs
//   weighted      = Σ leaf points
//   bonus         = min(Σ bonus item points (each ≤ its max), bonus cap)
//   total         = weighted + bonus, rounded half up to 0.01 (ties compare the rounded totals)
//   veto          = any veto fact recorded as yes: the unit is placed after every unit not
//                   vetoed, and graded model.veto_grade
//   rank          = by total, highest first; equal totals are told apart by the tie-break
//                   indicators' points in order, and still equal share the rank (1, 2, 2, 4)
//   grade         = the first band whose min the total reaches
// A unit missing a score that is not optional is not ranked: it is listed with what it lacks.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/scoring.hpp"
#include "domain/text.hpp"

namespace duban {

/// What was recorded for one unit: indicator, bonus and fact values by canonical id (record
/// indicators already turned into their scores).
struct UnitValues {
  std::string unit, name;
  std::map<std::string, double> values;
};

/// One unit's place in a previous round's ranking.
struct PreviousPlace {
  int rank = 0;
  bool last = false;
  int last_streak = 0;  ///< rounds in a row it was last, ending with that one
};

struct RankedUnit {
  std::string unit, name;
  double weighted = 0, bonus = 0, bonus_claimed = 0, total = 0;
  /// Each indicator's (group or leaf) points, by id.
  std::map<std::string, double> points;
  std::vector<std::string> vetoes;   ///< the veto facts that hold (their names)
  std::vector<std::string> missing;  ///< required scores not recorded: not ranked
  int rank = 0;                      ///< 0: not ranked
  std::string grade;
  bool last = false;
  int last_streak = 0;
  std::optional<int> previous_rank;
  Text note;  ///< how a tie was settled, or why it is vetoed or unranked
  bool ranked() const { return rank > 0; }
  bool vetoed() const { return !vetoes.empty(); }
};

struct KindRanking {
  UnitKind kind = UnitKind::township;
  std::vector<RankedUnit> units;  ///< ranked ones in rank order, then the unranked
  int ranked = 0;
};

/// `previous`: the units' places in the previous round of the same kind (empty: none).
KindRanking rank_units(const KindModel& model, const std::vector<UnitValues>& units,
                       const std::map<std::string, PreviousPlace>& previous = {});

/// The total as shown and compared: half up to 0.01.
double round_points(double value);

}  // namespace duban
