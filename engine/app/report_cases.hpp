#pragma once
// 综合评定报告 (第一篇 四(六)): a round's assessment report — 基本情况, 指标分析, 存在问题,
// 综合评价, 处理建议 — and the per-unit feedback sheet of step 7 (沟通反馈), as XLSX
// (libxlsxwriter, with native charts) or standalone HTML (inline SVG charts drawn here): both work
// offline.
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "app/score_cases.hpp"
#include "domain/round.hpp"

namespace duban::app {

/// One unit's feedback (反馈): its place, its weakest indicators, its problems and what was
/// recommended.
struct UnitFeedback {
  std::string unit, name, kind;
  int rank = 0, ranked = 0;
  double total = 0;
  std::string grade;
  std::vector<std::string> weakest;  ///< "精准识别 72 / 100", lowest share of full marks first
  int problems = 0;                  ///< problems recorded for it in the round, and items of it
  std::vector<std::string> recommendations;
};

struct AssessmentReport {
  std::string county, round, period;  ///< period: "2020-01-01 — 2020-06-30"
  std::string generated_at;           ///< local time
  RoundRecord record;
  RoundRanking ranking;  ///< as published; else as computed now (a draft)
  /// Per kind: the model's indicators shown as columns (top level, then leaves), id and name.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> columns;
  std::vector<Problem> problems;
  std::vector<RectificationItem> items;  ///< of the round
  std::vector<Recommendation> recommendations;
  std::map<std::string, std::string> unit_names;
  std::vector<UnitFeedback> feedback;
  /// 综合评价: one paragraph per kind (count, mean, best and worst, grades, vetoes).
  std::vector<Text> evaluation;
};

/// Gathers the report of `round` (leading group, supervision, evaluators).
AssessmentReport assessment_report(Services& services, const std::string& actor,
                                   const std::string& round);

void write_report_xlsx(const AssessmentReport& report, std::ostream& out);
void write_report_html(const AssessmentReport& report, std::ostream& out);

}  // namespace duban::app
