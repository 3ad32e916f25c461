// CSV import and export of the problem list, all or nothing, on a real SQLite file.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class ImportCli : public DubanCli {
 protected:
  void SetUp() override { ASSERT_EQ(duban("init").exit_code, 0); }
  std::string count(const std::string& table) { return sqlite("SELECT COUNT(*) FROM " + table); }
};

TEST_F(ImportCli, TheSeedProblemListImports) {
  auto demo = (source_dir() / "config" / "demo" / "items.csv").string();
  auto r = duban("import '" + demo + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("imported 13 items, assigned: 4"), std::string::npos) << r.out;
  auto items = json("item list");
  ASSERT_EQ(items.size(), 13u);
  int national = 0, provincial = 0, self = 0;
  for (const auto& i : items) {
    national += i["source"] == "national";
    provincial += i["source"] == "provincial";
    self += i["source"] == "self_inspection";
  }
  EXPECT_EQ(national, 8);
  EXPECT_EQ(provincial, 3);
  EXPECT_EQ(self, 2);
  EXPECT_EQ(items[0]["unit"], "longtan");
  EXPECT_EQ(items[0]["state"], "assigned");
  EXPECT_EQ(items[0]["due"], "2020-05-15");
  EXPECT_EQ(count("journal"), "13\n");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(ImportCli, ABadFileWritesNothingAndListsEveryBadLine) {
  write_file(dir_ / "bad.csv",
             "问题,责任单位,整改时限,来源\n"
             "好的问题,龙潭镇,2020-06-30,国家\n"
             ",龙潭镇,2020-06-30,国家\n"                    // line 3: empty problem
             "问题三,龙潭真,2020-06-30,省级\n"              // line 4: unknown unit (typo)
             "\"问题四\n跨两行\",新民乡,2020-02-30,县级\n"  // line 5-6: bad date
             "问题五,新民乡,2020-06-30,外星\n");            // line 7: bad source
  auto before = count("items");
  auto r = duban("import bad.csv");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[import_invalid]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.csv has 4 error(s); nothing was imported"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.csv:3: the problem (title) is empty"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.csv:4: unknown unit: 龙潭真 (did you mean 龙潭镇?)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bad.csv:5: due is not a valid date (YYYY-MM-DD): 2020-02-30"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bad.csv:7: invalid source: 外星"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("bad.csv:2:"), std::string::npos) << "the good line is not reported";
  EXPECT_EQ(count("items"), before);
  EXPECT_EQ(count("journal"), "0\n");
}

TEST_F(ImportCli, MissingAndUnknownColumnsAreReported) {
  write_file(dir_ / "cols.csv", "问题,单位名称\n问题一,龙潭镇\n");
  auto r = duban("import cols.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("cols.csv:1: unknown column: 单位名称"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cols.csv:1: missing column: unit"), std::string::npos) << r.out;
}

TEST_F(ImportCli, DryRunChecksAndWritesNothing) {
  write_file(dir_ / "ok.csv", "\xEF\xBB\xBF问题,责任单位\n问题一,longtan\n问题二,县教育局\n");
  auto r = duban("import ok.csv --dry-run");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("check passed (nothing written): 2 rows"), std::string::npos) << r.out;
  EXPECT_EQ(count("items"), "0\n");
  EXPECT_EQ(duban("import ok.csv", "longtan").exit_code, 1) << "only the leading group imports";
  EXPECT_EQ(duban("import ok.csv").exit_code, 0);
  EXPECT_EQ(count("items"), "2\n");
}

TEST_F(ImportCli, ExportWritesTheSameHeadersAndReadsBack) {
  auto demo = (source_dir() / "config" / "demo" / "items.csv").string();
  ASSERT_EQ(duban("import '" + demo + "'").exit_code, 0);
  auto r = duban("export --output out.csv");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto text = read_file(dir_ / "out.csv");
  EXPECT_EQ(text.rfind("\xEF\xBB\xBF编号,轮次,来源,类别,问题,具体表现,整改措施,责任单位,责任人,"
                       "整改时限,整改结果,状态\r\n",
                       0),
            0u);
  EXPECT_NE(text.find("龙潭镇,赵某七,2020-05-15,,已交办"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out.csv.part"));
  // What was exported imports again, as new items when its 编号 is read as a mere serial number
  // (rows with 编号 update their items instead: RoundTrip tests).
  auto again = duban("import out.csv --map 编号=序号");
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_EQ(count("items"), "26\n");
}

TEST_F(ImportCli, MalformedFilesAreRefusedAtTheirLineAndWriteNothing) {
  auto refused = [&](const std::string& name, const std::string& text, const std::string& message) {
    write_file(dir_ / name, text);
    auto before = data_snapshot();
    auto r = duban("import " + name);
    EXPECT_EQ(r.exit_code, 1) << name << "\n" << r.out;
    EXPECT_NE(r.out.find("[import_invalid]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << name << "\n" << r.out;
    EXPECT_EQ(data_snapshot(), before) << name;
  };
  refused("dup.csv", "问题,责任单位,牵头单位\n问题,龙潭镇,新民乡\n",
          "dup.csv:1: column \"牵头单位\" repeats column 2 \"责任单位\"");
  refused("same.csv", "问题,责任单位,问题\n问题,龙潭镇,另一个\n",
          "same.csv:1: column \"问题\" repeats column 1 \"问题\"");
  refused("header.csv", "问题,责任单位\n\n",
          "header.csv: a header and no rows; nothing was imported");
  refused("stray.csv", "问题,责任单位\n好,龙潭镇\nab\"c,d\"e\n",
          "stray.csv:3: a quote inside an unquoted field");
  refused("after.csv", "问题,责任单位\n\"好\"的,龙潭镇\n",
          "after.csv:2: text after a closing quote");
  // A sparse file of 2 GiB: refused by its size before a byte is read.
  ASSERT_EQ(run_command("truncate -s 2G '" + (dir_ / "huge.csv").string() + "'").exit_code, 0);
  auto huge = duban("import huge.csv");
  EXPECT_EQ(huge.exit_code, 1) << huge.out;
  EXPECT_NE(huge.out.find("huge.csv: 2147483648 bytes, more than the limit of 1024 MiB; nothing "
                          "was imported"),
            std::string::npos)
      << huge.out;
  auto zero = duban("import /dev/zero");
  EXPECT_EQ(zero.exit_code, 1) << zero.out;
  EXPECT_NE(zero.out.find("/dev/zero:1: a field exceeds the length limit; nothing was imported"),
            std::string::npos)
      << zero.out;
  EXPECT_EQ(count("items"), "0\n");
}

}  // namespace
}  // namespace duban::testing
