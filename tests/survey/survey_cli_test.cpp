// The roster and the sample through the real `duban` command: an ID number never reaches the
// database, the journal, the command's output or an export whole; bad rows are named by line and
// column; `survey sample --verify` exits non-zero when the roster changed.
#include <fstream>
#include <iterator>

#include "support/cli_fixture.hpp"
#include "survey/roster_data.hpp"

namespace duban::testing {
namespace {

class SurveyCli : public DubanCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(duban("init").exit_code, 0);
    ASSERT_EQ(duban("round start 2026-H1").exit_code, 0);
    roster_ = test_roster();
    write_file(dir_ / "villages.csv", roster_.villages_csv);
    write_file(dir_ / "households.csv", roster_.households_csv);
  }
  // Every ID number of the roster found in `text`.
  std::vector<std::string> ids_in(const std::string& text) {
    std::vector<std::string> found;
    for (const auto& id : roster_.id_numbers)
      if (text.find(id) != std::string::npos) found.push_back(id);
    return found;
  }
  TestRoster roster_;
};

TEST_F(SurveyCli, NoWholeIdNumberReachesTheDatabaseTheOutputOrAnExport) {
  std::string said;
  for (const char* args :
       {"roster import villages.csv --round 2026-H1",
        "roster import households.csv --round 2026-H1 --dry-run",
        "roster import households.csv --round 2026-H1",
        "roster import households.csv --round 2026-H1 --json",
        "survey sample --round 2026-H1 --seed 1", "survey sample show --round 2026-H1 --json",
        "survey sample show --round 2026-H1 --xlsx sample.xlsx", "audit verify"}) {
    auto r = duban(args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out;
    said += r.out;
  }
  EXPECT_NE(said.find("**************"), std::string::npos) << "IDs are shown masked";
  EXPECT_EQ(ids_in(said), std::vector<std::string>{});
  // Every row of every table, the journal's included.
  auto rows = data_snapshot();
  EXPECT_NE(rows.find("roster_households"), std::string::npos);
  EXPECT_EQ(ids_in(rows), std::vector<std::string>{});
  // The database's files byte by byte (free pages and the write-ahead log too).
  if (!on_postgresql()) {
    std::string bytes;
    for (const char* name : {"var/duban.db", "var/duban.db-wal"}) {
      std::ifstream in(dir_ / name, std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), {});
    }
    ASSERT_GT(bytes.size(), 100000u);
    EXPECT_EQ(ids_in(bytes), std::vector<std::string>{});
    // What is there instead: the last four characters of one.
    EXPECT_NE(bytes.find(roster_.id_numbers[0].substr(14)), std::string::npos);
  }
  // The XLSX export, cell by cell, read by another program (openpyxl).
  python(
      "import openpyxl\n"
      "wb = openpyxl.load_workbook('sample.xlsx')\n"
      "with open('cells.txt', 'w') as out:\n"
      "    for ws in wb.worksheets:\n"
      "        for row in ws.iter_rows(values_only=True):\n"
      "            out.write('\\t'.join('' if v is None else str(v) for v in row) + '\\n')\n");
  auto cells = read_file(dir_ / "cells.txt");
  EXPECT_NE(cells.find("**************"), std::string::npos) << cells.substr(0, 500);
  EXPECT_EQ(ids_in(cells), std::vector<std::string>{});
  // The key the hashes are made with is outside the database, readable by its owner only.
  auto key = dir_ / "var" / "id-number.key";
  ASSERT_TRUE(std::filesystem::exists(key));
  EXPECT_EQ(std::filesystem::status(key).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(SurveyCli, BadRowsAreNamedByLineAndColumnAndNothingIsImported) {
  ASSERT_EQ(duban("roster import villages.csv --round 2026-H1").exit_code, 0);
  auto good = roster_.id_numbers[3];
  auto bad_check = good.substr(0, 17) + (good[17] == '1' ? '2' : '1');
  write_file(dir_ / "bad.csv",
             "户编号,乡镇,村,户主姓名,身份证号,人口数,户类型,边缘户,监测户,标签\n"
             "x-1,龙潭镇,一村,张三," +
                 roster_.id_numbers[0] +
                 ",3,贫困户,否,否,\n"
                 "x-2,龙潭真,一村,李四," +
                 roster_.id_numbers[1] +
                 ",3,贫困户,否,否,\n"  // line 3
                 "x-3,龙潭镇,一村,王五," +
                 bad_check +
                 ",3,脱贫户,否,否,\n"  // line 4
                 "x-4,龙潭镇,一村,赵六," +
                 roster_.id_numbers[2] +
                 ",0,外星户,也许,否,\n"  // line 5
                 "x-5,龙潭镇,一村,钱七," +
                 roster_.id_numbers[4] +
                 ",2,脱贫户,否,否,危楼\n"  // line 6
                 "x-1,龙潭镇,一村,孙八," +
                 roster_.id_numbers[5] + ",2,脱贫户,否,否,\n");  // line 7
  auto before = data_snapshot();
  auto r = duban("roster import bad.csv --round 2026-H1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[import_invalid]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.csv:3: column \"乡镇\": unknown unit: 龙潭真"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bad.csv:4: column \"身份证号\": the ID number's check character does not "
                       "match"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bad.csv:5: column \"人口数\" must be a whole number of at least 1: 0"),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find("bad.csv:5: column \"户类型\" must be 贫困户, 脱贫户 or 非建档立卡户: 外星户"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bad.csv:5: column \"边缘户\" must be 是 (yes) or 否 (no): 也许"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bad.csv:6: column \"标签\" holds an unknown mark \"危楼\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bad.csv:7: household number x-1 is listed more than once"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(bad_check), std::string::npos) << "the number is never echoed";
  EXPECT_EQ(ids_in(r.out), std::vector<std::string>{});
  EXPECT_EQ(data_snapshot(), before);
}

// A workbook as an office keeps it: a title row, numbers as numbers, and one ID number typed into
// Excel as a number (kept as a double: scientific notation, its last digits gone).
TEST_F(SurveyCli, AnXlsxRosterImportsAndAnIdNumberExcelTurnedIntoANumberIsNamed) {
  ASSERT_EQ(duban("roster import villages.csv --round 2026-H1").exit_code, 0);
  python(
      "import csv, openpyxl\n"
      "wb = openpyxl.Workbook()\n"
      "ws = wb.active\n"
      "ws.title = '农户'\n"
      "ws.append(['示范县农户花名册'])\n"
      "rows = list(csv.reader(open('households.csv', encoding='utf-8')))\n"
      "ws.append(rows[0])\n"
      "for r in rows[1:]:\n"
      "    r[5] = int(r[5])\n"
      "    ws.append(r)\n"
      "wb.save('good.xlsx')\n"
      "ws.cell(row=4, column=5).value = float(rows[2][4])\n"
      "wb.save('bad.xlsx')\n");
  auto bad = duban("roster import bad.xlsx --round 2026-H1");
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.out.find("bad.xlsx:4: column \"身份证号\" (sheet \"农户\" cell E4): the ID number "
                         "was stored as a number (scientific notation), its last digits lost"),
            std::string::npos)
      << bad.out.substr(0, 2000);
  auto good = json("roster import good.xlsx --round 2026-H1");
  EXPECT_EQ(good["header_line"], 2);
  EXPECT_EQ(good["households"], static_cast<int>(roster_.id_numbers.size()));
  // The same roster as the CSV: the same digest.
  auto csv = json("roster import households.csv --round 2026-H1");
  EXPECT_EQ(csv["added"], 0);
  EXPECT_EQ(csv["digest"], good["digest"]);
}

TEST_F(SurveyCli, VerifyExitsNonZeroNamingWhatChangedSinceTheDraw) {
  ASSERT_EQ(duban("roster import villages.csv --round 2026-H1").exit_code, 0);
  ASSERT_EQ(duban("roster import households.csv --round 2026-H1").exit_code, 0);
  auto drawn = json("survey sample --round 2026-H1 --seed 2020");
  EXPECT_EQ(drawn["seed"], "2020");
  EXPECT_EQ(drawn["villages"].size(), 28u);
  auto ok = duban("survey sample --round 2026-H1 --verify", "evaluator");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("verified"), std::string::npos) << ok.out;
  // A village's population is corrected after the draw.
  auto villages = roster_.villages_csv;
  villages.replace(villages.find("一村,脱贫村,900,0"), std::string("一村,脱贫村,900,0").size(),
                   "一村,脱贫村,901,0");
  write_file(dir_ / "villages2.csv", villages);
  ASSERT_EQ(duban("roster import villages2.csv --round 2026-H1").exit_code, 0);
  auto changed = duban("survey sample --round 2026-H1 --verify");
  EXPECT_EQ(changed.exit_code, 1) << changed.out;
  EXPECT_NE(
      changed.out.find("the roster changed: digest " + drawn["roster_digest"].get<std::string>()),
      std::string::npos)
      << changed.out;
}

