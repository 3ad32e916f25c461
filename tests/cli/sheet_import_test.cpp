// Problem lists as county offices exchange them: a title row above the header, 序号, blank rows,
// extra columns, Chinese deadlines; the same sheet saved in GB18030 and as XLSX by an independent
// tool (Debian's python3-openpyxl), each imported to the same items.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

// The seed's layout (问题清单模板) as an office fills it in: a merged title, an empty row, 序号,
// 牵头单位 rather than 责任单位, the deadlines as written, and columns duban has no field for.
const char* kSheet =
    "2020年上半年脱贫攻坚问题整改清单,,,,,,,,,\n"
    ",,,,,,,,,\n"
    "序号,轮次,问题,具体表现,整改措施,牵头单位,责任人,整改时限,备注,完成情况\n"
    "1,2020-H1,贫困户识别不精准,个别村分户识别,逐户核查,龙潭镇,赵某七,2020年5月15日,重点,\n"
    "2,2020-H1,帮扶队伍配置不合理,一人帮多户,调整帮扶,龙潭镇,赵某七,5月15日前,,\n"
    ",,,,,,,,,\n"
    "3,2020-H1,产业带动不足,合作社带动弱,加大扶持,新民乡,杨某六,2020年6月底前,,已完成一半\n"
    "4,2020-H1,档案资料不全,资料缺失,立即补齐,新民乡,杨某六,立行立改,,\n"
    "5,2020-H1,长效机制不健全,机制缺位,建立机制,新民乡,杨某六,长期坚持,,\n"
    "6,,政策宣传不到位,群众知晓率低,入户宣传,龙潭镇,赵某七,年底前,,\n"
    "7,2020-H1,资金拨付滞后,拨付慢,加快拨付,龙潭镇,赵某七,2020/7/1,,\n"
    "8,2020-H1,项目进度偏慢,进度慢,倒排工期,龙潭镇,赵某七,2020.7.2,,\n";

class SheetImport : public DubanCli {
 protected:
  void SetUp() override { ASSERT_EQ(duban("init").exit_code, 0); }
  /// id → "title|unit|due|state|extra" of every item.
  std::map<int, std::string> items() {
    std::map<int, std::string> out;
    for (const auto& i : json("item list")) {
      auto shown = json("item show " + std::to_string(i["id"].get<int>()));
      std::string extra;
      for (const auto& e : shown["extra"]) {
        extra += e["name"].get<std::string>() + "=" + e["value"].get<std::string>() + ";";
      }
      out[i["id"].get<int>()] =
          shown["title"].get<std::string>() + "|" + shown["unit"].get<std::string>() + "|" +
          shown["due"].get<std::string>() + "|" + shown["state"].get<std::string>() + "|" + extra +
          (shown["standing"].get<bool>() ? "standing" : "");
    }
    return out;
  }
};

const std::map<int, std::string> kExpected = {
    {1, "贫困户识别不精准|longtan|2020-05-15|assigned|备注=重点;"},
    {2, "帮扶队伍配置不合理|longtan|2020-05-15|assigned|"},
    {3, "产业带动不足|xinmin|2020-06-30|assigned|完成情况=已完成一半;"},
    // 立行立改: 10 working days after the import day (Monday 2020-06-01).
    {4, "档案资料不全|xinmin|2020-06-15|assigned|"},
    {5, "长效机制不健全|xinmin||assigned|standing"},
    {6, "政策宣传不到位|longtan|2020-12-31|assigned|"},
    {7, "资金拨付滞后|longtan|2020-07-01|assigned|"},
    {8, "项目进度偏慢|longtan|2020-07-02|assigned|"}};

