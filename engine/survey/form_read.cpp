// Reading an XLSForm workbook into a Form, every problem found reported at its sheet and row.
#include <algorithm>
#include <set>
#include <sstream>

#include "domain/errors.hpp"
#include "store/journal_hash.hpp"
#include "survey/form.hpp"
#include "survey/form_table.hpp"

namespace duban::survey {

namespace {

using namespace form_table;

const std::set<std::string> kSurveyColumns = {"type",
                                              "name",
                                              "label",
                                              "hint",
                                              "required",
                                              "required_message",
                                              "relevant",
                                              "constraint",
                                              "constraint_message",
                                              "calculation",
                                              "appearance",
                                              "default",
                                              "problem",
                                              "problem_category",
                                              "problem_text",
                                              "read_only",
                                              "guidance_hint"};
const std::set<std::string> kMetadataTypes = {"start",     "end",          "today",
                                              "deviceid",  "username",     "phonenumber",
                                              "simserial", "subscriberid", "audit"};

/// The roster facts a form may ask for with roster('…').
const std::set<std::string> kHouseholdFacts = {"people", "kind",     "edge",   "monitored",
                                               "tags",   "township", "village"};
const std::set<std::string> kVillageFacts = {"population", "poor_population", "kind", "township",
                                             "village"};

class Reader {
 public:
  Reader(std::istream& in, std::string file) : in_(in), file_(std::move(file)) {}

  FormCheck run() {
    auto survey = read_table(in_, file_, "survey");
    auto choices = read_table(in_, file_, "choices");
    auto settings = read_table(in_, file_, "settings");
    if (!survey.present) {
      error("survey", 0, "",
            {"缺少 survey 工作表(XLSForm 的问题表)",
             "the survey sheet (XLSForm's questions) is missing"});
      return finish();
    }
    read_settings(settings);
    read_choices(choices);
    read_survey(survey);
    check_expressions();
    check_subject_field();
    for (const auto& [list, used] : lists_used_) {
      if (!used)
        warn("choices", list_rows_[list], "list_name",
             {"选项列表 " + list + " 没有问题使用",
              "choice list " + list + " is used by no question"});
    }
    return finish();
  }

 private:
  std::istream& in_;
  std::string file_;
  Form form_;
  std::vector<FormFinding> findings_;
  std::map<std::string, bool> lists_used_;
  std::map<std::string, std::size_t> list_rows_;
  std::size_t settings_row_ = 0;

  void error(const std::string& sheet, std::size_t row, const std::string& column, Text m) {
    findings_.push_back({sheet, row, column, std::move(m), false});
  }
  void warn(const std::string& sheet, std::size_t row, const std::string& column, Text m) {
    findings_.push_back({sheet, row, column, std::move(m), true});
  }

  FormCheck finish() {
    FormCheck check;
    std::stable_sort(findings_.begin(), findings_.end(), [](const auto& a, const auto& b) {
      if (a.sheet != b.sheet)
        return a.sheet == "settings" || (a.sheet == "survey" && b.sheet == "choices");
      return a.row < b.row;
    });
    check.findings = std::move(findings_);
    bool errors = std::any_of(check.findings.begin(), check.findings.end(),
                              [](const auto& f) { return !f.warning; });
    if (!errors) {
      form_.digest = store::sha256_hex(form_json(form_));
      check.form = std::move(form_);
    }
    return check;
  }

