// Scores recorded and imported (CSV and XLSX, all or nothing), aggregated and ranked with the
// shipped model (config/scoring.yaml) on the demo county, published while step 6 is open, and
// checked by `audit verify`. Totals are computed by hand in the comments.
#include "support/cli_fixture.hpp"
#include "support/demo_scores.hpp"

namespace duban::testing {
namespace {

class Scoring : public DubanCli {
 protected:
  void SetUp() override {
    now_ = "2020-07-20T09:00";
    ASSERT_EQ(duban("init").exit_code, 0);
    ASSERT_EQ(duban("round start 2020-H1").exit_code, 0);
  }
  void import_all() {
    write_file(dir_ / "t.csv", kTownships);
    write_file(dir_ / "d.csv", kDepartments);
    auto r = duban("score import t.csv --round 2020-H1");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    r = duban("score import d.csv --round 2020-H1");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  static const nlohmann::json& unit_of(const nlohmann::json& ranking, const std::string& id) {
    for (const auto& k : ranking["kinds"])
      for (const auto& u : k["units"])
        if (u["unit"] == id) return u;
    throw std::runtime_error("no unit " + id);
  }
};

TEST_F(Scoring, WideSheetsRankTheDemoCountyAsComputedByHand) {
  import_all();
  auto r = json("round ranking 2020-H1");
  ASSERT_EQ(r["kinds"].size(), 2u);
  EXPECT_EQ(r["kinds"][0]["kind"], "township");
  EXPECT_EQ(r["kinds"][0]["ranked"], 11);
  auto rank = [&](const std::string& id) { return unit_of(r, id)["rank"].get<int>(); };
  auto total = [&](const std::string& id) { return unit_of(r, id)["total"].get<double>(); };
  EXPECT_DOUBLE_EQ(total("longtan"), 92.4);
  EXPECT_NEAR(unit_of(r, "longtan")["weighted"].get<double>(), 87.4, 1e-9);
  EXPECT_DOUBLE_EQ(unit_of(r, "longtan")["bonus_claimed"].get<double>(), 6);
  EXPECT_EQ(unit_of(r, "longtan")["grade"], "A");
  EXPECT_EQ(rank("longtan"), 1);
  EXPECT_EQ(rank("xinmin"), 2);
  EXPECT_EQ(rank("chengguan"), 7);
  EXPECT_EQ(rank("liulin"), 7);
  EXPECT_NE(unit_of(r, "liulin")["note"].get<std::string>().find("tied at 7 with 城关镇"),
            std::string::npos);
  EXPECT_DOUBLE_EQ(total("xihe"), 78);
  EXPECT_DOUBLE_EQ(total("shuanghe"), 78);
  EXPECT_EQ(rank("xihe"), 9);
  EXPECT_EQ(rank("shuanghe"), 10);
  EXPECT_NE(unit_of(r, "xihe")["note"].get<std::string>().find("placed by 脱贫攻坚工作"),
            std::string::npos);
  EXPECT_EQ(rank("hongyan"), 11);
  EXPECT_TRUE(unit_of(r, "hongyan")["last"].get<bool>());
  EXPECT_EQ(unit_of(r, "hongyan")["grade"], "C");

  EXPECT_DOUBLE_EQ(total("fupinban"), 90.8);
  EXPECT_EQ(rank("fupinban"), 1);
  EXPECT_DOUBLE_EQ(total("jiaoyu"), 85.67);
  EXPECT_EQ(rank("jiaoyu"), 2);
  EXPECT_DOUBLE_EQ(total("weijian"), 95);
  EXPECT_EQ(rank("weijian"), 8);
  EXPECT_EQ(unit_of(r, "weijian")["grade"], "D");
  EXPECT_EQ(unit_of(r, "weijian")["vetoes"][0], "造成县第三方评估结果重大损失");

  // Scores are journaled with their source, and audit verify replays them.
  EXPECT_EQ(sqlite("SELECT COUNT(*) FROM journal WHERE subject LIKE 'score:2020-H1/%'"),
            "137\n");  // 12 + 10 × 9 + 6 + 4 + 5 + 5 × 4
  EXPECT_EQ(sqlite("SELECT value || ' ' || source FROM scores WHERE unit_id = 'longtan' AND"
                   " indicator = 'reduction'"),
            "95 county\n");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  sqlite("UPDATE scores SET value = '99' WHERE unit_id = 'hongyan' AND indicator = 'economy'");
  auto audit = duban("audit verify");
  EXPECT_NE(audit.exit_code, 0);
  EXPECT_NE(audit.out.find("score:2020-H1/hongyan/economy: value is “99” in its row, “70”"),
            std::string::npos)
      << audit.out;
}

TEST_F(Scoring, PublishingNeedsStepSixOpenAndEveryUnitScoredThenIsAudited) {
  write_file(dir_ / "t.csv", kTownships);
  ASSERT_EQ(duban("score import t.csv --round 2020-H1").exit_code, 0);
  expect_refused("round publish 2020-H1", "invalid_transition");  // step 6 pending
  open_step_six("2020-H1");
  expect_refused("round publish 2020-H1", "permission_denied", "evaluator");
  auto missing = duban("round publish 2020-H1");
  EXPECT_NE(missing.out.find("[missing_field]"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("县扶贫办"), std::string::npos) << missing.out;
  write_file(dir_ / "d.csv", kDepartments);
  ASSERT_EQ(duban("score import d.csv --round 2020-H1").exit_code, 0);
  auto published = json("round publish 2020-H1");
  EXPECT_TRUE(published["published"].get<bool>());
  EXPECT_EQ(sqlite("SELECT rank || '|' || total || '|' || grade FROM rankings WHERE"
                   " unit_id = 'longtan'"),
            "1|92.40|A\n");
  auto shown = json("round ranking 2020-H1 --published", "longtan");  // every user may read it
  EXPECT_EQ(unit_of(shown, "hongyan")["rank"], 11);
  expect_refused("round ranking 2020-H1", "permission_denied", "longtan");  // not the live one
  EXPECT_FALSE(json("round ranking 2020-H1")["stale"].get<bool>());
  ASSERT_EQ(duban("score set 2020-H1 红岩镇 经济社会发展 100").exit_code, 0);
  EXPECT_TRUE(json("round ranking 2020-H1")["stale"].get<bool>());
  EXPECT_EQ(duban("audit verify").exit_code, 0) << duban("audit verify").out;
  sqlite("UPDATE rankings SET rank = 1 WHERE unit_id = 'hongyan'");
  auto audit = duban("audit verify");
  EXPECT_NE(audit.out.find("ranking:2020-H1: unit:hongyan is “1|70.00|C”"), std::string::npos)
      << audit.out;
}

TEST_F(Scoring, BadScoreFilesAreRefusedWholeWithEveryLineAtFault) {
  const auto before = data_snapshot();
  write_file(dir_ / "bad.csv",
             "单位,指标,分值,来源\n"
             "龙潭镇,减贫成效,95,\n"
             "龙潭镇,减贫程效,90,\n"                      // 3: unknown indicator
             "龙谭镇,主体责任,90,\n"                      // 4: unknown unit
             "龙潭镇,经济社会发展,120,\n"                 // 5: above full marks
             "龙潭镇,减贫成效,96,\n"                      // 6: given twice
             "县扶贫办,其他年度目标任务,80,evaluation\n"  // 7: that source is refused
             "龙潭镇,精准识别,8.125,\n"                   // 8: three decimals
             "龙潭镇,通过验收实现整体脱贫,也许,\n"        // 9: not yes/no
             ",精准帮扶,80,\n");                          // 10: no unit
  auto r = duban("score import bad.csv --round 2020-H1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[import_invalid]"), std::string::npos) << r.out;
  for (const auto& expected :
       {"bad.csv:3: no indicator 减贫程效", "bad.csv:4: unknown unit: 龙谭镇",
        "bad.csv:5: 经济社会发展 must not exceed 100",
        "bad.csv:6: 龙潭镇's 减贫成效 was given on line 2",
        "bad.csv:7: 其他年度目标任务 takes scores from county only",
        "bad.csv:8: 精准识别 must be a non-negative number with at most two decimals",
        "bad.csv:9: 通过验收实现整体脱贫 is a yes/no fact", "bad.csv:10: the unit is empty"}) {
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  }
  EXPECT_EQ(data_snapshot(), before) << "nothing written";
  write_file(dir_ / "none.csv", "标题\n无\n");
  expect_refused("score import none.csv --round 2020-H1", "import_invalid");
  // Who may record what: a unit never; the evaluators not the supervision group's results.
  write_file(dir_ / "ok.csv", "单位,指标,分值\n龙潭镇,减贫成效,95\n");
  expect_refused("score import ok.csv --round 2020-H1", "permission_denied", "longtan");
  expect_refused("score set 2020-H1 龙潭镇 减贫成效 90 --source supervision", "permission_denied",
                 "evaluator");
  expect_refused("score set 2020-H1 龙潭镇 脱贫攻坚工作 90", "not_found");  // a group
  EXPECT_EQ(data_snapshot(), before) << "nothing written";
  // A dry run shows each row's plan and writes nothing.
  auto dry = duban("score import ok.csv --round 2020-H1 --dry-run", "evaluator");
  EXPECT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("set"), std::string::npos) << dry.out;
  EXPECT_EQ(data_snapshot(), before) << "nothing written";
}

TEST_F(Scoring, AnXlsxScoreSheetReadsLikeACsvOne) {
  python(R"(import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "评分"
ws.append(["2020年上半年专项督查评分表"])
ws.append(["序号", "单位", "指标", "分值", "说明"])
ws.append([1, "龙潭镇", "减贫成效", 91.5, "督查组实地核查"])
ws.append([2, "新民乡", "reduction", 88, None])
wb.save("s.xlsx")
)");
  auto r = duban("score import s.xlsx --round 2020-H1", "inspector");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto scores = json("score show 2020-H1");
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores[0]["unit"], "longtan");
  EXPECT_EQ(scores[0]["value"], "91.5");
  EXPECT_EQ(scores[0]["source"], "supervision");
  EXPECT_EQ(scores[0]["note"], "督查组实地核查");
  EXPECT_EQ(scores[1]["value"], "88");
  // A unit's member sees its own unit's scores only.
  auto own = json("score show 2020-H1", "xinmin");
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0]["unit"], "xinmin");
}

