#pragma once
// Evaluation rounds (评估轮次) and the seven steps of their procedure (第三方评估程序).
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "domain/calendar.hpp"

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

}  // namespace duban
