// Text at the boundary: invalid UTF-8, control characters and white space alone are
// refused naming the field, nothing is written; what was stored before cannot harm a terminal.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

/// `bytes` as one shell word, every byte written in octal through printf (popen's sh is dash,
/// which has no $'...'), so that any byte reaches duban's argv as it is.
std::string arg(const std::string& bytes) {
  std::string out = "\"$(printf '";
  for (unsigned char c : bytes) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\%03o", c);
    out += buf;
  }
  return out + "')\"";
}

class TextInputCli : public DubanCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(duban("init").exit_code, 0);
    ASSERT_EQ(duban("item add --title 已有问题 --unit longtan").exit_code, 0);
  }
  /// Runs `args`, expects exit 1 with `code` and `message`, and the database byte for byte as it
  /// was before.
  void expect_refused_unchanged(const std::string& args, const std::string& code,
                                const std::string& message, const std::string& actor = "office") {
    auto before = data_snapshot();
    auto denials = std::stoi(denial_count());
    auto r = duban(args, actor);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("[" + code + "]"), std::string::npos) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << args << "\n" << r.out;
    EXPECT_EQ(data_snapshot(), before) << args;
    EXPECT_EQ(std::stoi(denial_count()), denials + 1) << "the refusal is in the security log";
  }
};

