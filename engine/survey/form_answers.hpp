#pragma once
// 答卷: one household's or village's answers to a form, checked as ODK Collect checks them on the
// phone — so that answers from the page, from ODK or KoboToolbox exports, or from anywhere else
// are held to the same rules: only questions the form has, no answer where its `relevant` (or an
// enclosing group's) is false (跳题), every required question that applies answered, each answer
// of its type (a number, a date, a choice of its list), each `constraint` met; `calculate`
// values computed, never taken from the sender.
#include <map>
#include <string>
#include <vector>

#include "survey/form.hpp"

namespace duban::survey {

struct AnswerProblem {
  std::string question;  ///< the question's name
  Text message;
};

struct CheckedAnswers {
  /// Every question that applies, by name, with its answer ("" when not answered), calculates
  /// included; questions that do not apply are absent.
  std::map<std::string, std::string> values;
  std::vector<AnswerProblem> refused;  ///< empty when the answers can be kept
  bool ok() const { return refused.empty(); }
};

/// The facts of the household or village surveyed, for roster('…') (see kHouseholdFacts in
/// form_read.cpp): "population", "kind", ….
using RosterFacts = std::map<std::string, ExprValue>;

/// Checks `given` (question name → answer text; a select_multiple's choices separated by spaces,
/// as ODK writes them) against `form`. `today` is "YYYY-MM-DD" for today().
CheckedAnswers check_answers(const Form& form, const std::map<std::string, std::string>& given,
                             const RosterFacts& facts, const std::string& today);

/// One question with a problem condition, as the answers meet it: the village exit check's
/// indicators (pass or fail, with the value), a questionnaire's problems.
struct Assessment {
  std::string question;
  Text label;
  std::string value;     ///< the answer (a calculate's value), as stored
  bool problem = false;  ///< the condition holds: a fail, a draft problem
  std::string category;  ///< problem_category
  std::string text;      ///< problem_text with each ${…} filled in (a choice by its label)
};

/// Every question with a `problem` condition that applies and has a value, in form order, with
/// whether the condition holds. `answers` must be check_answers' (ok) result.
std::vector<Assessment> assess(const Form& form, const CheckedAnswers& answers,
                               const RosterFacts& facts, const std::string& today);

/// Whether question `index` applies given `values` (its relevant and its groups').
bool applies(const Form& form, std::size_t index, const ExprContext& context);

/// An expression context reading `values` (and `facts` for roster()).
ExprContext answers_context(const std::map<std::string, std::string>& values,
                            const RosterFacts& facts, const std::string& today);

}  // namespace duban::survey
