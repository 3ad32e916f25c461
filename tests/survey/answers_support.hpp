#pragma once
// For the field-work tests: a round with the test roster imported and its sample drawn, complete
// answers for a shipped form, and the CSV that KoboToolbox exports of them (group paths with "/",
// the id in _uuid).
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "support/cli_fixture.hpp"
#include "support/test_support.hpp"
#include "survey/form.hpp"
#include "survey/form_answers.hpp"
#include "survey/roster_data.hpp"

namespace duban::testing {

/// The demo county with round 2026-H1, the test roster (tests/survey/roster_data.hpp) imported
/// and its sample drawn with seed 5.
class SampledRound : public DubanCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(duban("init").exit_code, 0);
    ASSERT_EQ(duban("round start 2026-H1").exit_code, 0);
    auto roster = test_roster();
    write_file(dir_ / "villages.csv", roster.villages_csv);
    write_file(dir_ / "households.csv", roster.households_csv);
    ASSERT_EQ(duban("roster import villages.csv --round 2026-H1").exit_code, 0);
    ASSERT_EQ(duban("roster import households.csv --round 2026-H1").exit_code, 0);
    ASSERT_EQ(duban("survey sample --round 2026-H1 --seed 5").exit_code, 0);
  }
};

inline survey::Form shipped_form(const std::string& name) {
  std::ifstream in(source_dir() / "config" / "forms" / name, std::ios::binary);
  auto r = survey::check_form(in, name);
  if (!r.form) throw std::runtime_error(name);
  return *r.form;
}

/// Answers to every required question that applies (the first choice, "3", "测试"), as a
/// surveyor in a hurry would give them; `given` first.
inline std::map<std::string, std::string> complete_answers(
    const survey::Form& form, const survey::RosterFacts& facts,
    std::map<std::string, std::string> given = {}) {
  auto& a = given;
  for (int pass = 0; pass < 20; ++pass) {
    auto r = survey::check_answers(form, a, facts, "2026-06-22");
    if (r.ok()) return a;
    for (const auto& p : r.refused) {
      const auto* q = form.find(p.question);
      if (!q || !a[q->name].empty()) continue;
      using survey::QuestionType;
      if (q->type == QuestionType::select_one || q->type == QuestionType::select_multiple)
        a[q->name] = form.choices.at(q->list).front().name;
      else if (q->type == QuestionType::integer || q->type == QuestionType::decimal)
        a[q->name] = "3";
      else
        a[q->name] = "测试";
    }
  }
  throw std::runtime_error("no complete answers");
}

inline std::string csv_cell(const std::string& v) {
  if (v.find_first_of(",\"\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// A Kobo export of `rows` (subject → answers): group paths with "/", metadata columns, a
/// select_multiple split column, the id in _uuid ("kobo-<subject><suffix>").
inline std::string kobo_csv(
    const survey::Form& form,
    const std::vector<std::pair<std::string, std::map<std::string, std::string>>>& rows,
    const std::string& suffix = "") {
  using survey::QuestionType;
  std::vector<const survey::FormQuestion*> asked;
  for (const auto& q : form.questions) {
    if (q.type == QuestionType::begin_group || q.type == QuestionType::end_group ||
        q.type == QuestionType::note || q.type == QuestionType::image)
      continue;
    asked.push_back(&q);
  }
  std::string text = "start,end,today";
  for (const auto* q : asked) {
    std::string path = q->name;
    for (int g = q->group; g >= 0; g = form.questions[g].group)
      path = form.questions[g].name + "/" + path;
    text.append(",").append(path);
  }
  text += ",water/water_issue/quantity,_id,_uuid,_submission_time\n";
  int id = 0;
  for (const auto& [subject, answers] : rows) {
    text += "2026-06-22T09:00:00.000+08:00,2026-06-22T09:30:00.000+08:00,2026-06-22";
    for (const auto* q : asked) {
      auto it = answers.find(q->name);
      text.append(",").append(csv_cell(q->name == form.subject_field ? subject
                                       : it == answers.end()         ? ""
                                                                     : it->second));
    }
    ++id;
    text.append(",0,")
        .append(std::to_string(id))
        .append(",kobo-")
        .append(subject)
        .append(suffix)
        .append(",2026-06-22T10:00:00\n");
  }
  return text;
}

}  // namespace duban::testing