TEST_F(Scoring, TextThatCannotBeStoredIsRefusedNamingItsFieldRowAndColumn) {
  auto before = data_snapshot();
  // A note with a byte that is not UTF-8, and one with a control character.
  auto r = duban("score set 2020-H1 龙潭镇 减贫成效 90 --note \"$(printf 'ok\\377')\"");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[invalid_text]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("note: byte 3 (0xFF) is not valid UTF-8"), std::string::npos) << r.out;
  r = duban("score set 2020-H1 龙潭镇 减贫成效 90 --note \"$(printf 'a\\033b')\"");
  EXPECT_NE(r.out.find("note: character 2 is the control character U+001B"), std::string::npos)
      << r.out;
  write_file(dir_ / "bad.csv",
             "单位,指标,分值,说明\n龙潭镇,减贫成效,90,好\n新民乡,减贫成效,80,\xff\n");
  r = duban("score import bad.csv --round 2020-H1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("bad.csv:3: column \"说明\": byte 1 (0xFF) is not valid UTF-8"),
            std::string::npos)
      << r.out;
  // In a workbook: the sheet and the cell. (XML allows DEL; duban does not.)
  python(R"(import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "评分"
ws.append(["单位", "指标", "分值", "说明"])
ws.append(["龙潭镇", "减贫成效", 91.5, "督查组\x7f实地核查"])
wb.save("s.xlsx")
)");
  r = duban("score import s.xlsx --round 2020-H1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("s.xlsx:2: column \"说明\" (sheet \"评分\" cell D2): character 4 is the "
                       "control character U+007F"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(data_snapshot(), before) << "nothing stored, nothing journaled";
}