  void read_settings(const Table& t) {
    if (!t.present || t.rows.empty()) {
      error("settings", 0, "",
            {"缺少 settings 工作表或其中没有一行设置(需要 form_id、version、subject)",
             "the settings sheet is missing or has no row (form_id, version and "
             "subject are needed)"});
      return;
    }
    const auto& r = t.rows.front();
    form_.id = r["form_id"];
    form_.version = r["version"];
    form_.title = translated(r, "form_title").zh;
    if (form_.id.empty())
      error("settings", r.line, "form_id", {"form_id 为空", "form_id is empty"});
    else if (!valid_name(form_.id))
      error("settings", r.line, "form_id",
            {"form_id 不是有效的名称:" + form_.id, "form_id is not a valid name: " + form_.id});
    if (form_.version.empty())
      error("settings", r.line, "version",
            {"version 为空(实地工作开始时本轮固定所用的版本)",
             "version is empty (a round fixes the version it uses when its field work starts)"});
    if (form_.title.empty()) form_.title = form_.id;
    auto subject = lower(r["subject"]);
    if (subject == "household" || subject == "户")
      form_.subject = FormSubject::household;
    else if (subject == "village" || subject == "村")
      form_.subject = FormSubject::village;
    else
      error("settings", r.line, "subject",
            {"subject 应为 household(入户)或 village(村级):“" + r["subject"] + "”",
             "subject must be household or village: \"" + r["subject"] + "\""});
    // 、 , ， ; ； between kinds are spaces (built, not replaced in place: see GCC 12 -Wrestrict).
    std::string kinds;
    for (const auto& ch : r["household_kinds"]) kinds += ch == ',' || ch == ';' ? ' ' : ch;
    for (const std::string sep : {"、", "\xEF\xBC\x8C" /* ， */, "\xEF\xBC\x9B" /* ； */}) {
      std::string spaced;
      for (std::size_t at = 0; at < kinds.size();) {
        if (kinds.compare(at, sep.size(), sep) == 0) {
          spaced += ' ';
          at += sep.size();
        } else {
          spaced += kinds[at++];
        }
      }
      kinds = std::move(spaced);
    }
    std::istringstream words(kinds);
    for (std::string w; words >> w;) {
      if (auto k = household_kind_from(w))
        form_.household_kinds.push_back(*k);
      else
        error("settings", r.line, "household_kinds",
              {"不认识的户类型“" + w + "”(贫困户、脱贫户、非建档立卡户)",
               "unknown household kind \"" + w + "\" (贫困户, 脱贫户, 非建档立卡户)"});
    }
    form_.subject_field = r["subject_field"];
    settings_row_ = r.line;
    if (!form_.household_kinds.empty() && form_.subject == FormSubject::village)
      warn("settings", r.line, "household_kinds",
           {"村级问卷不用 household_kinds,已忽略",
            "a village form has no household_kinds; ignored"});
  }

  void read_choices(const Table& t) {
    if (!t.present) return;
    std::string list_column = "list_name";
    if (std::find(t.columns.begin(), t.columns.end(), "list name") != t.columns.end())
      list_column = "list name";
    for (const auto* need : {"name", "label"}) {
      bool has = std::any_of(t.columns.begin(), t.columns.end(), [&](const std::string& c) {
        return c == need || c.rfind(std::string(need) + "::", 0) == 0;
      });
      if (!has)
        error("choices", t.header_row, need,
              {std::string("缺少 ") + need + " 列", std::string("no ") + need + " column"});
    }
    if (std::find(t.columns.begin(), t.columns.end(), list_column) == t.columns.end())
      error("choices", t.header_row, "list_name", {"缺少 list_name 列", "no list_name column"});
    for (const auto& r : t.rows) {
      const auto& list = r[list_column];
      FormChoice c{r["name"], translated(r, "label")};
      if (list.empty()) {
        error("choices", r.line, "list_name", {"list_name 为空", "list_name is empty"});
        continue;
      }
      if (!list_rows_.count(list)) list_rows_[list] = r.line;
      lists_used_.emplace(list, false);
      if (c.name.empty()) error("choices", r.line, "name", {"name 为空", "name is empty"});
      if (c.label.zh.empty()) error("choices", r.line, "label", {"label 为空", "label is empty"});
      auto& options = form_.choices[list];
      if (std::any_of(options.begin(), options.end(),
                      [&](const auto& o) { return o.name == c.name; }))
        error("choices", r.line, "name",
              {"列表 " + list + " 中选项 " + c.name + " 重复",
               "choice " + c.name + " appears twice in list " + list});
      else if (c.name.find(' ') != std::string::npos)
        error("choices", r.line, "name",
              {"选项名不能有空格:" + c.name, "a choice's name cannot hold a space: " + c.name});
      options.push_back(std::move(c));
    }
  }

