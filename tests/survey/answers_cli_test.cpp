// Answers from ODK Central or KoboToolbox exports through the real `duban` command: the group
// paths of either tool are read, a submission imported twice is stored once, a row at fault is
// named by its line with nothing stored, and the same rules hold as on the page (skip logic, the
// sample, the household's kind).
#include <fstream>

#include "support/cli_fixture.hpp"
#include "survey/form.hpp"
#include "survey/form_answers.hpp"
#include "survey/roster_data.hpp"

namespace duban::testing {
namespace {

survey::Form shipped_form(const std::string& name) {
  std::ifstream in(source_dir() / "config" / "forms" / name, std::ios::binary);
  auto r = survey::check_form(in, name);
  if (!r.form) throw std::runtime_error(name);
  return *r.form;
}

/// Answers to every required question that applies (the first choice, "3", "测试"), as a
/// surveyor in a hurry would give them.
std::map<std::string, std::string> complete_answers(const survey::Form& form,
                                                    const survey::RosterFacts& facts) {
  std::map<std::string, std::string> a;
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

/// The column of a question as Kobo ("group/name") or ODK Central ("group-name") exports it.
std::string column(const survey::Form& form, const std::string& name, char sep) {
  const auto* q = form.find(name);
  std::string path = name;
  for (int g = q->group; g >= 0; g = form.questions[g].group)
    path = form.questions[g].name + sep + path;
  return path;
}

std::string csv_cell(const std::string& v) {
  if (v.find_first_of(",\"\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class FieldAnswers : public DubanCli {
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
    auto sample = json("survey sample show --round 2026-H1");
    for (const auto& v : sample["villages"]) {
      for (const auto& h : v["households"]) {
        std::string kind = h["kind"];
        if (kind == "poor" && poor_.empty()) poor_ = h["number"];
        if (kind == "unregistered" && unregistered_.empty()) unregistered_ = h["number"];
      }
    }
    ASSERT_FALSE(poor_.empty());
    ASSERT_FALSE(unregistered_.empty());
  }
  // A Kobo export (group paths with "/", the id in _uuid) of `rows`, each household → answers.
  std::string kobo(
      const survey::Form& form,
      const std::vector<std::pair<std::string, std::map<std::string, std::string>>>& rows) {
    std::vector<std::string> names;
    for (const auto& q : form.questions) {
      using survey::QuestionType;
      if (q.type == QuestionType::begin_group || q.type == QuestionType::end_group ||
          q.type == QuestionType::note || q.type == QuestionType::image)
        continue;
      names.push_back(q.name);
    }
    std::string text = "start,end,today";
    for (const auto& n : names) text += "," + column(form, n, '/');
    text += ",water/water_issue/quantity,_id,_uuid,_submission_time\n";
    int id = 0;
    for (const auto& [number, answers] : rows) {
      text += "2026-06-22T09:00:00.000+08:00,2026-06-22T09:30:00.000+08:00,2026-06-22";
      for (const auto& n : names) {
        auto it = answers.find(n);
        text.append(",").append(csv_cell(n == "household_number" ? number
                                         : it == answers.end()   ? ""
                                                                 : it->second));
      }
      ++id;
      text.append(",0,")
          .append(std::to_string(id))
          .append(",kobo-")
          .append(number)
          .append(",2026-06-22T10:00:00\n");
    }
    return text;
  }
  std::string poor_, unregistered_;
};

TEST_F(FieldAnswers, AKoboExportImportsOnceWithItsGroupPathsRead) {
  auto form = shipped_form("household-registered.xlsx");
  survey::RosterFacts facts{{"kind", std::string("poor")}};
  auto answers = complete_answers(form, facts);
  answers["water_ok"] = "no";  // a problem, and a question it opens
  answers["water_issue"] = "quantity supply";
  write_file(dir_ / "kobo.csv", kobo(form, {{poor_, answers}}));
  auto dry = duban(
      "survey import-submissions kobo.csv --round 2026-H1 --form household_registered --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("check passed (nothing written): 1 submissions"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("columns left unused (no question of the form): start, end, today, _id, "
                         "_submission_time"),
            std::string::npos)
      << dry.out;
  EXPECT_EQ(json("survey answers --round 2026-H1")["answers"].size(), 0u);
  auto r = duban("survey import-submissions kobo.csv --round 2026-H1 --form household_registered");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("stored 1, stored before 0"), std::string::npos) << r.out;
  auto again =
      duban("survey import-submissions kobo.csv --round 2026-H1 --form household_registered");
  EXPECT_NE(again.out.find("stored 0, stored before 1"), std::string::npos) << again.out;
  auto list = json("survey answers --round 2026-H1 --form household_registered")["answers"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["subject"], poor_);
  EXPECT_EQ(list[0]["instance"], "uuid:kobo-" + poor_);
  EXPECT_EQ(list[0]["source"], "odk");
  auto expected = survey::check_answers(form, answers, facts, "2026-06-22").values;
  expected["household_number"] = poor_;
  std::map<std::string, std::string> got;
  for (const auto& [k, v] : list[0]["answers"].items()) got[k] = v;
  EXPECT_EQ(got, expected);
  // Journaled once; the forms were fixed by this first answer.
  EXPECT_NE(sqlite("SELECT COUNT(*) FROM journal WHERE subject LIKE 'answers:%'").find("1"),
            std::string::npos);
  EXPECT_EQ(json("survey forms --round 2026-H1")["forms"][1]["fixed"]["version"], "2020.1");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(FieldAnswers, RowsAtFaultAreNamedByLineAndNothingIsStored) {
  auto form = shipped_form("household-registered.xlsx");
  survey::RosterFacts facts{{"kind", std::string("poor")}};
  auto good = complete_answers(form, facts);
  auto skipped = good;
  skipped["water_ok"] = "yes";
  skipped["water_issue"] = "quantity";  // water_issue applies only when water_ok is no
  write_file(dir_ / "mixed.csv",
             kobo(form, {{poor_, good}, {unregistered_, good}, {"nowhere-9-99", good}}));
  auto r = duban("survey import-submissions mixed.csv --round 2026-H1 --form household_registered");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[import_invalid]"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("mixed.csv:3: household " + unregistered_ + " is unregistered in the roster"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("mixed.csv:4: the sample has no household nowhere-9-99"), std::string::npos)
      << r.out;
  EXPECT_EQ(json("survey answers --round 2026-H1")["answers"].size(), 0u);
  write_file(dir_ / "skip.csv", kobo(form, {{poor_, skipped}}));
  r = duban("survey import-submissions skip.csv --round 2026-H1 --form household_registered");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("water_issue: does not apply (its relevant is false)"), std::string::npos)
      << r.out;
  EXPECT_EQ(json("survey answers --round 2026-H1")["answers"].size(), 0u);
  // Neither the office nor an evaluator nor a member of a group: refused.
  write_file(dir_ / "ok.csv", kobo(form, {{poor_, good}}));
  expect_refused("survey import-submissions ok.csv --round 2026-H1 --form household_registered",
                 "permission_denied", "longtan");
}

}  // namespace
}  // namespace duban::testing
