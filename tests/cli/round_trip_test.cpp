// The round trip of a problem list: exported (CSV, GB18030 or XLSX), filled in by a township and
// imported again as updates of the same items through the item machine — journaled, all or
// nothing, a unit's user only for its own unit's rows.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class RoundTrip : public DubanCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(duban("init").exit_code, 0);
    auto demo = (source_dir() / "config" / "demo" / "items.csv").string();
    ASSERT_EQ(duban("import '" + demo + "'").exit_code, 0);  // 13 items, 4 assigned
  }
  /// Sets cells of an exported CSV: {编号, column, value}, written back as Excel writes UTF-8.
  void fill(const std::string& in, const std::string& out,
            const std::vector<std::tuple<int, std::string, std::string>>& cells) {
    std::string edits;
    for (const auto& [id, column, value] : cells) {
      edits += "  (" + std::to_string(id) + ", '" + column + "', '" + value + "'),\n";
    }
    python("import csv\nrows = list(csv.reader(open('" + in +
           "', encoding='utf-8-sig')))\nh = rows[0]\nfor id, col, value in [\n" + edits +
           "]:\n    for r in rows[1:]:\n        if r[0] == str(id): r[h.index(col)] = value\n"
           "csv.writer(open('" +
           out + "', 'w', encoding='utf-8-sig', newline='')).writerows(rows)\n");
  }
  std::string count(const std::string& table) { return sqlite("SELECT COUNT(*) FROM " + table); }
};

TEST_F(RoundTrip, AUnitFillsInItsExportAndItImportsAsUpdatesNotDuplicates) {
  ASSERT_EQ(duban("export --unit longtan --output lt.csv").exit_code, 0);
  fill("lt.csv", "filled.csv",
       {{1, "整改结果", "已逐户核查,完成整改"}, {2, "整改时限", "2020年7月31日"}});
  auto journal_before = std::stoi(count("journal"));
  auto dry = duban("import filled.csv --dry-run", "longtan");
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(
      dry.out.find("row 2: update #1 changes: 整改结果 transitions: rectify state: rectified"),
      std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("row 3: update #2 changes: 整改时限(延期申请) transitions: extend"),
            std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("row 4: unchanged #4"), std::string::npos) << dry.out;
  EXPECT_EQ(std::stoi(count("journal")), journal_before);
  auto r = duban("import filled.csv", "longtan");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("created 0, updated 2, unchanged 2"), std::string::npos) << r.out;
  EXPECT_EQ(count("items"), "13\n");
  auto one = json("item show 1");
  EXPECT_EQ(one["state"], "rectified");
  EXPECT_EQ(one["result"], "已逐户核查,完成整改");
  EXPECT_EQ(one["rectified_by"], "longtan");
  auto two = json("item show 2");
  EXPECT_EQ(two["due"], "2020-05-15") << "a unit's new date is a request, not a change";
  EXPECT_EQ(two["extension_request"]["due"], "2020-07-31");
  EXPECT_EQ(two["extension_request"]["by"], "longtan");
  // Each transition is its own journal entry, by the unit's user, naming the file and row.
  EXPECT_EQ(std::stoi(count("journal")), journal_before + 2);
  EXPECT_EQ(sqlite("SELECT event || ' ' || actor || ' ' || reason FROM journal WHERE subject = "
                   "'item:1' ORDER BY seq DESC LIMIT 1"),
            "rectify longtan 导入 filled.csv:2\n");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
  // The same file again changes nothing: the result is there, the extension already asked for.
  auto again = duban("import filled.csv", "longtan");
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("created 0, updated 0, unchanged 4"), std::string::npos) << again.out;
  EXPECT_EQ(std::stoi(count("journal")), journal_before + 2);
}

TEST_F(RoundTrip, AUnitImportingAnotherUnitsRowIsRefusedAndNothingIsWritten) {
  ASSERT_EQ(duban("export --output all.csv").exit_code, 0);  // every unit's rows
  fill("all.csv", "filled.csv", {{1, "整改结果", "已整改"}});
  auto before = data_snapshot();
  auto r = duban("import filled.csv", "longtan");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("filled.csv:4: no item 3 of yours exists"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("filled.csv:2:"), std::string::npos) << "its own rows are fine";
  EXPECT_EQ(data_snapshot(), before);
  // Rows without 编号 are new problems: the leading group's to import.
  write_file(dir_ / "new.csv", "问题,责任单位\n新问题,龙潭镇\n");
  auto fresh = duban("import new.csv", "longtan");
  EXPECT_EQ(fresh.exit_code, 1);
  EXPECT_NE(fresh.out.find("[permission_denied]"), std::string::npos) << fresh.out;
  EXPECT_EQ(data_snapshot(), before);
}

