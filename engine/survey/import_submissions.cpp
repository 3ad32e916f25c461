#include "survey/import_submissions.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "survey/answer_cases.hpp"
#include "survey/form_cases.hpp"

namespace duban::survey {

namespace {

std::string trim(const std::string& s) {
  auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

/// The round's form as the round fixed it, or as the plan has it (what a first answer fixes).
Form round_form(app::Services& services, const std::string& actor, const std::string& round,
                const std::string& id) {
  auto view = round_forms(services, actor, round);
  for (const auto& p : view.forms) {
    if (p.fixed && p.fixed->form_id == id) return form_from_json(p.fixed->definition);
    if (!p.fixed && p.form && p.form->id == id) return *p.form;
  }
  for (const auto& f : view.not_in_plan)
    if (f.form_id == id) return form_from_json(f.definition);
  throw Error(Errc::not_found, {"本轮没有问卷 " + id, "the round has no form " + id});
}

enum class Column { ignore, question, instance, uuid };

struct Layout {
  std::vector<Column> kinds;
  std::vector<std::string> names;  // the question, for Column::question
  std::optional<std::size_t> subject;
};

/// The question a header names: itself, or its last path segment after "/" or any "-".
const FormQuestion* question_of(const Form& form, const std::string& header) {
  if (const auto* q = form.find(header)) return q;
  auto slash = header.rfind('/');
  if (slash != std::string::npos) return form.find(header.substr(slash + 1));
  for (auto dash = header.find('-'); dash != std::string::npos; dash = header.find('-', dash + 1))
    if (const auto* q = form.find(header.substr(dash + 1))) return q;
  return nullptr;
}

Layout layout_of(const Form& form, const std::vector<std::string>& header,
                 const std::string& subject_column, SubmissionImport& r) {
  Layout l;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto h = trim(header[i]);
    Column kind = Column::ignore;
    std::string name;
    if (h == "meta-instanceID" || h == "meta/instanceID" || h == "instanceID" || h == "KEY") {
      kind = Column::instance;
    } else if (h == "_uuid") {
      kind = Column::uuid;
    } else if (auto slash = h.rfind('/');
               slash != std::string::npos && question_of(form, h.substr(0, slash)) &&
               question_of(form, h.substr(0, slash))->type == QuestionType::select_multiple) {
      kind = Column::ignore;  // "water-water_issue/quantity": a select_multiple's split column
    } else if (const auto* q = question_of(form, h)) {
      if (q->type == QuestionType::image) {
        if (std::find(r.photos.begin(), r.photos.end(), q->name) == r.photos.end())
          r.photos.push_back(q->name);
      } else if (q->type != QuestionType::begin_group && q->type != QuestionType::end_group &&
                 q->type != QuestionType::note && q->type != QuestionType::calculate) {
        kind = Column::question;
        name = q->name;
      }
    } else if (!h.empty()) {
      r.ignored.push_back(h);
    }
    if (!subject_column.empty() && h == subject_column)
      l.subject = i;
    else if (subject_column.empty() && kind == Column::question && name == form.subject_field)
      l.subject = i;
    l.kinds.push_back(kind);
    l.names.push_back(name);
  }
  return l;
}

}  // namespace

SubmissionImport import_submissions(app::Services& services, const std::string& actor,
                                    const std::string& round, const std::string& form_id,
                                    std::istream& in, const std::string& file,
                                    const SubmissionImportOptions& options) {
  SubmissionImport r;
  r.dry_run = options.dry_run;
  const Form form = round_form(services, actor, round, form_id);
  auto sheet = app::open_sheet(in, file, options.sheet);
  r.format = sheet->described();
  app::SheetRow row;
  std::optional<Layout> layout;
  std::vector<std::pair<std::size_t, SubmitAnswers>> submissions;
  std::vector<Text> faults;
  auto fault = [&](std::size_t line, const Text& why) {
    faults.push_back({file + ":" + std::to_string(line) + ":" + why.zh,
                      file + ":" + std::to_string(line) + ": " + why.en});
  };
  while (sheet->next(row)) {
    if (!layout) {
      layout = layout_of(form, row.cells, options.subject_column, r);
      if (!layout->subject) {
        auto column = options.subject_column.empty() ? form.subject_field : options.subject_column;
        throw Error(Errc::import_invalid,
                    {file + ":表头中没有对象列“" + column +
                         "”(用 --subject-column 指定户编号或村所在的列),未导入任何数据",
                     file + ": the header has no subject column \"" + column +
                         "\" (name it with --subject-column); nothing was imported"});
      }
      if (std::none_of(layout->kinds.begin(), layout->kinds.end(),
                       [](Column c) { return c == Column::instance || c == Column::uuid; })) {
        throw Error(Errc::import_invalid,
                    {file + ":表头中没有答卷编号列(meta-instanceID、KEY 或 _uuid),未导入任何数据",
                     file + ": the header has no submission id column (meta-instanceID, KEY or "
                            "_uuid); nothing was imported"});
      }
      continue;
    }
    if (std::all_of(row.cells.begin(), row.cells.end(),
                    [](const std::string& c) { return trim(c).empty(); }))
      continue;
    ++r.rows;
    SubmitAnswers s;
    s.actor = actor;
    s.round = round;
    s.form = form.id;
    s.source = "odk";
    s.check_only = true;
    for (std::size_t i = 0; i < row.cells.size() && i < layout->kinds.size(); ++i) {
      auto v = trim(row.cells[i]);
      switch (layout->kinds[i]) {
        case Column::instance:
          if (!v.empty()) s.instance = v;
          break;
        case Column::uuid:
          if (!v.empty() && s.instance.empty())
            s.instance = v.rfind("uuid:", 0) == 0 ? v : "uuid:" + v;
          break;
        case Column::question:
          if (!v.empty()) s.answers[layout->names[i]] = v;
          break;
        case Column::ignore:
          break;
      }
    }
    if (*layout->subject < row.cells.size()) s.subject = trim(row.cells[*layout->subject]);
    if (s.subject.empty()) {
      fault(row.line,
            {"对象(户编号或村)为空", "the subject (household number or village) is empty"});
      continue;
    }
    if (s.instance.empty()) {
      fault(row.line, {"答卷编号为空", "the submission id is empty"});
      continue;
    }
    try {
      auto checked = submit_answers(services, s);
      for (const auto& a : checked.assessments) r.problems += a.problem ? 1 : 0;
    } catch (const Error& e) {
      fault(row.line, e.text());
      continue;
    }
    s.check_only = false;
    submissions.emplace_back(row.line, std::move(s));
  }
  if (!faults.empty()) {
    std::string zh, en;
    for (const auto& f : faults) {
      zh += "\n  " + f.zh;
      en += "\n  " + f.en;
    }
    throw Error(
        Errc::import_invalid,
        {std::to_string(faults.size()) + " 行有错误,未导入任何答卷:" + zh,
         std::to_string(faults.size()) + " rows have errors; no submission was imported:" + en});
  }
  if (options.dry_run) return r;
  for (auto& [line, s] : submissions) {
    auto stored = submit_answers(services, s);
    (stored.repeated ? r.repeated : r.stored) += 1;
  }
  return r;
}

}  // namespace duban::survey