TEST_F(TextInputCli, InvalidUtf8AndControlCharactersAreRefusedNamingTheField) {
  expect_refused_unchanged("item add --title " +
                               arg("bad\xff"
                                   "utf") +
                               " --unit longtan",
                           "invalid_text", "title: byte 4 (0xFF) is not valid UTF-8");
  expect_refused_unchanged("item add --title " + arg("esc\x1b[31mred") + " --unit longtan",
                           "invalid_text", "title: character 4 is the control character U+001B");
  expect_refused_unchanged("item add --title ok --manifestation " +
                               arg("a\xc0\x80"
                                   "b") +
                               " --unit longtan",
                           "invalid_text", "manifestation: byte 2 (0xC0) is not valid UTF-8");
  expect_refused_unchanged(
      "item assign 1 --owner " + arg("\x7f") + " --due 2020-06-30 --measures m", "invalid_text",
      "owner: character 1 is the control character U+007F");
  expect_refused_unchanged("problem add 2020-H1 --unit longtan --title " + arg("t\x85"),
                           "invalid_text", "title: byte 2 (0x85) is not valid UTF-8", "evaluator");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(TextInputCli, WhiteSpaceAloneIsEmpty) {
  expect_refused_unchanged("item add --title '  ' --unit longtan", "missing_field", "--title");
  // U+3000, the ideographic space of Chinese input methods, is white space too.
  expect_refused_unchanged("item add --title " + arg("\u3000\t") + " --unit longtan",
                           "missing_field", "--title");
  ASSERT_EQ(duban("item assign 1 --owner 赵某 --due 2020-06-30 --measures 核查").exit_code, 0);
  ASSERT_EQ(duban("item rectify 1 --result 已整改", "longtan").exit_code, 0);
  expect_refused_unchanged("item reject 1 --reason '   '", "reason_required", "reason",
                           "inspector");
  ASSERT_EQ(duban("item reject 1 --reason " + arg("\u3000佐证不足 "), "inspector").exit_code, 0);
  auto journal = json("item journal 1");
  EXPECT_EQ(journal.back()["reason"], "佐证不足") << "stored without the white space around it";
}

TEST_F(TextInputCli, ACsvCellThatIsNotUtf8IsRefusedAtItsLineAndColumn) {
  write_file(dir_ / "bad.csv", "问题,责任单位\n好的问题,龙潭镇\n\xFF\xFE问题,龙潭镇\n");
  expect_refused_unchanged("import bad.csv", "import_invalid",
                           "bad.csv:3: column \"问题\": byte 1 (0xFF) is not valid UTF-8");
  write_file(dir_ / "ctl.csv", "问题,责任单位\n\"a\x1b]0;title\x07\",龙潭镇\n");
  expect_refused_unchanged("import ctl.csv", "import_invalid",
                           "ctl.csv:2: column \"问题\": character 2 is the control character "
                           "U+001B");
}

TEST_F(TextInputCli, AWorkbookCellThatCannotBeStoredIsNamedBySheetAndCell) {
  python(R"(import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "问题清单"
ws.append(["问题", "责任单位"])
ws.append(["好的问题", "龙潭镇"])
ws.append(["坏\x7f问题", "龙潭镇"])
wb.save("bad.xlsx")
)");
  expect_refused_unchanged("import bad.xlsx", "import_invalid",
                           "bad.xlsx:3: column \"问题\" (sheet \"问题清单\" cell A3): character 2 "
                           "is the control character U+007F");
  // Bytes that are not UTF-8 inside the sheet's XML: the XML does not parse, and the error says
  // in which cell (or which shared string) the parser stopped.
  python(R"(import openpyxl, re, zipfile
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "问题清单"
ws.append(["问题", "责任单位", "整改时限"])
ws.append(["好的问题", "龙潭镇", 5])
wb.save("ok.xlsx")
def rewrite(name, part, old, new):
    with zipfile.ZipFile("ok.xlsx") as src, zipfile.ZipFile(name, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                assert old in data
                data = data.replace(old, new)
            out.writestr(item, data)
rewrite("cell.xlsx", "xl/worksheets/sheet1.xml", b"<v>5</v>", b"<v>5\xff</v>")
# B2 as a shared string, the shared strings part holding a byte that is not UTF-8
with zipfile.ZipFile("ok.xlsx") as src, zipfile.ZipFile("shared.xlsx", "w") as out:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            data = re.sub(rb'<c r="B2" t="inlineStr">.*?</c>', b'<c r="B2" t="s"><v>1</v></c>', data)
        out.writestr(item, data)
    out.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                 b'spreadsheetml/2006/main"><si><t>a</t></si><si><t>\xe9\xbe\x99\xff</t></si></sst>')
)");
  expect_refused_unchanged("import cell.xlsx", "import_invalid",
                           "(not well-formed (invalid token)), in sheet \"问题清单\" cell C2");
  expect_refused_unchanged("import shared.xlsx", "import_invalid",
                           ", in shared string 1 (the text of the cells that refer to it)");
}

TEST_F(TextInputCli, TextStoredBeforeTheChecksIsShownHarmlessly) {
  if (on_postgresql()) {
    // A UTF-8 PostgreSQL database refuses a byte that is not UTF-8: ESC and BEL are what can be
    // written there by hand.
    sqlite("UPDATE items SET title = 'x' || chr(27) || '[31mred' || chr(7) WHERE id = 1");
    auto shown = duban("item show 1");
    EXPECT_NE(shown.out.find("x\\x1B[31mred\\x07"), std::string::npos) << shown.out;
    EXPECT_EQ(shown.out.find('\x1b'), std::string::npos);
    auto listed = duban("item list --json");
    EXPECT_NE(listed.out.find("x\\u001b[31mred\\u0007"), std::string::npos) << listed.out;
    auto refused = database_.shell(
        "UPDATE items SET title = convert_from(decode('ff', 'hex'),"
        " 'UTF8')");
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.out.find("invalid byte sequence"), std::string::npos) << refused.out;
    return;
  }
  // A row written by hand (or before this version): ESC, BEL and a byte that is not UTF-8.
  sqlite(
      "UPDATE items SET title = 'x' || char(27) || '[31mred' || char(7) || "
      "CAST(x'ff' AS TEXT) WHERE id = 1");
  auto shown = duban("item show 1");
  EXPECT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_NE(shown.out.find("x\\x1B[31mred\\x07\xEF\xBF\xBD"), std::string::npos) << shown.out;
  EXPECT_EQ(shown.out.find('\x1b'), std::string::npos);
  auto listed = duban("item list --json");
  EXPECT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("x\\u001b[31mred\\u0007\xEF\xBF\xBD"), std::string::npos) << listed.out;
}

}  // namespace
}  // namespace duban::testing
