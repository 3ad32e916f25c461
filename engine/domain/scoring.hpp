#pragma once
// The scoring model (评分模型, config/scoring.yaml) and the ranking it produces (数据汇总 →
// 综合评定). Values and rules only: no I/O. The seed (第一篇 三、第三方评估内容) fixes the
// townships' 20 % / 80 % split and the departments' 40 %; everything else in the model is the
// county's configuration.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/unit.hpp"

namespace duban {

/// Who gave a score: the supervision group (专项督查, step 2), the observation tour (季度观摩,
/// step 3), the third-party evaluation (第三方评估, step 4), the county itself (县级认定, e.g.
/// the target office's economic score or a fact), or duban's own records (computed, never
/// entered).
enum class ScoreSource { supervision, observation, evaluation, county, records };
std::string_view to_string(ScoreSource source);
std::string_view label_zh(ScoreSource source);
/// The code name or the Chinese label.
std::optional<ScoreSource> score_source_from(std::string_view text);

/// What duban's own records say about a unit's rectification work in a round's period
/// (domain/record_measures.hpp computes them from the journal).
enum class RecordMeasure {
  on_time_rate,          ///< % of items due in the period rectified by their due day
  overdue_items,         ///< items rectified late or still open past their due day
  overdue_days,          ///< the days those items were late, summed
  rework,                ///< rectifications rejected (返工)
  extensions_requested,  ///< extension requests made
  extensions_approved,   ///< of those, approved
  ack_hours,             ///< mean hours from assignment to acknowledgement (签收)
  // The field evaluation's findings (第三篇; `duban survey feedback` lists them):
  field_problems_per_village,  ///< confirmed problems per sampled village of the unit
  satisfaction_rate,           ///< % of surveyed households without an 认可度 problem
  misidentified,               ///< confirmed 错评/漏评 problems (精准识别)
};
/// A measure scored in proportion (max × rate / 100), not by points off per count.
bool is_rate(RecordMeasure measure);
std::string_view to_string(RecordMeasure measure);
std::string_view label_zh(RecordMeasure measure);
std::optional<RecordMeasure> record_measure_from(std::string_view text);
inline constexpr RecordMeasure kAllRecordMeasures[] = {RecordMeasure::on_time_rate,
                                                       RecordMeasure::overdue_items,
                                                       RecordMeasure::overdue_days,
                                                       RecordMeasure::rework,
                                                       RecordMeasure::extensions_requested,
                                                       RecordMeasure::extensions_approved,
                                                       RecordMeasure::ack_hours,
                                                       RecordMeasure::field_problems_per_village,
                                                       RecordMeasure::satisfaction_rate,
                                                       RecordMeasure::misidentified};

/// One node of the weighted tree. A leaf is scored (0..max); a group's value is its parts'.
struct Indicator {
  std::string id;     ///< unique within its unit kind, e.g. "reduction"
  std::string name;   ///< 减贫成效
  double weight = 0;  ///< % of its parent (siblings add up to 100)
  double max = 100;   ///< a leaf's full marks
  /// Not every unit has it (e.g. a department without evaluation tasks): when a unit has no
  /// score for it, its weight is spread over its siblings in proportion to theirs.
  bool optional = false;
  std::vector<ScoreSource> sources;  ///< who may record it; empty: any source
  /// Computed from the records instead of entered: a rate scores max × rate / 100; a count
  /// scores max − deduct × count, not below 0.
  std::optional<RecordMeasure> record;
  double deduct = 0;
  std::vector<Indicator> parts;
  bool leaf() const { return parts.empty(); }
};

/// 加分因素: points entered per item (each at most `max`), their sum capped by the kind's cap.
struct BonusItem {
  std::string id, name;
  double max = 0;
};

/// A fact about a unit that is not scored but that rules and vetoes read (通过验收, 帮扶贫困村
/// 个数, the six problems of 问责措施). A flag is 1 (yes) or 0 (no); a count is ≥ 0.
struct Fact {
  std::string id, name;
  bool flag = true;
};

/// 一票否决: when the fact is yes, the unit fails whatever its score.
struct Veto {
  std::string fact;
  std::string name;
};

/// A grade band: totals from `min` (inclusive) up get `grade`. Bands are kept highest first.
struct GradeBand {
  std::string grade;
  double min = 0;
};

/// The model of one unit kind (township, department).
struct KindModel {
  UnitKind kind = UnitKind::township;
  std::string label;   ///< 乡镇
  double total = 100;  ///< the points the weighted indicators add up to
  std::vector<Indicator> indicators;
  std::vector<BonusItem> bonus;
  double bonus_cap = 0;
  std::vector<Fact> facts;
  std::vector<Veto> veto;
  std::vector<GradeBand> grades;
  std::string veto_grade;  ///< a vetoed unit's grade
  /// Equal totals are told apart by these indicators' points, in order; still equal: a shared
  /// rank.
  std::vector<std::string> tie_break;

  /// The leaf, group, bonus item or fact with this id or name (a group is found too).
  const Indicator* indicator(std::string_view key) const;
  const BonusItem* bonus_item(std::string_view key) const;
  const Fact* fact(std::string_view key) const;
  /// Every leaf, depth first.
  std::vector<const Indicator*> leaves() const;
};

struct ScoringModel {
  std::vector<KindModel> kinds;
  const KindModel* find(UnitKind kind) const;
};

/// What a key of a score names in a kind's model.
enum class ScoreKeyKind { indicator, bonus, fact };
struct ScoreKey {
  ScoreKeyKind kind = ScoreKeyKind::indicator;
  std::string id;  ///< the canonical id (a name given is turned into its id)
  double max = 0;  ///< the highest value it takes (a count: no limit, 0)
  const Indicator* indicator = nullptr;
};
/// Resolves `key` (an id or name) for recording a value; nullopt when the kind has no leaf,
/// bonus item or fact of that name. Groups and record indicators are not entered.
std::optional<ScoreKey> score_key(const KindModel& model, std::string_view key);

}  // namespace duban
