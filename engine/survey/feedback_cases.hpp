#pragma once
// 集中反馈 (第三篇 三、2: 在各乡镇业务指导工作结束,将问题全部汇总后,及时召开问题反馈会,并通报各
// 乡镇排名情况): after the field work, the round's confirmed problems become rectification items of
// their townships through the problem-list import (its deadline words, unit names, assignment
// rule, journal and reminders), each carrying its draft's number (草稿编号) so that a problem is
// fed back once however often this runs; and the round's findings per township, which a scoring
// model's record indicators score (app/field_figures.hpp).
#include <string>
#include <vector>

#include "app/import_cases.hpp"
#include "app/services.hpp"
#include "domain/record_measures.hpp"

namespace duban::survey {

struct FeedbackRequest {
  std::string actor, round;
  std::string due;       ///< 整改时限 as a problem list writes it; "": the plan's feedback.due
  std::string owner;     ///< "head", a name, or "": the plan's feedback.owner
  std::string measures;  ///< "": the plan's feedback.measures
  bool dry_run = false;
};

struct TownshipFindings {
  std::string township, name;
  RecordFigures figures;
};

struct FeedbackResult {
  std::string round;
  std::size_t confirmed = 0;        ///< confirmed problems of the round
  std::size_t fed_back_before = 0;  ///< of those, items already
  std::string due;                  ///< the 整改时限 given
  app::ImportResult import;         ///< what the import did (or, dry, would do) with the others
  std::vector<TownshipFindings> findings;  ///< by township id
};

/// The leading group only. Error(invalid_argument) when no deadline is given (neither --due nor
/// the plan's); app::ImportRefused when the import refuses a row (nothing written).
FeedbackResult feed_back(app::Services& services, const FeedbackRequest& request);

}  // namespace duban::survey
