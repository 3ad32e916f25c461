// A form's names, lookups and canonical JSON (what a round keeps of the version it fixed).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/errors.hpp"
#include "survey/form.hpp"

namespace duban::survey {

namespace {

constexpr std::pair<QuestionType, std::string_view> kTypes[] = {
    {QuestionType::text, "text"},
    {QuestionType::integer, "integer"},
    {QuestionType::decimal, "decimal"},
    {QuestionType::select_one, "select_one"},
    {QuestionType::select_multiple, "select_multiple"},
    {QuestionType::date, "date"},
    {QuestionType::note, "note"},
    {QuestionType::image, "image"},
    {QuestionType::calculate, "calculate"},
    {QuestionType::acknowledge, "acknowledge"},
    {QuestionType::begin_group, "begin_group"},
    {QuestionType::end_group, "end_group"},
};

nlohmann::json text_json(const Text& t) { return {{"zh", t.zh}, {"en", t.en}}; }
Text text_of(const nlohmann::json& j) {
  return {j.at("zh").get<std::string>(), j.at("en").get<std::string>()};
}

}  // namespace

std::string_view to_string(QuestionType type) {
  for (const auto& [t, name] : kTypes)
    if (t == type) return name;
  return "text";
}

std::string_view to_string(FormSubject subject) {
  return subject == FormSubject::village ? "village" : "household";
}

const FormQuestion* Form::find(std::string_view name) const {
  for (const auto& q : questions)
    if (q.name == name && q.type != QuestionType::end_group) return &q;
  return nullptr;
}

const FormChoice* Form::choice(const FormQuestion& q, std::string_view name) const {
  auto it = choices.find(q.list);
  if (it == choices.end()) return nullptr;
  for (const auto& c : it->second)
    if (c.name == name) return &c;
  return nullptr;
}

bool Form::applies_to(HouseholdKind kind) const {
  if (subject != FormSubject::household) return false;
  return household_kinds.empty() ||
         std::find(household_kinds.begin(), household_kinds.end(), kind) != household_kinds.end();
}

Text FormFinding::described() const {
  // Appended piece by piece: "x" + std::to_string(…) trips GCC 12's -Wrestrict at -O3.
  std::string where = sheet;
  if (row > 0) where.append(":").append(std::to_string(row));
  if (!column.empty()) where.append(" ").append(column);
  std::string mark_zh = warning ? "(提醒)" : "";
  std::string mark_en = warning ? " (warning)" : "";
  return {where + mark_zh + ":" + message.zh, where + mark_en + ": " + message.en};
}

std::string form_json(const Form& f) {
  nlohmann::json questions = nlohmann::json::array();
  for (const auto& q : f.questions) {
    nlohmann::json j{{"type", to_string(q.type)}, {"name", q.name}, {"label", text_json(q.label)}};
    auto put = [&](const char* key, const std::string& v) {
      if (!v.empty()) j[key] = v;
    };
    put("list", q.list);
    if (!q.hint.zh.empty()) j["hint"] = text_json(q.hint);
    if (q.required) j["required"] = true;
    if (!q.required_message.zh.empty()) j["required_message"] = text_json(q.required_message);
    put("relevant", q.relevant);
    put("constraint", q.constraint);
    if (!q.constraint_message.zh.empty()) j["constraint_message"] = text_json(q.constraint_message);
    put("calculation", q.calculation);
    put("appearance", q.appearance);
    put("default", q.default_value);
    put("problem", q.problem);
    put("problem_category", q.problem_category);
    put("problem_text", q.problem_text);
    if (q.group >= 0) j["group"] = q.group;
    questions.push_back(std::move(j));
  }
  nlohmann::json choices = nlohmann::json::object();
  for (const auto& [list, options] : f.choices) {
    auto& a = choices[list] = nlohmann::json::array();
    for (const auto& c : options) a.push_back({{"name", c.name}, {"label", text_json(c.label)}});
  }
  nlohmann::json kinds = nlohmann::json::array();
  for (auto k : f.household_kinds) kinds.push_back(to_string(k));
  nlohmann::json j{{"form_id", f.id},          {"title", f.title},
                   {"version", f.version},     {"subject", to_string(f.subject)},
                   {"household_kinds", kinds}, {"subject_field", f.subject_field},
                   {"questions", questions},   {"choices", choices}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

Form form_from_json(const std::string& text) {
  try {
    auto j = nlohmann::json::parse(text);
    Form f;
    f.id = j.at("form_id").get<std::string>();
    f.title = j.at("title").get<std::string>();
    f.version = j.at("version").get<std::string>();
    f.subject = j.at("subject").get<std::string>() == "village" ? FormSubject::village
                                                                : FormSubject::household;
    f.subject_field = j.value("subject_field", "");
    for (const auto& k : j.at("household_kinds")) {
      auto kind = household_kind_from(k.get<std::string>());
      if (!kind) throw std::runtime_error("household kind");
      f.household_kinds.push_back(*kind);
    }
    for (const auto& q : j.at("questions")) {
      FormQuestion x;
      auto type = q.at("type").get<std::string>();
      auto it = std::find_if(std::begin(kTypes), std::end(kTypes),
                             [&](const auto& t) { return t.second == type; });
      if (it == std::end(kTypes)) throw std::runtime_error("type " + type);
      x.type = it->first;
      x.name = q.at("name").get<std::string>();
      x.label = text_of(q.at("label"));
      auto get = [&](const char* key) { return q.contains(key) ? q[key].get<std::string>() : ""; };
      x.list = get("list");
      if (q.contains("hint")) x.hint = text_of(q["hint"]);
      x.required = q.value("required", false);
      if (q.contains("required_message")) x.required_message = text_of(q["required_message"]);
      x.relevant = get("relevant");
      x.constraint = get("constraint");
      if (q.contains("constraint_message")) x.constraint_message = text_of(q["constraint_message"]);
      x.calculation = get("calculation");
      x.appearance = get("appearance");
      x.default_value = get("default");
      x.problem = get("problem");
      x.problem_category = get("problem_category");
      x.problem_text = get("problem_text");
      x.group = q.value("group", -1);
      f.questions.push_back(std::move(x));
    }
    for (const auto& [list, options] : j.at("choices").items()) {
      auto& v = f.choices[list];
      for (const auto& c : options)
        v.push_back({c.at("name").get<std::string>(), text_of(c.at("label"))});
    }
    return f;
  } catch (const std::exception& e) {
    throw Error(Errc::storage_error, {std::string("保存的问卷无法读取:") + e.what(),
                                      std::string("a kept form cannot be read: ") + e.what()});
  }
}

}  // namespace duban::survey
