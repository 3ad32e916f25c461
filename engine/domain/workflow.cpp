#include "domain/workflow.hpp"

namespace duban {

std::optional<Date> Workflow::step_due(StepId step, RoundId round) const {
  const auto& r = rule(step);
  const auto& due = round.kind == RoundKind::half_year ? r.due_half_year : r.due_annual;
  if (!due) return std::nullopt;
  return due->resolve(round.year);
}

std::vector<StepId> Workflow::unmet_dependencies(StepId step,
                                                 const std::map<StepId, StepState>& states) const {
  std::vector<StepId> unmet;
  for (auto dep : rule(step).depends_on) {
    auto it = states.find(dep);
    if (it == states.end() || it->second != StepState::completed) unmet.push_back(dep);
  }
  return unmet;
}

Date Workflow::observation_list_due(Date observation) const {
  return Date{std::chrono::sys_days{observation} - std::chrono::days{observation_list_days_before}};
}

Workflow default_workflow() {
  Workflow w;
  for (auto s : kAllSteps) w.steps[number(s) - 1].step = s;
  // 第一篇 四: 半年第三方评估、数据汇总、综合评定 于当年7月底和次年2月底前完成.
  const DateRule end_of_july{7, 31, 0};
  const DateRule end_of_february_next{2, std::nullopt, 1};
  auto& self = w.steps[0];
  self.submissions_from = {UnitKind::township, UnitKind::department};
  self.submission_label = "工作总结报告";
  self.override_allowed = true;
  auto& observation = w.steps[2];
  observation.submissions_from = {UnitKind::township};
  observation.submission_label = "观摩村名单";
  observation.override_allowed = true;
  w.steps[3].depends_on = {StepId::self_inspection};
  w.steps[4].depends_on = {StepId::special_supervision, StepId::quarterly_observation,
                           StepId::semiannual_evaluation};
  w.steps[5].depends_on = {StepId::data_aggregation};
  w.steps[5].approval = true;
  w.steps[6].depends_on = {StepId::comprehensive_assessment};
  w.steps[6].feedback_to = {UnitKind::township, UnitKind::department};
  for (int i = 3; i <= 5; ++i) {
    w.steps[i].due_half_year = end_of_july;
    w.steps[i].due_annual = end_of_february_next;
  }
  return w;
}

}  // namespace duban
