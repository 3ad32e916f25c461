#include "domain/round.hpp"

#include <charconv>

#include "domain/enum_names.hpp"

namespace duban {

std::optional<RoundId> RoundId::parse(std::string_view text) {
  auto dash = text.find('-');
  if (dash != 4) return std::nullopt;
  int year = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + 4, year);
  if (ec != std::errc{} || ptr != text.data() + 4 || year < 1900 || year > 9999)
    return std::nullopt;
  auto suffix = text.substr(5);
  if (suffix == "H1") return RoundId{year, RoundKind::half_year};
  if (suffix == "Y") return RoundId{year, RoundKind::annual};
  return std::nullopt;
}

std::string RoundId::str() const {
  return std::to_string(year) + (kind == RoundKind::half_year ? "-H1" : "-Y");
}

namespace {
constexpr auto kStepNames =
    enum_names<StepId>({{StepId::self_inspection, "self_inspection", "自查总结"},
                        {StepId::special_supervision, "special_supervision", "专项督查"},
                        {StepId::quarterly_observation, "quarterly_observation", "季度观摩"},
                        {StepId::semiannual_evaluation, "semiannual_evaluation", "半年第三方评估"},
                        {StepId::data_aggregation, "data_aggregation", "数据汇总"},
                        {StepId::comprehensive_assessment, "comprehensive_assessment", "综合评定"},
                        {StepId::feedback, "feedback", "沟通反馈"}});
static_assert(kStepNames.values() == kAllSteps, "every step has its names, in order");
constexpr auto kStepStates = enum_names<StepState>({{StepState::pending, "pending", "未开始"},
                                                    {StepState::open, "open", "进行中"},
                                                    {StepState::completed, "completed", "已完成"}});
constexpr auto kRoundKinds = enum_names<RoundKind>(
    {{RoundKind::half_year, "half_year", "半年"}, {RoundKind::annual, "annual", "全年"}});
}  // namespace

std::string_view to_string(RoundKind kind) { return kRoundKinds.code(kind); }

std::string_view to_string(StepId step) { return kStepNames.code(step); }
std::string_view label_zh(StepId step) { return kStepNames.zh(step); }

std::optional<StepId> step_from(std::string_view text) {
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '7') return StepId{text[0] - '0'};
  return kStepNames.parse(text);
}

std::string_view to_string(StepState state) { return kStepStates.code(state); }
std::string_view label_zh(StepState state) { return kStepStates.zh(state); }
std::optional<StepState> step_state_from(std::string_view text) {
  return kStepStates.parse_code(text);
}

namespace {
struct ApplyStep {
  StepRecord& step;
  void operator()(const StepOpened& e) const { step.opened_at = format_utc(e.at); }
  void operator()(const StepCompleted& e) const { step.completed_at = format_utc(e.at); }
  void operator()(const CompletionOverridden& e) const { step.override_reason = e.reason; }
  void operator()(const CompletionCleared&) const { step.completed_at.clear(); }
  void operator()(const ReportApproved& e) const {
    step.approved_by = e.by;
    step.approved_at = format_utc(e.at);
  }
  void operator()(const ApprovalCleared&) const {
    step.approved_by.clear();
    step.approved_at.clear();
  }
  // Recorded in rows of their own by the use case, not in the step's record.
  void operator()(const SubmissionReceived&) const {}
  void operator()(const ProblemRecorded&) const {}
  void operator()(const ProblemsBecomeItems&) const {}
};
}  // namespace

void apply_effects(StepRecord& step, const std::vector<StepEffect>& effects) {
  for (const auto& e : effects) std::visit(ApplyStep{step}, e);
}

}  // namespace duban