  void read_survey(const Table& t) {
    for (const auto* need : {"type", "name"}) {
      if (!t.has(need))
        error("survey", t.header_row, need,
              {std::string("缺少 ") + need + " 列", std::string("no ") + need + " column"});
    }
    bool labels = std::any_of(t.columns.begin(), t.columns.end(), [](const std::string& c) {
      return c == "label" || c.rfind("label::", 0) == 0;
    });
    if (!labels) error("survey", t.header_row, "label", {"缺少 label 列", "no label column"});
    for (const auto& c : t.columns) {
      auto base = c.substr(0, c.find("::"));
      if (!c.empty() && !kSurveyColumns.count(base) && base != "media")
        warn("survey", t.header_row, c,
             {"不认识的列 " + c + ",已忽略", "unknown column " + c + " ignored"});
    }
    std::vector<int> open;
    std::map<std::string, std::size_t> names;
    for (const auto& r : t.rows) {
      FormQuestion q;
      q.row = r.line;
      if (!read_type(r, q)) continue;
      q.name = r["name"];
      if (q.type != QuestionType::end_group) {
        if (q.name.empty()) {
          error("survey", r.line, "name", {"name 为空", "name is empty"});
        } else if (!valid_name(q.name)) {
          error(
              "survey", r.line, "name",
              {"name 不是有效的名称(以字母或“_”开头,只含字母、数字、“_”“-”“.”):" + q.name,
               "name is not a valid name (a letter or \"_\" first, then letters, digits, _ - .): " +
                   q.name});
        } else if (auto [it, fresh] = names.emplace(q.name, r.line); !fresh) {
          error("survey", r.line, "name",
                {"name " + q.name + " 与第 " + std::to_string(it->second) + " 行重复",
                 "name " + q.name + " repeats row " + std::to_string(it->second)});
        }
      }
      q.label = translated(r, "label");
      q.hint = translated(r, "hint");
      bool needs_label = q.type != QuestionType::calculate && q.type != QuestionType::begin_group &&
                         q.type != QuestionType::end_group;
      if (needs_label && q.label.zh.empty())
        error("survey", r.line, "label", {"label 为空", "label is empty"});
      auto required = lower(r["required"]);
      if (required == "yes" || required == "true" || required == "true()" || required == "是")
        q.required = true;
      else if (!(required.empty() || required == "no" || required == "false" ||
                 required == "false()" || required == "否"))
        error("survey", r.line, "required",
              {"required 应为 yes 或 no:“" + r["required"] + "”",
               "required must be yes or no: \"" + r["required"] + "\""});
      q.required_message = translated(r, "required_message");
      q.relevant = r["relevant"];
      q.constraint = r["constraint"];
      q.constraint_message = translated(r, "constraint_message");
      q.calculation = r["calculation"];
      q.appearance = r["appearance"];
      q.default_value = r["default"];
      q.problem = r["problem"];
      q.problem_category = r["problem_category"];
      q.problem_text = r["problem_text"];
      if (q.type == QuestionType::calculate && q.calculation.empty())
        error("survey", r.line, "calculation",
              {"calculate 类型需要 calculation", "a calculate needs a calculation"});
      if (!q.problem.empty()) {
        if (q.problem_category.empty())
          error("survey", r.line, "problem_category",
                {"有 problem 条件但 problem_category 为空",
                 "problem is set but problem_category is empty"});
        if (q.problem_text.empty())
          error(
              "survey", r.line, "problem_text",
              {"有 problem 条件但 problem_text 为空", "problem is set but problem_text is empty"});
      } else if (!q.problem_category.empty() || !q.problem_text.empty()) {
        error("survey", r.line, "problem",
              {"有 problem_category/problem_text 但没有 problem 条件",
               "problem_category or problem_text without a problem condition"});
      }
      const int index = static_cast<int>(form_.questions.size());
      q.group = open.empty() ? -1 : open.back();
      if (q.type == QuestionType::begin_group) open.push_back(index);
      if (q.type == QuestionType::end_group) {
        if (open.empty())
          error("survey", r.line, "type",
                {"end group 之前没有对应的 begin group", "end group without a begin group"});
        else
          open.pop_back();
      }
      form_.questions.push_back(std::move(q));
    }
    for (int g : open)
      error("survey", form_.questions[g].row, "type",
            {"begin group 没有对应的 end group", "begin group is never ended"});
    if (form_.questions.empty())
      error("survey", t.header_row, "", {"问卷中没有问题", "the form has no questions"});
  }