TEST_F(RoundTrip, TheLeadingGroupChangesADeadlineThroughReassignment) {
  ASSERT_EQ(duban("export --output all.csv").exit_code, 0);
  fill("all.csv", "filled.csv", {{1, "整改时限", "2020/8/31"}});
  auto r = duban("import filled.csv");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("created 0, updated 1, unchanged 12"), std::string::npos) << r.out;
  auto one = json("item show 1");
  EXPECT_EQ(one["due"], "2020-08-31");
  ASSERT_FALSE(one["deadline_history"].empty());
  auto last = one["deadline_history"].back();
  EXPECT_EQ(last["event"], "reassign");
  EXPECT_EQ(last["due_before"], "2020-05-15");
  EXPECT_EQ(last["due_after"], "2020-08-31");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(RoundTrip, ASheetWithBadRowsWritesNothingAndNamesEachRow) {
  ASSERT_EQ(duban("export --output all.csv").exit_code, 0);
  fill("all.csv", "filled.csv",
       {{1, "问题", "改过的问题"},        // what describes the problem is not imported
        {2, "编号", "abc"},               // not an item number
        {4, "编号", "5"},                 // a wrong 编号: another item's, which it does not match
        {6, "整改结果", "已整改"},        // the leading group does not rectify
        {7, "整改时限", "2020-02-30"}});  // no such day
  auto before = data_snapshot();
  auto r = duban("import filled.csv");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("filled.csv has 7 error(s); nothing was imported"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("filled.csv:5: \"问题\" differs from item 5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("filled.csv:5: \"具体表现\" differs from item 5"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("filled.csv:2: \"问题\" differs from item 1: an import does not change what "
                       "describes the problem"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("filled.csv:3: invalid id (编号): abc"), std::string::npos) << r.out;
  // ... and the row that really is item 5 comes after it.
  EXPECT_NE(r.out.find("filled.csv:6: id 5 appears on an earlier row too"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("filled.csv:7: rectify: user office is not a member of unit"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("filled.csv:8: due is not a valid date (YYYY-MM-DD): 2020-02-30"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(data_snapshot(), before);
}

TEST_F(RoundTrip, AnXlsxExportReadsInOpenpyxlAndComesBackFilledIn) {
  auto r = duban("export --unit longtan --output lt.xlsx");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Read by an independent tool: headers, the deadline a real date, 编号 a number, Chinese text
  // intact, the header row frozen; then filled in there and saved.
  python(R"(import datetime, openpyxl
wb = openpyxl.load_workbook('lt.xlsx')
ws = wb.active
assert ws.title == '问题清单', ws.title
head = [c.value for c in ws[1]]
assert head[:12] == ['编号', '轮次', '来源', '类别', '问题', '具体表现', '整改措施', '责任单位',
                     '责任人', '整改时限', '整改结果', '状态'], head
assert ws.freeze_panes == 'A2', ws.freeze_panes
row = [c.value for c in ws[2]]
assert row[0] == 1, row[0]
assert isinstance(row[9], datetime.datetime) and row[9].date() == datetime.date(2020, 5, 15), row[9]
assert row[7] == '龙潭镇' and row[11] == '已交办', row
assert row[4].startswith('未严格按照相关政策识别'), row[4]
ws.cell(row=2, column=11, value='已逐户核查,完成整改')
wb.save('filled.xlsx')
)");
  auto back = duban("import filled.xlsx", "longtan");
  ASSERT_EQ(back.exit_code, 0) << back.out;
  EXPECT_NE(back.out.find("updated 1, unchanged 3"), std::string::npos) << back.out;
  EXPECT_EQ(json("item show 1")["state"], "rectified");
  EXPECT_EQ(count("items"), "13\n");
}

TEST_F(RoundTrip, AGb18030ExportIsWhatOlderExcelReadsAndImportsBackUnchanged) {
  ASSERT_EQ(duban("export --encoding gb18030 --output gb.csv").exit_code, 0);
  auto bytes = read_file(dir_ / "gb.csv");
  EXPECT_NE(bytes.rfind("\xEF\xBB\xBF", 0), 0u) << "no UTF-8 BOM";
  python(
      "t = open('gb.csv', 'rb').read().decode('gb18030')\n"
      "assert t.startswith('编号,轮次,来源'), t[:20]\nassert '龙潭镇' in t\n");
  auto r = duban("import gb.csv");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("read: CSV, GB18030 (detected, converted to UTF-8)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("created 0, updated 0, unchanged 13"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace duban::testing
