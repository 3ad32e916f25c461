// duban import / export: problem lists as spreadsheets (CSV in UTF-8 or GB18030, XLSX).
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "app/item_cases.hpp"
#include "app/json_views.hpp"
#include "cli/cli.hpp"
#include "cli/input_files.hpp"
#include "cli/safe_files.hpp"
#include "domain/errors.hpp"
#include "machines/item_machine.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

std::size_t positive_option(const std::string& name, const std::string& text, int low, int high) {
  int n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || p != text.data() + text.size() || n < low || n > high) {
    throw Error(Errc::invalid_argument,
                {"--" + name + " 应为 " + std::to_string(low) + "–" + std::to_string(high) +
                     " 之间的整数:" + text,
                 "--" + name + " must be a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high) + ": " + text});
  }
  return static_cast<std::size_t>(n);
}

std::string joined(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

/// What the import read and, in a dry run, what each row does.
void print_plan(std::ostream& out, const std::string& file, const app::ImportResult& r) {
  out << tr({"文件:", "file: "}) << file << tr({"(", " ("}) << tr(r.format) << tr({")", ")"})
      << "\n";
  out << tr({"表头:第 ", "header: row "}) << r.header_line
      << (r.header_line > 1
              ? tr({" 行(其上各行为标题,已跳过)", " (the rows above are titles, skipped)"})
              : tr({" 行", ""}))
      << "\n";
  for (const auto& [from, to] : r.mapped)
    out << tr({"列对应:", "column map: "}) << from << " → " << to << "\n";
  if (!r.extra_columns.empty()) {
    out << tr({"附加列(保留为附加字段):", "extra columns (kept as extra fields): "})
        << joined(r.extra_columns, tr({"、", ", "})) << "\n";
  }
  for (const auto& p : r.plan) {
    out << tr({"第 ", "row "}) << p.line << tr({" 行:", ": "});
    using A = app::RowPlan::Action;
    switch (p.action) {
      case A::create:
        out << tr({"新建", "create"});
        break;
      case A::update:
        out << tr({"更新 #", "update #"}) << p.id;
        break;
      case A::unchanged:
        out << tr({"无变化 #", "unchanged #"}) << p.id;
        break;
      case A::refused:
        out << tr({"拒绝", "refused"}) << (p.id ? " #" + std::to_string(p.id) : "");
        break;
    }
    if (!p.fields.empty())
      out << tr({" 修改:", " changes: "}) << joined(p.fields, tr({"、", ", "}));
    if (!p.events.empty()) {
      std::vector<std::string> shown;
      for (const auto& e : p.events) {
        auto kind = item_event_from(e);
        shown.push_back(
            kind && current_lang() != Lang::en ? std::string(label_zh(*kind)) + "(" + e + ")" : e);
      }
      out << tr({" 流转:", " transitions: "}) << joined(shown, " → ");
    }
    if (!p.state.empty() && p.action != A::refused) {
      auto s = item_state_from_code(p.state);
      out << tr({" 状态:", " state: "}) << (s ? tr({std::string(label_zh(*s)), p.state}) : p.state);
    }
    if (!p.deadline.zh.empty()) out << tr({" 整改时限:", " due: "}) << tr(p.deadline);
    for (const auto& note : p.notes) out << "\n    " << tr(note);
    for (const auto& why : p.problems) out << "\n    " << tr(why);
    out << "\n";
  }
}

int import_file(Invocation& inv) {
  const auto& file = inv.positional(0);
  auto in = open_import_file(file);
  app::ImportOptions options;
  options.dry_run = inv.has("dry-run");
  options.strict = inv.has("strict");
  options.map = inv.values("map");
  if (inv.has("encoding")) options.encoding = encoding_option(inv.value("encoding"));
  if (inv.has("header-row"))
    options.header_row = positive_option("header-row", inv.value("header-row"), 1, 1000);
  if (inv.has("year"))
    options.year = static_cast<int>(positive_option("year", inv.value("year"), 1900, 2200));
  auto progress = [&](std::size_t done, std::size_t total) {
    if (total < 10000) return;  // small files finish before progress would help
    inv.err << tr({"导入进度 ", "imported "}) << done << "/" << total << "\n";
  };
  app::ImportResult result;
  try {
    result = app::import_items(inv.services(), inv.global.actor, in, file, options, progress);
  } catch (const app::ImportRefused& e) {
    // A dry run shows each row's plan, the refused ones with their reasons, before the error.
    if (options.dry_run && inv.global.json) {
      inv.out << app::dump_json(app::to_json(e.result()), 2) << "\n";
    } else if (options.dry_run) {
      print_plan(inv.out, file, e.result());
    }
    throw;
  }
  if (inv.global.json) {
    inv.out << app::dump_json(app::to_json(result), 2) << "\n";
    return 0;
  }
  if (options.dry_run) {
    print_plan(inv.out, file, result);
    inv.out << tr({"检查通过(未写入):", "check passed (nothing written): "}) << result.rows
            << tr({" 行,其中已交办 ", " rows, assigned: "}) << result.assigned;
  } else {
    inv.out << tr({"读取:", "read: "}) << tr(result.format) << "\n";
    inv.out << tr({"已导入 ", "imported "}) << result.rows
            << tr({" 项,其中已交办 ", " items, assigned: "}) << result.assigned;
  }
  if (result.updated + result.unchanged > 0) {
    inv.out << tr({";新建 ", "; created "}) << result.created << tr({",更新 ", ", updated "})
            << result.updated << tr({",无变化 ", ", unchanged "}) << result.unchanged;
  }
  inv.out << "\n";
  return 0;
}

int export_file(Invocation& inv) {
  auto target = inv.value("output", "-");
  app::ExportOptions options{inv.value("round"), inv.value("unit")};
  auto format = inv.value("format");
  if (format.empty()) {
    auto ext = std::filesystem::path(target).extension().string();
    format = (ext == ".xlsx" || ext == ".XLSX") ? "xlsx" : "csv";
  }
  if (format == "xlsx") {
    options.format = app::ExportFormat::xlsx;
  } else if (format != "csv") {
    throw Error(Errc::invalid_argument,
                {"--format 应为 csv 或 xlsx:" + format, "--format must be csv or xlsx: " + format});
  }
  if (inv.has("encoding")) {
    options.encoding = encoding_option(inv.value("encoding"));
    if (options.format == app::ExportFormat::xlsx) {
      throw Error(Errc::invalid_argument, {"--encoding 只用于 CSV(XLSX 总是 UTF-8)",
                                           "--encoding is for CSV only (XLSX is always UTF-8)"});
    }
  }
  std::size_t n = 0;
  if (target == "-") {
    n = app::export_items(inv.services(), inv.out, options);
  } else {
    n = write_atomically(target, inv.services().config, [&](std::ostream& out) {
      return app::export_items(inv.services(), out, options);
    });
    inv.err << tr({"已导出 ", "exported "}) << n << tr({" 项到 ", " items to "}) << target << "\n";
  }
  return 0;
}

}  // namespace

std::vector<CommandSpec> sheet_commands() {
  std::vector<CommandSpec> v;
  v.push_back({"import",
               {"FILE"},
               {{"dry-run",
                 "",
                 {"只检查不写入,逐行显示将如何处理", "check only, showing what each row would do"}},
                {"encoding",
                 "ENC",
                 {"CSV 的编码:utf-8 或 gb18030(默认自动识别)",
                  "CSV encoding: utf-8 or gb18030 (default: detected)"}},
                {"header-row",
                 "N",
                 {"表头所在行(默认自动查找)", "the row the column names are on (default: found)"}},
                {"map",
                 "列名=字段",
                 {"表中列名对应的字段,如 牵头单位=责任单位;可重复",
                  "a sheet column's field, e.g. 牵头单位=责任单位; repeatable"}},
                {"strict",
                 "",
                 {"拒绝无法识别的列(默认保留为附加字段)",
                  "refuse unknown columns (default: keep them as extra fields)"}},
                {"year",
                 "YYYY",
                 {"未写年份的整改时限(如 5月15日前)所在年份,行中无轮次时使用",
                  "the year of dates written without one (5月15日前) where a row has no round"}}},
               {"导入问题清单 CSV/XLSX(全部成功或全部不导入;带编号的行更新原事项)",
                "import the problem list from CSV or XLSX (all or nothing; rows with 编号 update "
                "their items)"},
               import_file});
  v.push_back(
      {"export",
       {},
       {{"output",
         "FILE",
         {"输出文件(默认标准输出;.xlsx 结尾则写 XLSX)",
          "output file (default: standard output; .xlsx writes XLSX)"}},
        {"format",
         "csv|xlsx",
         {"输出格式(默认按文件扩展名)", "output format (default: from the file's extension)"}},
        {"encoding",
         "ENC",
         {"CSV 的编码:utf-8(默认,带 BOM)或 gb18030",
          "CSV encoding: utf-8 (default, with BOM) or gb18030"}},
        {"round", "ROUND", {"按轮次筛选", "filter by round"}},
        {"unit", "UNIT", {"按牵头单位筛选", "filter by lead unit"}}},
       {"导出问题清单 CSV/XLSX(可填写后再导入)",
        "export the problem list as CSV or XLSX (to fill in and import again)"},
       export_file});
  return v;
}

}  // namespace duban::cli
