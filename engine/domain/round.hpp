#pragma once
// Evaluation rounds (评估轮次) and the seven steps of their procedure (第三方评估程序).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/item.hpp"

namespace duban {

/// half_year: "2020-H1", due by the end of July; annual: "2020-Y", due by the end of February next
/// year.
enum class RoundKind { half_year, annual };

struct RoundId {
  int year = 0;
  RoundKind kind = RoundKind::half_year;
  /// Parses "2020-H1" or "2020-Y"; nullopt otherwise.
  static std::optional<RoundId> parse(std::string_view text);
  std::string str() const;
  auto operator<=>(const RoundId&) const = default;
};

std::string_view to_string(RoundKind kind);

/// The seven steps, numbered as in the seed (第一篇 四、第三方评估程序).
enum class StepId : int {
  self_inspection = 1,           ///< 自查总结
  special_supervision = 2,       ///< 专项督查
  quarterly_observation = 3,     ///< 季度观摩
  semiannual_evaluation = 4,     ///< 半年第三方评估
  data_aggregation = 5,          ///< 数据汇总
  comprehensive_assessment = 6,  ///< 综合评定
  feedback = 7,                  ///< 沟通反馈
};
inline constexpr std::array kAllSteps = {
    StepId::self_inspection,
    StepId::special_supervision,
    StepId::quarterly_observation,
    StepId::semiannual_evaluation,
    StepId::data_aggregation,
    StepId::comprehensive_assessment,
    StepId::feedback,
};

std::string_view to_string(StepId step);
std::string_view label_zh(StepId step);
/// Accepts the code name ("data_aggregation"), the number ("5") or the Chinese label ("数据汇总").
std::optional<StepId> step_from(std::string_view text);
constexpr int number(StepId step) { return static_cast<int>(step); }

enum class StepState { pending, open, completed };
std::string_view to_string(StepState state);
std::string_view label_zh(StepState state);
std::optional<StepState> step_state_from(std::string_view text);

/// One step of a round as stored.
struct StepRecord {
  StepId step = StepId::self_inspection;
  StepState state = StepState::pending;
  std::string due_date;  ///< "YYYY-MM-DD" or empty
  std::string opened_at, completed_at;
  std::string override_reason;
  std::string approved_by, approved_at;
  std::int64_t version = 1;  ///< optimistic concurrency: checked on every update
};

struct RoundRecord {
  RoundId id;
  std::string observation_date;  ///< "YYYY-MM-DD" or empty
  std::string started_at, started_by;
  std::array<StepRecord, 7> steps;
  StepRecord& step(StepId s) { return steps.at(number(s) - 1); }
  const StepRecord& step(StepId s) const { return steps.at(number(s) - 1); }
};

/// A unit's submission for a step (报送), or its acknowledgement of feedback (step 7).
struct Submission {
  std::string round;
  StepId step = StepId::self_inspection;
  std::string unit;
  std::string submitted_by;
  std::string submitted_at;
  std::string note;
};

/// A problem found during a round; completing step 7 turns each into a rectification item.
struct Problem {
  std::int64_t id = 0;
  std::string round;
  std::string unit;
  ItemSource source = ItemSource::county;
  std::string category, title, manifestation, suggestion;
  std::string created_by, created_at;
  std::int64_t item_id = 0;  ///< 0 until step 7 completes
};

// Effects: what a transition of a step does, produced by the procedure machine's actions.
struct StepOpened {
  Instant at;
};
struct StepCompleted {
  Instant at;
};
/// Completed by the leading group without every submission: who was missing and why.
struct CompletionOverridden {
  std::string reason;
  std::vector<std::string> missing;
};
/// reopen: the step is no longer completed.
struct CompletionCleared {};
/// 审定: the step's report is approved.
struct ReportApproved {
  std::string by;
  Instant at;
};
/// reopen of a step with a report: the report must be approved again.
struct ApprovalCleared {};
/// A unit's submission is received; late when after the end of its due day.
struct SubmissionReceived {
  std::string unit, note;
  std::optional<Date> due;
  bool late = false;
};
/// A problem joins the round's list.
struct ProblemRecorded {};
/// Completing step 7 turns the round's problem list into rectification items.
struct ProblemsBecomeItems {};
using StepEffect =
    std::variant<StepOpened, StepCompleted, CompletionOverridden, CompletionCleared, ReportApproved,
                 ApprovalCleared, SubmissionReceived, ProblemRecorded, ProblemsBecomeItems>;

/// Writes the effects that concern the step's own record (timestamps, override, approval).
void apply_effects(StepRecord& step, const std::vector<StepEffect>& effects);

}  // namespace duban
