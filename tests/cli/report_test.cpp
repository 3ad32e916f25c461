// 综合评定报告: the XLSX read by an independent reader (openpyxl), its native charts, and the
// standalone HTML with inline SVG charts and nothing fetched from elsewhere.
#include "support/cli_fixture.hpp"
#include "support/demo_scores.hpp"

namespace duban::testing {
namespace {

class Report : public DubanCli {
 protected:
  void SetUp() override {
    now_ = "2020-07-20T09:00";
    ASSERT_EQ(duban("init").exit_code, 0);
    ASSERT_EQ(duban("round start 2020-H1").exit_code, 0);
    import_demo_scores("2020-H1");
    ASSERT_EQ(duban("problem add 2020-H1 --unit 红岩镇 --title 档案资料不全 --category 精准识别",
                    "evaluator")
                  .exit_code,
              0);
    open_step_six("2020-H1");
    ASSERT_EQ(duban("round publish 2020-H1").exit_code, 0);
  }
};

TEST_F(Report, TheXlsxReadsBackWithItsSheetsHeadersNumbersAndCharts) {
  auto r = duban("report 2020-H1 --output r.xlsx");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  python(R"py(import openpyxl, zipfile
wb = openpyxl.load_workbook("r.xlsx")
assert wb.sheetnames == ["基本情况", "排名", "指标分析-乡镇", "指标分析-县直单位", "存在问题", "处理建议", "反馈"], wb.sheetnames
ws = wb["排名"]
assert [c.value for c in ws[1]] == ["类别", "名次", "单位", "总分", "等次", "加权得分", "加分", "上次名次", "名次变化", "说明"], [c.value for c in ws[1]]
assert ws.freeze_panes == "A2", ws.freeze_panes
rows = {row[2]: row for row in ws.iter_rows(min_row=2, values_only=True)}
assert rows["龙潭镇"][1] == 1 and abs(rows["龙潭镇"][3] - 92.4) < 1e-9, rows["龙潭镇"]
assert abs(rows["龙潭镇"][5] - 87.4) < 1e-9 and rows["龙潭镇"][6] == 5, rows["龙潭镇"]
assert rows["红岩镇"][1] == 11 and rows["红岩镇"][4] == "C", rows["红岩镇"]
assert rows["县卫生健康委员会"][1] == 8 and rows["县卫生健康委员会"][4] == "D"
assert abs(rows["县教育局"][3] - 85.67) < 1e-9
ind = wb["指标分析-乡镇"]
header = [c.value for c in ind[1]]
assert header[:4] == ["单位", "总分", "经济社会发展", "脱贫攻坚工作"], header
assert "按期率(%)" in header
lt = [r for r in ind.iter_rows(min_row=2, values_only=True) if r[0] == "龙潭镇"][0]
assert abs(lt[2] - 16) < 1e-9 and abs(lt[3] - 71.4) < 1e-9, lt
p = wb["存在问题"]
assert [c.value for c in p[1]][:3] == ["编号", "单位", "问题"]
assert p["B2"].value == "红岩镇" and p["C2"].value == "档案资料不全" and p["F2"].value == "待反馈"
rec = wb["处理建议"]
texts = [r[3] for r in rec.iter_rows(min_row=2, values_only=True)]
assert any("通报批评" in t for t in texts), texts
fb = {r[0]: r for r in wb["反馈"].iter_rows(min_row=2, values_only=True)}
assert fb["红岩镇"][6] == 1 and "通报批评" in fb["红岩镇"][7], fb["红岩镇"]
assert "经济社会发展 70 / 100" in fb["红岩镇"][5], fb["红岩镇"]
over = wb["基本情况"]
assert over["A1"].value == "示范县 2020-H1 综合评定报告", over["A1"].value
z = zipfile.ZipFile("r.xlsx")
charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
assert len(charts) == 3, charts
kinds = "".join(z.read(n).decode() for n in charts)
assert kinds.count("<c:barChart>") == 3 and "<c:barDir val=\"bar\"/>" in kinds and "<c:barDir val=\"col\"/>" in kinds
)py");
}

TEST_F(Report, TheHtmlStandsAloneWithItsSectionsAndSvgCharts) {
  auto r = duban("report 2020-H1 --format html --output r.html");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto html = read_file(dir_ / "r.html");
  for (auto section : {"一、基本情况", "二、指标分析", "三、存在问题", "四、综合评价",
                       "五、处理建议", "附:沟通反馈表"}) {
    EXPECT_NE(html.find(section), std::string::npos) << section;
  }
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("乡镇综合得分"), std::string::npos);
  EXPECT_NE(html.find("乡镇得分分布"), std::string::npos);
  EXPECT_NE(html.find("档案资料不全"), std::string::npos);
  EXPECT_NE(html.find("11 个单位参加排名,平均"), std::string::npos);
  // Nothing is fetched: no scripts, stylesheets, images or fonts from anywhere.
  for (auto external : {"<script", "<link", "src=", "href=", "url(", "@import"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  // Every http(s) in it is the SVG namespace.
  std::size_t at = 0, links = 0;
  while ((at = html.find("http", at)) != std::string::npos) {
    EXPECT_EQ(html.compare(at, 26, "http://www.w3.org/2000/svg"), 0) << html.substr(at, 40);
    ++at;
    ++links;
  }
  EXPECT_EQ(links, 4u);  // two charts per kind
}

TEST_F(Report, OnlyTheLeadingGroupSupervisionAndEvaluatorsMakeIt) {
  expect_refused("report 2020-H1 --output r.xlsx", "permission_denied", "longtan");
  expect_refused("report 2020-H1 --format pdf", "invalid_argument");
  EXPECT_EQ(duban("report 2020-H1 --output r.xlsx", "evaluator").exit_code, 0);
}

}  // namespace
}  // namespace duban::testing
