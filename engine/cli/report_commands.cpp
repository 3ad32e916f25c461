// duban report: a round's assessment report (综合评定报告) as XLSX or standalone HTML.
#include <filesystem>
#include <ostream>

#include "app/report_cases.hpp"
#include "cli/cli.hpp"
#include "cli/safe_files.hpp"
#include "domain/errors.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

int report_command(Invocation& inv) {
  const auto& round = inv.positional(0);
  auto target = inv.value("output");
  auto format = inv.value("format");
  if (format.empty() && !target.empty()) {
    auto ext = std::filesystem::path(target).extension().string();
    format = ext == ".html" || ext == ".htm" ? "html" : "xlsx";
  }
  if (format.empty()) format = "xlsx";
  if (format != "xlsx" && format != "html") {
    throw Error(Errc::invalid_argument, {"--format 应为 xlsx 或 html:" + format,
                                         "--format must be xlsx or html: " + format});
  }
  if (target.empty()) target = "综合评定报告-" + round + "." + format;
  auto report = app::assessment_report(inv.services(), inv.global.actor, round);
  auto write = [&](std::ostream& out) {
    if (format == "xlsx") {
      app::write_report_xlsx(report, out);
    } else {
      app::write_report_html(report, out);
    }
    return std::size_t{1};
  };
  if (target == "-") {
    write(inv.out);
    return 0;
  }
  write_atomically(target, inv.services().config, write);
  inv.out << tr({"已生成综合评定报告:", "assessment report written: "}) << target
          << (report.ranking.published
                  ? ""
                  : tr({"(排名未公布,为草稿)", " (ranking not published: a draft)"}))
          << "\n";
  return 0;
}

}  // namespace

std::vector<CommandSpec> report_commands() {
  return {{"report",
           {"ROUND"},
           {{"format",
             "xlsx|html",
             {"格式(默认按 --output 的扩展名,否则 xlsx)",
              "format (default: from --output's extension, else xlsx)"}},
            {"output",
             "FILE",
             {"输出文件(默认 综合评定报告-轮次.格式;- 为标准输出)",
              "output file (default 综合评定报告-ROUND.FORMAT; - for standard output)"}}},
           {"生成综合评定报告:基本情况、指标分析、存在问题、综合评价、处理建议及反馈表(含图表)",
            "make the assessment report: overview, indicators, problems, evaluation, "
            "recommendations and the feedback sheet (with charts)"},
           report_command}};
}

}  // namespace duban::cli
