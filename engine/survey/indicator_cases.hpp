#pragma once
// 贫困村退出核查 (附件1) and any form with problem conditions: a subject's stored answers
// assessed again against the form the round fixed — each indicator with its value, pass or fail.
#include <string>
#include <vector>

#include "app/services.hpp"
#include "survey/form_answers.hpp"

namespace duban::survey {

struct IndicatorReport {
  std::string form, subject;
  std::vector<Assessment> assessments;
  std::size_t failed = 0;
};

/// not_found when the subject has no answers to the form.
IndicatorReport subject_indicators(app::Services& services, const std::string& actor,
                                   const std::string& round, const std::string& form,
                                   const std::string& subject);

}  // namespace duban::survey