TEST_F(SheetImport, TheSeedLayoutWithTitleRowsSerialBlankRowsAndExtraColumnsImports) {
  write_file(dir_ / "list.csv", kSheet);
  // Row 10 has no round: 年底前 needs a year, and says how to give it.
  auto missing = duban("import list.csv --dry-run");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("list.csv:10: the due \"年底前\" has no year: fill in the round "
                             "column, or give --year"),
            std::string::npos)
      << missing.out;
  auto dry = duban("import list.csv --dry-run --year 2020");
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("file: list.csv (CSV, UTF-8)"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("header: row 3 (the rows above are titles, skipped)"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("extra columns (kept as extra fields): 备注, 完成情况"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("row 5: create transitions: assign state: assigned due: 5月15日前 → "
                         "2020-05-15 (the year from round 2020-H1)"),
            std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("row 7: create transitions: assign state: assigned due: 2020年6月底前 → "
                         "2020-06-30 (the last day of that month)"),
            std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("row 10: create transitions: assign state: assigned due: 年底前 → "
                         "2020-12-31 (the year from --year 2020)"),
            std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("check passed (nothing written): 8 rows, assigned: 8"), std::string::npos)
      << dry.out;
  EXPECT_EQ(sqlite("SELECT COUNT(*) FROM items"), "0\n");
  auto r = duban("import list.csv --year 2020");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(items(), kExpected);
  auto standing = json("item show 5");
  EXPECT_EQ(standing["report_due"], "2020-07-01");  // a month after the import
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(SheetImport, TheSameSheetSavedInGb18030IsDetectedConvertedAndSaysSo) {
  write_file(dir_ / "list.csv", kSheet);
  // Saved as Excel and WPS on Chinese Windows save "CSV (逗号分隔)".
  python(
      "open('gb.csv', 'wb').write(open('list.csv', encoding='utf-8').read()"
      ".encode('gb18030'))\n");
  ASSERT_NE(read_file(dir_ / "gb.csv"), kSheet);
  auto r = duban("import gb.csv --year 2020");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("read: CSV, GB18030 (detected, converted to UTF-8)"), std::string::npos)
      << r.out;
  EXPECT_EQ(items(), kExpected);
  // Forced to be read as UTF-8, it is refused where its bytes are not, and nothing is written.
  auto before = data_snapshot();
  auto forced = duban("import gb.csv --year 2020 --encoding utf-8");
  EXPECT_EQ(forced.exit_code, 1);
  EXPECT_NE(forced.out.find("no header in the first 20 rows (the columns 问题 and 责任单位 are "
                            "needed; read as CSV, UTF-8)"),
            std::string::npos)
      << forced.out;
  EXPECT_EQ(data_snapshot(), before);
  auto big5 = duban("import gb.csv --encoding big5");
  EXPECT_EQ(big5.exit_code, 1);
  EXPECT_NE(big5.out.find("--encoding must be utf-8 or gb18030: big5"), std::string::npos);
}

TEST_F(SheetImport, TheSameSheetAsXlsxWrittenByOpenpyxlImports) {
  write_file(dir_ / "list.csv", kSheet);
  // A workbook as an office makes it: a merged title cell, 序号 as numbers, a deadline typed as a
  // real date (a serial number with a Chinese date format) beside the ones written as text.
  python(R"(import csv, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '整改清单'
for row in csv.reader(open('list.csv', encoding='utf-8')):
    ws.append([int(c) if c.isdigit() else (c if c else None) for c in row])
ws.merge_cells('A1:J1')
ws['H4'] = datetime.date(2020, 5, 15)
ws['H4'].number_format = 'yyyy"年"m"月"d"日"'
wb.save('list.xlsx')
)");
  auto dry = duban("import list.xlsx --dry-run --year 2020");
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("file: list.xlsx (XLSX, sheet \"整改清单\")"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("header: row 3"), std::string::npos) << dry.out;
  ASSERT_EQ(duban("import list.xlsx --year 2020").exit_code, 0);
  EXPECT_EQ(items(), kExpected);
}

TEST_F(SheetImport, UnknownColumnsAreRefusedWithStrictAndOtherLayoutsAreMapped) {
  write_file(dir_ / "list.csv", kSheet);
  auto before = data_snapshot();
  auto strict = duban("import list.csv --year 2020 --strict");
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.out.find("list.csv:3: unknown column: 备注"), std::string::npos) << strict.out;
  EXPECT_NE(strict.out.find("list.csv:3: unknown column: 完成情况"), std::string::npos)
      << strict.out;
  EXPECT_EQ(data_snapshot(), before);
  // Another county's layout: its own names, mapped; the header named by its row.
  write_file(dir_ / "other.csv",
             "编制单位:县扶贫办,,\n"
             "问题清单,负责单位,完成期限\n"
             "问题一,龙潭镇,2020年8月底前\n");
  auto unmapped = duban("import other.csv");
  EXPECT_EQ(unmapped.exit_code, 1);
  EXPECT_NE(unmapped.out.find("no header in the first 20 rows"), std::string::npos) << unmapped.out;
  auto mapped = duban(
      "import other.csv --header-row 2 --map 问题清单=问题 --map 负责单位=责任单位 "
      "--map 完成期限=整改时限 --dry-run");
  ASSERT_EQ(mapped.exit_code, 0) << mapped.out;
  EXPECT_NE(mapped.out.find("column map: 负责单位 → 责任单位"), std::string::npos) << mapped.out;
  EXPECT_NE(mapped.out.find("due: 2020年8月底前 → 2020-08-31"), std::string::npos) << mapped.out;
  auto bad = duban("import other.csv --map 负责单位");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("--map 负责单位: write it as SHEET_COLUMN=FIELD"), std::string::npos)
      << bad.out;
}