TEST_F(SurveyCli, AuditVerifyFindsARosterOrSampleChangedInTheDatabaseAlone) {
  ASSERT_EQ(duban("roster import villages.csv --round 2026-H1").exit_code, 0);
  ASSERT_EQ(duban("roster import households.csv --round 2026-H1").exit_code, 0);
  ASSERT_EQ(duban("survey sample --round 2026-H1 --seed 5").exit_code, 0);
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  // A 非建档立卡户 made a 贫困户 behind duban's back: the roster no longer has its digest.
  sqlite("UPDATE roster_households SET kind = 'poor' WHERE number = 'longtan-2-30'");
  auto r = duban("audit verify");
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("roster:2026-H1: digest is"), std::string::npos) << r.out;
  sqlite("UPDATE roster_households SET kind = 'unregistered' WHERE number = 'longtan-2-30'");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  // Another seed written into the sample's row.
  sqlite("UPDATE survey_samples SET seed = '6'");
  r = duban("audit verify");
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("sample:2026-H1: seed is"), std::string::npos) << r.out;
}

TEST_F(SurveyCli, TheScheduleIsAPrintableWorkbookPerGroupAndAuditChecksIt) {
  ASSERT_EQ(duban("roster import villages.csv --round 2026-H1").exit_code, 0);
  ASSERT_EQ(duban("roster import households.csv --round 2026-H1").exit_code, 0);
  ASSERT_EQ(duban("survey sample --round 2026-H1 --seed 9").exit_code, 0);
  auto g = duban("survey group --round 2026-H1 --group 1 --members evaluator、inspector");
  ASSERT_EQ(g.exit_code, 0) << g.out;
  EXPECT_NE(g.out.find("group 1: leader evaluator, members evaluator, inspector"),
            std::string::npos)
      << g.out;
  auto made = duban("survey schedule --round 2026-H1 --start 2026-09-30");
  ASSERT_EQ(made.exit_code, 0) << made.out;
  EXPECT_NE(made.out.find("2026-09-30 to 2026-10-09"), std::string::npos) << made.out;
  ASSERT_EQ(
      duban("survey schedule show --round 2026-H1 --xlsx schedule.xlsx", "evaluator").exit_code, 0);
  python(
      "import openpyxl\n"
      "wb = openpyxl.load_workbook('schedule.xlsx')\n"
      "with open('sheets.txt', 'w') as out:\n"
      "    for ws in wb.worksheets:\n"
      "        rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] is not None]\n"
      "        out.write(ws.title + '\\t' + str(len(rows)) + '\\t' + str(ws.cell(1, 1).value) + "
      "'\\n')\n");
  auto sheets = read_file(dir_ / "sheets.txt");
  EXPECT_NE(sheets.find("总表\t28\t"), std::string::npos) << sheets;
  EXPECT_NE(sheets.find("第1组\t"), std::string::npos) << sheets;
  EXPECT_NE(sheets.find("组长 evaluator"), std::string::npos) << sheets;
  EXPECT_NE(sheets.find("第5组\t"), std::string::npos) << sheets;
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  sqlite("UPDATE survey_schedules SET start_date = '2026-09-29'");
  auto r = duban("audit verify");
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("schedule:2026-H1: start is"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace duban::testing
