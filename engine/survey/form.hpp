#pragma once
// 问卷: a questionnaire of the field evaluation (seed 第三篇, attachments 1–4) as an XLSForm — the
// workbook ODK Collect and KoboToolbox read: a `survey` sheet (type, name, label, hint, required,
// relevant, constraint, constraint_message, calculation, appearance, default), a `choices` sheet
// (list_name, name, label) and a `settings` sheet (form_id, form_title, version). duban adds:
//   survey:   problem (a condition on the answers: when true the answer is a problem),
//             problem_category (问题类别) and problem_text (its wording, with ${…} filled in);
//   settings: subject (household or village), household_kinds (the 户类型 a household form
//             is for, e.g. "贫困户 脱贫户") and subject_field (the text question that names the
//             subject: its 户编号, or "乡镇/村"; the page fills it in, an ODK export carries it).
// Labels may be given per language as label::中文 (zh) and label::English (en).
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/roster.hpp"
#include "domain/text.hpp"
#include "survey/form_expr.hpp"

namespace duban::survey {

enum class QuestionType {
  text,
  integer,
  decimal,
  select_one,
  select_multiple,
  date,
  note,
  image,
  calculate,
  acknowledge,
  begin_group,
  end_group,
};
std::string_view to_string(QuestionType type);  ///< "text", "select_one", "begin_group", …

enum class FormSubject { household, village };
std::string_view to_string(FormSubject subject);

struct FormChoice {
  std::string name;
  Text label;
};

struct FormQuestion {
  std::size_t row = 0;  ///< its row on the survey sheet
  QuestionType type = QuestionType::text;
  std::string list;  ///< select_one / select_multiple: the choices' list_name
  std::string name;
  Text label, hint;
  bool required = false;
  std::string relevant, constraint, calculation, appearance, default_value;
  Text constraint_message, required_message;
  std::string problem, problem_category, problem_text;  ///< problem empty: none
  int group = -1;  ///< the index of the begin_group it is in (innermost); -1 for none
};

struct Form {
  std::string id, title, version;
  FormSubject subject = FormSubject::household;
  std::vector<HouseholdKind> household_kinds;  ///< household forms: empty means every kind
  std::string subject_field;                   ///< the question naming the subject; empty for none
  std::vector<FormQuestion> questions;
  std::map<std::string, std::vector<FormChoice>> choices;
  /// SHA-256 (hex) of its canonical JSON: the same questions give the same digest whatever
  /// workbook (or formatting) they came in.
  std::string digest;

  const FormQuestion* find(std::string_view name) const;
  const FormChoice* choice(const FormQuestion& q, std::string_view name) const;
  /// Whether a household of `kind` is asked this form (village forms: never).
  bool applies_to(HouseholdKind kind) const;
};

/// One thing wrong (or worth a look) in a form: where it is — the sheet, the row (1-based, as
/// Excel numbers it; 0 for the workbook as a whole), the column — and what.
struct FormFinding {
  std::string sheet;
  std::size_t row = 0;
  std::string column;
  Text message;
  bool warning = false;  ///< a warning does not stop the form from being used
  /// "survey:12 relevant: …" (zh / en): how `form check` prints it.
  Text described() const;
};

struct FormCheck {
  std::optional<Form> form;  ///< set when there is no error (warnings allowed)
  std::vector<FormFinding> findings;
  bool ok() const { return form.has_value(); }
};

/// Reads and checks an XLSForm from `in` (an XLSX workbook), reporting every problem at once:
/// sheets and columns missing, unknown types, names missing, badly formed or repeated, choice
/// lists missing or empty, required not yes/no, expressions that do not parse or name a
/// question the form does not have, groups not closed, settings missing. Never throws for a
/// bad form; Error(import_invalid) only when `in` is not a workbook at all.
FormCheck check_form(std::istream& in, const std::string& file_name);

/// The form as canonical JSON (what a round keeps when its field work starts), and back.
std::string form_json(const Form& form);
/// Error(storage_error) when `json` is not one that form_json wrote.
Form form_from_json(const std::string& json);

}  // namespace duban::survey
