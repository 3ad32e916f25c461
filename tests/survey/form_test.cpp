// The questionnaires as XLSForm: every shipped form passes its check; a broken one is reported at
// each sheet, row and column; expressions follow XPath's rules; answers are held to the form
// (skip logic, required, types, constraints); the exit check's indicators at their boundaries.
#include "survey/form.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "support/test_support.hpp"
#include "survey/form_answers.hpp"
#include "survey/xlsform_writer.hpp"

namespace duban::testing {
namespace {

using survey::check_form;
using survey::FormCheck;

FormCheck check_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return check_form(in, path.filename().string());
}

survey::Form shipped(const std::string& name) {
  auto r = check_file(source_dir() / "config" / "forms" / name);
  if (!r.ok()) throw std::runtime_error(name + " does not pass its check");
  return *r.form;
}

std::set<std::string> places(const FormCheck& r, bool warnings = false) {
  std::set<std::string> s;
  for (const auto& f : r.findings)
    if (f.warning == warnings) s.insert(f.sheet + ":" + std::to_string(f.row) + " " + f.column);
  return s;
}

TEST(Forms, EveryShippedFormPassesItsCheckWithoutWarnings) {
  std::set<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "config" / "forms")) {
    if (entry.path().extension() != ".xlsx") continue;
    auto r = check_file(entry.path());
    for (const auto& f : r.findings) ADD_FAILURE() << entry.path() << ": " << f.described().en;
    ASSERT_TRUE(r.ok()) << entry.path();
    EXPECT_EQ(r.form->version, "2020.1");
    EXPECT_EQ(r.form->digest.size(), 64u);
    ids.insert(r.form->id);
  }
  EXPECT_EQ(ids, (std::set<std::string>{"household_registered", "household_unregistered",
                                        "village_exit_check", "village_interview"}));
  auto registered = shipped("household-registered.xlsx");
  EXPECT_TRUE(registered.applies_to(HouseholdKind::poor));
  EXPECT_TRUE(registered.applies_to(HouseholdKind::lifted));
  EXPECT_FALSE(registered.applies_to(HouseholdKind::unregistered));
  EXPECT_TRUE(shipped("household-unregistered.xlsx").applies_to(HouseholdKind::unregistered));
  EXPECT_EQ(shipped("village-exit-check.xlsx").subject, survey::FormSubject::village);
}

TEST(Forms, ABrokenFormIsReportedAtEachSheetRowAndColumn) {
  TempDir dir;
  SheetRows survey = {
      {"type", "name", "label", "relevant", "required", "constraint", "calculation", "problem",
       "problem_category", "problem_text"},
      {"integer", "age", "年龄", "", "yes", ". >= 0"},          // 2: fine
      {"select_one colours", "colour", "颜色"},                 // 3: no such list
      {"text", "age", "重复的名字"},                            // 4: name repeats row 2
      {"text", "q5", "问题五", "${q9} = 'yes'"},                // 5: no question q9
      {"text", "q6", "问题六", "${age} >"},                     // 6: does not parse
      {"foo", "q7", "问题七"},                                  // 7: no such type
      {"text", "", "没有名字"},                                 // 8: no name
      {"text", "q9x", "问题九", "", "maybe"},                   // 9: required not yes/no
      {"end group"},                                            // 10: ends nothing
      {"begin group", "g1", "一组"},                            // 11: never ended
      {"text", "q12", "问题十二", ". = 'x'"},                   // 12: "." in a relevant
      {"integer", "q13", "问题十三", "", "", "", "", ". > 3"},  // 13: no category, no text
      {"calculate", "c14", "", "", "", "", "roster('nope')"},   // 14: no such roster fact
      {"text", "q15", "问题十五", "", "", "", "", ". = 'a'", "类别", "见 ${nowhere}"},  // 15
  };
  SheetRows choices = kYesNoChoices;
  choices.push_back({"yes_no", "yes", "又是"});  // choices:4 repeats a name
  SheetRows settings = {{"form_id", "version", "subject"}, {"broken", "", "household"}};
  write_xlsform(dir / "broken.xlsx", survey, choices, settings);
  auto r = check_file(dir / "broken.xlsx");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(places(r),
            (std::set<std::string>{
                "settings:2 version", "survey:3 type", "survey:4 name", "survey:5 relevant",
                "survey:6 relevant", "survey:7 type", "survey:8 name", "survey:9 required",
                "survey:10 type", "survey:11 type", "survey:12 relevant",
                "survey:13 problem_category", "survey:13 problem_text", "survey:14 calculation",
                "survey:15 problem_text", "choices:4 name"}));
  EXPECT_EQ(places(r, true), (std::set<std::string>{"choices:2 list_name"}))
      << "yes_no is used by no question";
  for (const auto& f : r.findings) {
    if (f.row == 5 && f.sheet == "survey") {
      EXPECT_EQ(f.described().zh, "survey:5 relevant:引用了不存在的问题 ${q9}");
    }
  }
}