TEST_F(Scoring, FullMarksInAHeaderMustBeTheModels) {
  // Sheets head columns "减贫成效(20分)": read as 减贫成效, and refused when the model scores it
  // out of another number (a value of 18 of 20 is not 18 of 100).
  write_file(dir_ / "marks.csv", "单位,减贫成效(20分),主体责任(100分)\n龙潭镇,18,90\n");
  auto r = duban("score import marks.csv --round 2020-H1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("marks.csv:2: 减贫成效 is scored out of 20 in the sheet but out of 100"),
            std::string::npos)
      << r.out;
  write_file(dir_ / "marks.csv", "单位,减贫成效(100分),主体责任(100分)\n龙潭镇,88,90\n");
  r = duban("score import marks.csv --round 2020-H1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(json("score show 2020-H1 --unit 龙潭镇").size(), 2u);
}

TEST_F(Scoring, ScoresAreFinalOnceStepSixIsCompleted) {
  import_all();
  open_step_six("2020-H1");
  ASSERT_EQ(duban("round publish 2020-H1").exit_code, 0);
  ASSERT_EQ(duban("step approve 2020-H1").exit_code, 0);
  ASSERT_EQ(duban("step complete 2020-H1 6").exit_code, 0);
  expect_refused("score set 2020-H1 龙潭镇 减贫成效 90", "invalid_transition");
  expect_refused("round publish 2020-H1", "invalid_transition");
  ASSERT_EQ(duban("step reopen 2020-H1 6 --reason 分数更正").exit_code, 0);
  EXPECT_EQ(duban("score set 2020-H1 龙潭镇 减贫成效 90").exit_code, 0);
}

}  // namespace
}  // namespace duban::testing
