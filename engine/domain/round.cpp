#include "domain/round.hpp"

#include <charconv>

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

std::string_view to_string(RoundKind kind) {
  return kind == RoundKind::half_year ? "half_year" : "annual";
}

namespace {
struct StepNames {
  StepId id;
  std::string_view code;
  std::string_view zh;
};
constexpr std::array<StepNames, 7> kStepNames = {{
    {StepId::self_inspection, "self_inspection", "自查总结"},
    {StepId::special_supervision, "special_supervision", "专项督查"},
    {StepId::quarterly_observation, "quarterly_observation", "季度观摩"},
    {StepId::semiannual_evaluation, "semiannual_evaluation", "半年第三方评估"},
    {StepId::data_aggregation, "data_aggregation", "数据汇总"},
    {StepId::comprehensive_assessment, "comprehensive_assessment", "综合评定"},
    {StepId::feedback, "feedback", "沟通反馈"},
}};
}  // namespace

std::string_view to_string(StepId step) { return kStepNames.at(number(step) - 1).code; }
std::string_view label_zh(StepId step) { return kStepNames.at(number(step) - 1).zh; }

std::optional<StepId> step_from(std::string_view text) {
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '7') return StepId{text[0] - '0'};
  for (const auto& s : kStepNames)
    if (text == s.code || text == s.zh) return s.id;
  return std::nullopt;
}

std::string_view to_string(StepState state) {
  switch (state) {
    case StepState::pending:
      return "pending";
    case StepState::open:
      return "open";
    case StepState::completed:
      return "completed";
  }
  return "?";
}

std::string_view label_zh(StepState state) {
  switch (state) {
    case StepState::pending:
      return "未开始";
    case StepState::open:
      return "进行中";
    case StepState::completed:
      return "已完成";
  }
  return "?";
}

std::optional<StepState> step_state_from(std::string_view text) {
  for (auto s : {StepState::pending, StepState::open, StepState::completed})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

}  // namespace duban