TEST(Forms, GroupsAndMetadataAsXlsformToolsWriteThemPass) {
  TempDir dir;
  write_xlsform(dir / "tools.xlsx",
                {{"type", "name", "label::中文 (zh)", "label::English (en)", "relevant"},
                 {"start", "start"},
                 {"end", "end"},
                 {"select_one yes_no", "has", "有吗", "Any?"},
                 {"begin group", "g", "一组", "A group", "${has} = 'yes'"},
                 {"integer", "n", "几个", "How many"},
                 {"end group"},
                 {"today", "today"}},
                kYesNoChoices, household_settings());
  auto r = check_file(dir / "tools.xlsx");
  for (const auto& f : r.findings) ADD_FAILURE() << f.described().en;
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.form->questions.size(), 4u);  // the metadata is no question
  EXPECT_EQ(r.form->questions[0].label.en, "Any?");
  EXPECT_EQ(r.form->questions[2].group, 1);
  auto a = survey::check_answers(*r.form, {{"has", "no"}, {"n", "2"}}, {}, "2026-06-01");
  ASSERT_EQ(a.refused.size(), 1u);
  EXPECT_EQ(a.refused[0].question, "n") << "inside a group whose relevant is false";
}

TEST(Forms, AWorkbookWithoutASurveySheetSaysSo) {
  TempDir dir;
  write_xlsform(dir / "empty.xlsx", {}, kYesNoChoices, household_settings());
  auto r = check_file(dir / "empty.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(places(r), (std::set<std::string>{"survey:0 "}));
}

TEST(Forms, TheCommandNamesEachSheetRowAndExitsNonZero) {
  TempDir dir;
  write_xlsform(dir / "bad.xlsx",
                {{"type", "name", "label", "relevant"},
                 {"select_one yes_no", "a", "甲"},
                 {"text", "b", "乙", "${a} = 'yes' and ${zz} = 1"}},
                kYesNoChoices, household_settings());
  auto bad = run_command(duban_binary() + " form check " + (dir / "bad.xlsx").string());
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.out.find("bad.xlsx:survey:3 relevant:引用了不存在的问题 ${zz}"), std::string::npos)
      << bad.out;
  auto good = run_command(duban_binary() + " form check " +
                          (source_dir() / "config/forms/village-exit-check.xlsx").string());
  EXPECT_EQ(good.exit_code, 0) << good.out;
  EXPECT_NE(good.out.find("检查通过:贫困村退出核查标准(附件1)"), std::string::npos) << good.out;
  auto json =
      run_command(duban_binary() + " --json --lang en form check " + (dir / "bad.xlsx").string());
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_NE(json.out.find("\"row\": 3"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("refers to ${zz}, which no question has"), std::string::npos) << json.out;
}

survey::ExprValue eval(const std::string& text, std::map<std::string, std::string> answers = {}) {
  survey::ExprError why;
  auto e = survey::Expr::parse(text, &why);
  if (!e) throw std::runtime_error(text + ": " + why.message.en);
  survey::RosterFacts facts{{"population", 1000.0}, {"kind", std::string("poor")}};
  return e->evaluate(survey::answers_context(answers, facts, "2026-06-01"));
}

TEST(FormExpressions, FollowXPathRules) {
  using survey::to_bool;
  using survey::to_text;
  EXPECT_TRUE(to_bool(eval("${a} = 'yes'", {{"a", "yes"}})));
  EXPECT_FALSE(to_bool(eval("${a} = 'yes'", {})));
  EXPECT_FALSE(to_bool(eval("${n} > 3", {})));  // "" is NaN: no comparison holds
  EXPECT_FALSE(to_bool(eval("${n} <= 3", {})));
  EXPECT_TRUE(to_bool(eval("${n} = 3", {{"n", "3.0"}})));  // a number on one side: as numbers
  EXPECT_TRUE(to_bool(eval("${n} = '3.0'", {{"n", "3.0"}})));
  EXPECT_FALSE(to_bool(eval("${n} = '3'", {{"n", "3.0"}})));  // two texts: as texts
  EXPECT_TRUE(to_bool(eval("selected(${m}, 'b')", {{"m", "a b c"}})));
  EXPECT_FALSE(to_bool(eval("selected(${m}, 'ab')", {{"m", "a b c"}})));
  EXPECT_EQ(to_text(eval("count-selected(${m})", {{"m", " a  b "}})), "2");
  EXPECT_EQ(to_text(eval("199 * 100 div 10000")), "1.99");
  EXPECT_EQ(to_text(eval("200 * 100 div 10000")), "2");
  EXPECT_EQ(to_text(eval("7 mod 3 + -1")), "0");
  EXPECT_EQ(to_text(eval("if(${x} = 'yes', 3.0, 3.5)", {{"x", "no"}})), "3.5");
  EXPECT_EQ(to_text(eval("concat('共', ${n}, '人')", {{"n", "12"}})), "共12人");
  EXPECT_EQ(to_text(eval("string-length('贫困户')")), "3");
  EXPECT_EQ(to_text(eval("coalesce(${none}, 'x')")), "x");
  EXPECT_TRUE(to_bool(eval("roster('population') >= 1000 and roster('kind') = 'poor'")));
  EXPECT_TRUE(to_bool(eval("not(${a} = 'x') or false()", {{"a", "y"}})));
  EXPECT_EQ(to_text(eval("round(2.345, 2)")), "2.35");
  for (const char* bad : {"${a} =", "(1 + 2", "foo(1)", "selected(${a})", "${a} = 'x", "yes = 1",
                          "${}", "roster(${a})"}) {
    survey::ExprError why;
    EXPECT_FALSE(survey::Expr::parse(bad, &why)) << bad;
    EXPECT_FALSE(why.message.zh.empty()) << bad;
  }
}

std::set<std::string> refused(const survey::CheckedAnswers& r) {
  std::set<std::string> s;
  for (const auto& p : r.refused) s.insert(p.question);
  return s;
}

TEST(FormAnswers, AnAnswerToAQuestionWhoseRelevantIsFalseIsRefused) {
  auto form = shipped("household-registered.xlsx");
  survey::RosterFacts facts{{"kind", std::string("poor")}};
  std::map<std::string, std::string> answers = {{"water_ok", "yes"}, {"water_issue", "quantity"}};
  auto r = survey::check_answers(form, answers, facts, "2026-06-01");
  ASSERT_TRUE(refused(r).count("water_issue"));
  for (const auto& p : r.refused) {
    if (p.question == "water_issue") {
      EXPECT_NE(p.message.zh.find("不适用"), std::string::npos);
    }
  }
  // A question inside a group whose relevant is false (二、教育 only where there are students).
  answers = {{"has_student", "no"}, {"compulsory", "yes"}};
  EXPECT_TRUE(
      refused(survey::check_answers(form, answers, facts, "2026-06-01")).count("compulsory"));
  // The same answers where the question applies are taken.
  answers = {{"water_ok", "no"}, {"water_issue", "quantity quality"}};
  r = survey::check_answers(form, answers, facts, "2026-06-01");
  EXPECT_FALSE(refused(r).count("water_issue"));
  EXPECT_EQ(r.values.at("water_issue"), "quantity quality");
}

TEST(FormAnswers, RequiredTypesChoicesAndConstraintsAreChecked) {
  auto form = shipped("household-registered.xlsx");
  survey::RosterFacts facts{{"kind", std::string("poor")}};
  auto r = survey::check_answers(
      form, {{"attribute", "rich"}, {"people", "两"}, {"water_ok", "no"}, {"nonsense", "1"}}, facts,
      "2026-06-01");
  auto s = refused(r);
  EXPECT_TRUE(s.count("attribute")) << "not one of its choices";
  EXPECT_TRUE(s.count("people")) << "not a whole number";
  EXPECT_TRUE(s.count("water_issue")) << "required where it applies";
  EXPECT_TRUE(s.count("nonsense")) << "no such question";
  EXPECT_TRUE(s.count("insured")) << "required, not answered";
  r = survey::check_answers(form, {{"people", "0"}}, facts, "2026-06-01");
  EXPECT_TRUE(refused(r).count("people")) << "constraint . >= 1";
}

std::map<std::string, std::string> passing_village() {
  return {{"road_hardened", "yes"},
          {"road_exempt", "no"},
          {"road_width", "3.5"},
          {"bus_applicable", "yes"},
          {"bus_distance", "2"},
          {"water_quality", "yes"},
          {"water_liters", "40"},
          {"water_minutes", "10"},
          {"water_supply", "95"},
          {"power_rate", "100"},
          {"household_power", "100"},
          {"broadcast", "yes"},
          {"culture", "room square stage board culture_kit radio_kit sports_kit"},
          {"clinic_area", "60"},
          {"clinic_rooms", "consulting treatment public_health pharmacy"},
          {"clinic_staff", "1"},
          {"doctor_certified", "yes"},
          {"broadband_fiber", "yes"},
          {"broadband_mbps", "50"}};
}

std::map<std::string, survey::Assessment> assessed(
    const std::map<std::string, std::string>& answers, double population, double poor) {
  auto form = shipped("village-exit-check.xlsx");
  survey::RosterFacts facts{{"population", population}, {"poor_population", poor}};
  auto checked = survey::check_answers(form, answers, facts, "2026-06-01");
  for (const auto& p : checked.refused) ADD_FAILURE() << p.question << ": " << p.message.zh;
  std::map<std::string, survey::Assessment> by_question;
  for (auto& a : survey::assess(form, checked, facts, "2026-06-01")) by_question[a.question] = a;
  return by_question;
}

TEST(ExitCheck, EveryIndicatorAtItsBoundaryPasses) {
  auto a = assessed(passing_village(), 1000, 19);
  EXPECT_EQ(a.size(), 18u);
  for (const auto& [name, x] : a) EXPECT_FALSE(x.problem) << name << " = " << x.value;
  EXPECT_EQ(a.at("incidence").value, "1.9");
}

TEST(ExitCheck, PovertyIncidenceFailsFromTwoPercent) {
  auto below = assessed(passing_village(), 10000, 199);
  EXPECT_EQ(below.at("incidence").value, "1.99");
  EXPECT_FALSE(below.at("incidence").problem);
  auto at = assessed(passing_village(), 10000, 200);
  EXPECT_EQ(at.at("incidence").value, "2");
  EXPECT_TRUE(at.at("incidence").problem);
  EXPECT_EQ(at.at("incidence").category, "贫困发生率");
  EXPECT_EQ(at.at("incidence").text, "贫困发生率 2%(未脱贫 200 人/全村 10000 人),未降至 2% 以下");
}

TEST(ExitCheck, RoadWidthIsThreePointFiveOrThreeWithTheExemption) {
  auto answers = passing_village();
  answers["road_width"] = "3.0";
  EXPECT_TRUE(assessed(answers, 1000, 0).at("road_width").problem) << "3.0 m, no exemption";
  EXPECT_EQ(assessed(answers, 1000, 0).at("road_width").text,
            "通村公路硬化路面宽 3.0 米,低于 3.5 米");
  answers["road_exempt"] = "yes";
  EXPECT_FALSE(assessed(answers, 1000, 0).at("road_width").problem) << "3.0 m, exempt";
  answers["road_width"] = "2.99";
  EXPECT_TRUE(assessed(answers, 1000, 0).at("road_width").problem) << "2.99 m, exempt";
}

TEST(ExitCheck, FailsAreWordedWithChoiceLabelsAndStaffPerThousand) {
  auto answers = passing_village();
  answers["culture"] = "room stage";
  answers["clinic_staff"] = "1";
  answers["water_supply"] = "94.9";
  auto a = assessed(answers, 1001, 0);
  EXPECT_EQ(a.at("culture").text, "综合性文化服务中心不全,仅有:文化活动室、简易戏台");
  EXPECT_TRUE(a.at("clinic_staff").problem) << "1 person for 1,001 people";
  EXPECT_TRUE(a.at("water_supply").problem);
  EXPECT_FALSE(a.at("water_liters").problem);
}

}  // namespace
}  // namespace duban::testing