// A workbook as other tools write it, made by hand with Python's zipfile: prefixed element names,
// inline strings, a relationship with an absolute target, rich text with a phonetic run and an
// entity in a shared string, the 1904 date system with a Chinese custom date format, a boolean and
// a formula's cached string.
TEST_F(SheetImport, AWorkbookAsOtherToolsWriteItReads) {
  python(R"PY(import zipfile
m = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
r = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
def istr(ref, t): return '<x:c r="%s" t="inlineStr"><x:is><x:t>%s</x:t></x:is></x:c>' % (ref, t)
parts = {
 'xl/workbook.xml': '<x:workbook %s xmlns:r="%s"><x:workbookPr date1904="1"/><x:sheets>'
   '<x:sheet name="清单" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>' % (m, r),
 'xl/_rels/workbook.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
   '2006/relationships"><Relationship Id="rId7" Type="%s/worksheet" '
   'Target="/xl/worksheets/sheet1.xml"/></Relationships>' % r,
 'xl/sharedStrings.xml': '<x:sst %s><x:si><x:r><x:t>贫困户</x:t></x:r><x:r><x:t '
   'xml:space="preserve">识别 &amp; 不精准</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ピン</x:t>'
   '</x:rPh></x:si><x:si><x:t>龙潭镇</x:t></x:si></x:sst>' % m,
 'xl/styles.xml': '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
   '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月'
   '&quot;d&quot;日&quot;"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/>'
   '</cellXfs></styleSheet>',
 'xl/worksheets/sheet1.xml': '<x:worksheet %s><x:sheetData><x:row r="1">' % m
   + istr('A1', '问题') + istr('B1', '责任单位') + istr('C1', '整改时限') + istr('D1', '已核实')
   + istr('E1', '金额') + '</x:row><x:row r="3"><x:c r="A3" t="s"><x:v>0</x:v></x:c>'
   '<x:c r="B3" t="s"><x:v>1</x:v></x:c><x:c r="C3" s="1"><x:v>42504</x:v></x:c>'
   '<x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3" t="str"><x:f>1/3</x:f>'
   '<x:v>0.333333333333333</x:v></x:c></x:row><x:row r="4">' + istr('A4', '资金拨付滞后')
   + '<x:c r="B4" t="s"><x:v>1</x:v></x:c><x:c r="C4"><x:v>12.5</x:v></x:c></x:row>'
   '</x:sheetData></x:worksheet>',
}
with zipfile.ZipFile('other.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for name, xml in parts.items():
        z.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + xml)
data = open('other.xlsx', 'rb').read()
open('cut.xlsx', 'wb').write(data[:len(data) // 2])
)PY");
  // A number where a deadline belongs is refused at its row, naming what it read.
  auto before = data_snapshot();
  auto bad = duban("import other.xlsx");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("other.xlsx:4: due is not a valid date (YYYY-MM-DD): 12.5"),
            std::string::npos)
      << bad.out;
  EXPECT_EQ(data_snapshot(), before);
  // Read fully: the first row's cells as the workbook holds them.
  python(R"PY(import zipfile
src = zipfile.ZipFile('other.xlsx')
with zipfile.ZipFile('fixed.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for n in src.namelist():
        d = src.read(n)
        if n.endswith('sheet1.xml'): d = d.replace(b'<x:c r="C4"><x:v>12.5</x:v></x:c>', b'')
        z.writestr(n, d)
)PY");
  auto dry = json("import fixed.xlsx --dry-run --strict --map 已核实=序号 --map 金额=状态");
  ASSERT_EQ(dry["plan"].size(), 2u) << dry.dump(2);
  EXPECT_EQ(dry["plan"][0]["line"], 3);
  EXPECT_EQ(dry["plan"][0]["action"], "create");
  EXPECT_EQ(dry["format"], "XLSX, sheet \"清单\"");
  ASSERT_EQ(duban("import fixed.xlsx").exit_code, 0);
  auto item = json("item show 1");
  EXPECT_EQ(item["title"], "贫困户识别 & 不精准");  // the phonetic run left out
  EXPECT_EQ(item["due"], "2020-05-15");             // serial 42504 in the 1904 system
  EXPECT_EQ(item["unit"], "longtan");
  ASSERT_EQ(item["extra"].size(), 2u);
  EXPECT_EQ(item["extra"][0]["value"], "TRUE");
  EXPECT_EQ(item["extra"][1]["value"], "0.333333333333333");
  // A workbook cut short is refused as damaged, and nothing is written.
  before = data_snapshot();
  auto cut = duban("import cut.xlsx");
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_NE(cut.out.find("cut.xlsx: the XLSX file is damaged"), std::string::npos) << cut.out;
  EXPECT_EQ(data_snapshot(), before);
}

}  // namespace
}  // namespace duban::testing