  bool read_type(const Table::Row& r, FormQuestion& q) {
    std::istringstream words(r["type"]);
    std::string first, second, rest;
    words >> first >> second >> rest;
    first = lower(first);
    if (first.empty()) {
      error("survey", r.line, "type", {"type 为空", "type is empty"});
      return false;
    }
    // "end" alone is metadata (when the form was finished); "end group" is not.
    if (kMetadataTypes.count(first) && second.empty()) return false;
    static const std::map<std::string, QuestionType> kSimple = {
        {"text", QuestionType::text},
        {"string", QuestionType::text},
        {"integer", QuestionType::integer},
        {"int", QuestionType::integer},
        {"decimal", QuestionType::decimal},
        {"date", QuestionType::date},
        {"note", QuestionType::note},
        {"image", QuestionType::image},
        {"photo", QuestionType::image},
        {"calculate", QuestionType::calculate},
        {"acknowledge", QuestionType::acknowledge},
        {"begin_group", QuestionType::begin_group},
        {"end_group", QuestionType::end_group}};
    if ((first == "begin" || first == "end") && lower(second) == "group") {
      first += "_group";
      second.clear();
    }
    if (first == "begin_repeat" || first == "end_repeat" ||
        ((first == "begin" || first == "end") && lower(second) == "repeat")) {
      error("survey", r.line, "type",
            {"暂不支持 repeat(重复组);请把每次重复写成单独的问题",
             "repeat groups are not supported; write each repetition as its own question"});
      return false;
    }
    if (first == "select_one" || first == "select_multiple") {
      q.type = first == "select_one" ? QuestionType::select_one : QuestionType::select_multiple;
      q.list = second;
      if (q.list.empty()) {
        error("survey", r.line, "type",
              {first + " 后面缺少选项列表名", first + " names no choice list"});
      } else if (!form_.choices.count(q.list)) {
        error("survey", r.line, "type",
              {"choices 表中没有选项列表 " + q.list, "the choices sheet has no list " + q.list});
      } else {
        lists_used_[q.list] = true;
      }
      return true;
    }
    auto it = kSimple.find(first);
    if (it == kSimple.end() || !second.empty()) {
      error("survey", r.line, "type",
            {"不支持的类型“" + r["type"] + "”", "unsupported type \"" + r["type"] + "\""});
      return false;
    }
    q.type = it->second;
    return true;
  }

  void check_subject_field() {
    if (form_.subject_field.empty()) return;
    const auto* q = form_.find(form_.subject_field);
    if (!q) {
      error("settings", settings_row_, "subject_field",
            {"subject_field 指向不存在的问题 " + form_.subject_field,
             "subject_field names no question: " + form_.subject_field});
    } else if (q->type != QuestionType::text || !q->relevant.empty() || q->group >= 0) {
      error("settings", settings_row_, "subject_field",
            {"subject_field 应为分组之外、没有 relevant 的文字题:" + form_.subject_field,
             "subject_field must be a text question outside groups, without relevant: " +
                 form_.subject_field});
    }
  }

  void check_expressions() {
    for (const auto& q : form_.questions) {
      check_expression(q, "relevant", q.relevant, false);
      check_expression(q, "constraint", q.constraint, true);
      check_expression(q, "calculation", q.calculation, false);
      check_expression(q, "problem", q.problem, true);
      for (const auto& ref : template_references(q.problem_text)) {
        if (!form_.find(ref))
          error("survey", q.row, "problem_text",
                {"引用了不存在的问题 ${" + ref + "}",
                 "refers to ${" + ref + "}, which no question has"});
      }
    }
  }

  void check_expression(const FormQuestion& q, const std::string& column, const std::string& text,
                        bool allow_current) {
    if (text.empty()) return;
    ExprError why;
    auto e = Expr::parse(text, &why);
    if (!e) {
      auto at = std::to_string(why.offset + 1);
      error("survey", q.row, column,
            {"表达式有误(第 " + at + " 个字节处):" + why.message.zh,
             "bad expression (at byte " + at + "): " + why.message.en});
      return;
    }
    for (const auto& ref : e->references()) {
      const auto* target = form_.find(ref);
      if (!target) {
        error("survey", q.row, column,
              {"引用了不存在的问题 ${" + ref + "}",
               "refers to ${" + ref + "}, which no question has"});
      } else if (ref == q.name && column != "problem" && column != "constraint") {
        error("survey", q.row, column,
              {column + " 不能引用本题自己(${" + ref + "}),应写“.”",
               column + " cannot refer to its own question (${" + ref + "}); write \".\""});
      } else if (target->type == QuestionType::begin_group || target->type == QuestionType::note) {
        error("survey", q.row, column,
              {"${" + ref + "} 是分组或说明,没有答案",
               "${" + ref + "} is a group or note and has no answer"});
      }
    }
    if (e->uses_current() && !allow_current)
      error("survey", q.row, column,
            {"“.”(本题的答案)只能用于 constraint 和 problem",
             "\".\" (this answer) belongs in constraint and problem only"});
    const auto& facts = form_.subject == FormSubject::village ? kVillageFacts : kHouseholdFacts;
    for (const auto& field : e->roster_fields()) {
      if (!facts.count(field)) {
        std::string known;
        for (const auto& f : facts) known += (known.empty() ? "" : ", ") + f;
        error("survey", q.row, column,
              {"roster() 没有字段“" + field + "”(可用:" + known + ")",
               "roster() has no field \"" + field + "\" (known: " + known + ")"});
      }
    }
  }
};

}  // namespace

FormCheck check_form(std::istream& in, const std::string& file_name) {
  return Reader(in, file_name).run();
}

}  // namespace duban::survey
