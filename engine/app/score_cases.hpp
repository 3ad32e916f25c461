#pragma once
// Use cases of scoring (数据汇总 → 综合评定 → 结果运用): recording scores, the round's ranking
// and its publication, and the decisions on the rule plugins' recommendations.
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/sheet.hpp"
#include "domain/ranking.hpp"
#include "domain/record_measures.hpp"
#include "domain/score_records.hpp"

namespace duban::app {

class Transaction;

struct SetScore {
  std::string actor;
  std::string round, unit, indicator;  ///< the unit by id or name; the indicator by id or name
  std::string value;                   ///< a number (≤ 2 decimals); a fact also 是/否, yes/no
  std::string source;  ///< empty: the actor's own (督导组 supervision, 评估机构 evaluation,
                       ///< 领导小组 county)
  std::string note;
  bool clear =
      false;  ///< removes the value instead (e.g. an optional indicator entered by mistake)
};
struct ScoreChange {
  ScoreRecord record;
  std::string before;  ///< the value replaced ("" if none)
  bool changed = false;
};
ScoreChange set_score(Services& services, const SetScore& request);

struct ScoreImportOptions {
  std::string actor;
  std::string round;   ///< the round of rows without a 轮次 column
  std::string source;  ///< the source of rows without a 来源 column ("" the actor's own)
  Encoding encoding = Encoding::automatic;
  bool dry_run = false;
};
/// One row of a score file (long form: 单位, 指标, 分值[, 来源, 说明]) or one cell of a wide
/// one (单位 and one column per indicator).
struct ScoreRowPlan {
  int line = 0;
  std::string unit, indicator, value, source, before;
  std::string action;  ///< set, replace, unchanged
};
struct ScoreImportResult {
  std::vector<ScoreRowPlan> rows;
  int set = 0, replaced = 0, unchanged = 0;
  bool dry_run = false;
  std::string described;  ///< what was read: "CSV, GB18030", "XLSX, sheet 评分"
};
/// All or nothing: any bad row refuses the file (ImportRefused with every row's problem).
ScoreImportResult import_scores(Services& services, std::istream& in, const std::string& file_name,
                                const ScoreImportOptions& options);

/// A round's values, per unit, for `score show`; a member sees its own unit's only.
std::vector<ScoreRecord> list_scores(Services& services, const std::string& actor,
                                     const std::string& round, const std::string& unit);

/// A round's ranking: computed now from its values and records, or as published.
struct RoundRanking {
  std::string round;
  std::string previous_round;  ///< the same kind's round before, if it was published
  bool published = false;
  std::string published_at, published_by;
  /// Published, and the values or records changed since: publishing again would differ.
  bool stale = false;
  std::vector<KindRanking> kinds;
  std::map<std::string, RecordFigures> records;  ///< by unit
  std::map<std::string, std::string> kind_labels;
};
/// The ranking as it stands now (`round ranking`); Error(permission_denied) for a member.
RoundRanking compute_ranking(Services& services, const std::string& actor,
                             const std::string& round);
/// The published ranking (every user may read it); nullopt when never published.
std::optional<RoundRanking> published_ranking(Services& services, const std::string& round);

/// Each unit's facts (scoring.yaml `facts`) recorded for `round`, by unit then fact id.
std::map<std::string, std::map<std::string, double>> round_facts(Services& services,
                                                                 const std::string& round);
bool round_exists(Services& services, const std::string& round);

struct PublishRanking {
  std::string actor;
  std::string round;
};
/// 综合评定: the leading group publishes the ranking while step 6 is open; every unit must be
/// ranked (no missing scores). Publishing again replaces it (pending recommendations of the
/// earlier publication are superseded). The rule plugins then recommend from it.
RoundRanking publish_ranking(Services& services, const PublishRanking& request);

}  // namespace duban::app
