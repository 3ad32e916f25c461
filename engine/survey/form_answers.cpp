#include "survey/form_answers.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include "domain/calendar.hpp"

namespace duban::survey {

namespace {

bool is_answered(QuestionType t) {
  return t != QuestionType::begin_group && t != QuestionType::end_group &&
         t != QuestionType::note && t != QuestionType::calculate;
}

bool evaluates_true(const std::string& expression, const ExprContext& context) {
  if (expression.empty()) return true;
  auto e = Expr::parse(expression, nullptr);
  return e && to_bool(e->evaluate(context));
}

bool whole_number(const std::string& v) {
  std::string_view t(v);
  if (!t.empty() && t[0] == '-') t.remove_prefix(1);
  return !t.empty() && t.size() <= 15 &&
         std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool decimal_number(const std::string& v) {
  if (v.empty() || v.size() > 30) return false;
  return !std::isnan(to_number(ExprValue{v}));
}

bool iso_date(const std::string& v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  auto num = [&](std::size_t at, std::size_t n, int& out) {
    auto [p, ec] = std::from_chars(v.data() + at, v.data() + at + n, out);
    return ec == std::errc{} && p == v.data() + at + n;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return false;
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month(m),
                                     std::chrono::day(d)}
      .ok();
}

std::string label_list(const Form& form, const FormQuestion& q) {
  std::string s;
  auto it = form.choices.find(q.list);
  if (it == form.choices.end()) return s;
  for (const auto& c : it->second) s += (s.empty() ? "" : ", ") + c.name;
  return s;
}

/// Why `value` is not an answer of q's type; empty when it is.
Text type_problem(const Form& form, const FormQuestion& q, const std::string& value) {
  switch (q.type) {
    case QuestionType::integer:
      if (!whole_number(value))
        return {"应为整数:“" + value + "”", "must be a whole number: \"" + value + "\""};
      break;
    case QuestionType::decimal:
      if (!decimal_number(value))
        return {"应为数字:“" + value + "”", "must be a number: \"" + value + "\""};
      break;
    case QuestionType::date:
      if (!iso_date(value))
        return {"应为日期(YYYY-MM-DD):“" + value + "”",
                "must be a date (YYYY-MM-DD): \"" + value + "\""};
      break;
    case QuestionType::select_one:
      if (!form.choice(q, value))
        return {"“" + value + "”不是选项之一(" + label_list(form, q) + ")",
                "\"" + value + "\" is not one of the choices (" + label_list(form, q) + ")"};
      break;
    case QuestionType::select_multiple: {
      std::istringstream words(value);
      std::set<std::string> seen;
      for (std::string w; words >> w;) {
        if (!form.choice(q, w))
          return {"“" + w + "”不是选项之一(" + label_list(form, q) + ")",
                  "\"" + w + "\" is not one of the choices (" + label_list(form, q) + ")"};
        if (!seen.insert(w).second)
          return {"选项“" + w + "”重复", "choice \"" + w + "\" given twice"};
      }
      break;
    }
    default:
      break;
  }
  return {};
}

}  // namespace

ExprContext answers_context(const std::map<std::string, std::string>& values,
                            const RosterFacts& facts, const std::string& today) {
  ExprContext c;
  c.answer = [&values](std::string_view name) {
    auto it = values.find(std::string(name));
    return it == values.end() ? std::string{} : it->second;
  };
  c.today = today;
  c.roster = [&facts](std::string_view field) -> std::optional<ExprValue> {
    auto it = facts.find(std::string(field));
    if (it == facts.end()) return std::nullopt;
    return it->second;
  };
  return c;
}

bool applies(const Form& form, std::size_t index, const ExprContext& context) {
  for (int i = static_cast<int>(index); i >= 0; i = form.questions[i].group) {
    const auto& q = form.questions[i];
    if (q.type == QuestionType::end_group) continue;
    if (!evaluates_true(q.relevant, context)) return false;
  }
  return true;
}

CheckedAnswers check_answers(const Form& form, const std::map<std::string, std::string>& given,
                             const RosterFacts& facts, const std::string& today) {
  CheckedAnswers r;
  for (const auto& [name, value] : given) {
    const auto* q = form.find(name);
    if (!q) {
      r.refused.push_back({name, {"问卷中没有这个问题", "the form has no such question"}});
    } else if (!is_answered(q->type) && !value.empty() && q->type != QuestionType::calculate) {
      r.refused.push_back({name, {"这是分组或说明,不能有答案", "a group or note takes no answer"}});
    }
  }
  // Answers so far, falling back to what was given for questions further on (a relevant may
  // look ahead); a question that does not apply reads as "".
  std::map<std::string, std::string> values = given;
  std::set<std::string> skipped;
  auto context = answers_context(values, facts, today);
  for (std::size_t i = 0; i < form.questions.size(); ++i) {
    const auto& q = form.questions[i];
    if (q.type == QuestionType::begin_group || q.type == QuestionType::end_group) continue;
    auto it = given.find(q.name);
    std::string value = it == given.end() ? "" : it->second;
    if (!applies(form, i, context)) {
      if (!value.empty() && is_answered(q.type)) {
        r.refused.push_back(
            {q.name,
             {"按跳题条件本题不适用(relevant 为假),不应有答案:“" + value + "”",
              "does not apply (its relevant is false) and must not be answered: \"" + value +
                  "\""}});
      }
      values[q.name] = "";
      skipped.insert(q.name);
      continue;
    }
    if (q.type == QuestionType::calculate) {
      auto e = Expr::parse(q.calculation, nullptr);
      value = e ? to_text(e->evaluate(context)) : "";
      values[q.name] = value;
      continue;
    }
    if (q.type == QuestionType::note) continue;
    if (value.empty()) {
      if (q.required) {
        r.refused.push_back({q.name, q.required_message.zh.empty()
                                         ? Text{"必答题未回答:" + q.label.zh,
                                                "required and not answered: " + q.label.en}
                                         : q.required_message});
      }
      values[q.name] = "";
      continue;
    }
    if (auto why = type_problem(form, q, value); !why.zh.empty()) {
      r.refused.push_back({q.name, why});
      values[q.name] = value;
      continue;
    }
    values[q.name] = value;
    if (!q.constraint.empty()) {
      auto checking = context;
      checking.current = value;
      if (!evaluates_true(q.constraint, checking)) {
        r.refused.push_back(
            {q.name, q.constraint_message.zh.empty()
                         ? Text{"答案“" + value + "”不符合约束 " + q.constraint,
                                "answer \"" + value + "\" breaks its constraint " + q.constraint}
                         : q.constraint_message});
      }
    }
  }
  for (auto& [name, value] : values) {
    const auto* q = form.find(name);
    if (q && !skipped.count(name) && q->type != QuestionType::note) r.values[name] = value;
  }
  return r;
}

std::vector<Assessment> assess(const Form& form, const CheckedAnswers& answers,
                               const RosterFacts& facts, const std::string& today) {
  std::vector<Assessment> out;
  auto context = answers_context(answers.values, facts, today);
  // The wording shows a choice by its label, as the person who reads the list knows it.
  ExprContext wording = context;
  wording.answer = [&](std::string_view name) {
    auto it = answers.values.find(std::string(name));
    if (it == answers.values.end()) return std::string{};
    const auto* q = form.find(name);
    if (!q || (q->type != QuestionType::select_one && q->type != QuestionType::select_multiple))
      return it->second;
    std::istringstream words(it->second);
    std::string labels;
    for (std::string w; words >> w;) {
      const auto* c = form.choice(*q, w);
      labels += (labels.empty() ? "" : "、") + (c ? c->label.zh : w);
    }
    return labels;
  };
  for (const auto& q : form.questions) {
    if (q.problem.empty()) continue;
    auto it = answers.values.find(q.name);
    if (it == answers.values.end() || it->second.empty()) continue;
    auto e = Expr::parse(q.problem, nullptr);
    if (!e) continue;
    auto checking = context;
    checking.current = it->second;
    Assessment a{q.name, q.label, it->second, to_bool(e->evaluate(checking)), q.problem_category,
                 {}};
    if (a.problem) a.text = fill_template(q.problem_text, wording);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace duban::survey
