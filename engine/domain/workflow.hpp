#pragma once
// The evaluation procedure and rectification lifecycle as configured in workflows/*.yaml.
#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/reminder_policy.hpp"
#include "domain/round.hpp"
#include "domain/unit.hpp"

namespace duban {

struct StepRule {
  StepId step = StepId::self_inspection;
  std::vector<StepId> depends_on;
  /// Units of these kinds each submit something before the step completes (empty: none).
  std::vector<UnitKind> submissions_from;
  std::string submission_label;   ///< what is submitted, e.g. 工作总结报告, 观摩村名单
  bool override_allowed = false;  ///< the leading group may complete without every submission
  bool approval = false;          ///< the step's report must be approved (审定) first
  /// Units of these kinds must each receive feedback before the step completes (step 7).
  std::vector<UnitKind> feedback_to;
  std::optional<DateRule> due_half_year;
  std::optional<DateRule> due_annual;

  /// The kinds of unit that each leave a record for this step: submissions, or else feedback
  /// acknowledgements (empty: the step has no per-unit records).
  const std::vector<UnitKind>& reporting_kinds() const {
    return submissions_from.empty() ? feedback_to : submissions_from;
  }
};

struct Workflow {
  std::array<StepRule, 7> steps;  ///< indexed by step number - 1
  int yellow_days = 3;            ///< status turns yellow with this many days or fewer left
  int observation_list_days_before = 7;
  int item_yellow_days = 3;
  /// Reminders of an item's deadline (rectification-lifecycle.yaml lifecycle.reminders).
  ReminderPolicy item_reminders = default_item_policy();
  /// Reminders of a step's deadline to those who run it, and of a unit's submission to the unit
  /// (evaluation-procedure.yaml procedure.reminders, procedure.submission_reminders).
  ReminderPolicy step_reminders, submission_reminders;
  /// The daily problem digest (当天问题当天汇总; procedure.daily_digest): at `time` each day, the
  /// problems recorded since the previous digest, grouped by the evaluation group that recorded
  /// them and by township, to `to` (roles) and `mailbox` (an address, e.g. the seed's office
  /// mailbox). Off when `enabled` is false.
  struct DailyDigest {
    bool enabled = false;
    std::chrono::minutes time{20 * 60};
    std::vector<RecipientRole> to;
    std::string mailbox;
  } daily_digest;
  /// How deadline words in a problem list are read (lifecycle.deadlines): 立行立改 is due this
  /// long after the import day; a 长期坚持 (standing) item reports its progress every period.
  struct DeadlineWords {
    DayOffset immediate{10, true};
    ReportPeriod standing_report{1, std::nullopt};
  } deadlines;
  /// How reminders read (lifecycle.messages).
  MessageTemplates messages;

  const StepRule& rule(StepId step) const { return steps.at(number(step) - 1); }
  /// The local day the step is due in `round`, if the workflow gives one.
  std::optional<Date> step_due(StepId step, RoundId round) const;
  /// The steps `step` depends on that are not completed in `states`.
  std::vector<StepId> unmet_dependencies(StepId step,
                                         const std::map<StepId, StepState>& states) const;
  /// The day the observation village list is due: N days before the observation.
  Date observation_list_due(Date observation) const;
};

/// The procedure as DESIGN.md and the seed give it; what workflows/evaluation-procedure.yaml
/// ships with. Used when no workflow file overrides a rule, and by tests.
Workflow default_workflow();

}  // namespace duban
