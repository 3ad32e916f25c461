#include "app/import_layout.hpp"

#include <map>

#include "domain/errors.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

namespace {

// Chinese headers as in the seed's problem list (问题清单模板), names other county lists use for
// the same fields, and English ones for scripts.
const std::map<std::string, Column>& known_headers() {
  static const std::map<std::string, Column> headers = {
      {"编号", Column::id},
      {"id", Column::id},
      {"序号", Column::serial},
      {"serial", Column::serial},
      {"轮次", Column::round},
      {"round", Column::round},
      {"来源", Column::source},
      {"问题来源", Column::source},
      {"source", Column::source},
      {"类别", Column::category},
      {"问题类别", Column::category},
      {"category", Column::category},
      {"问题", Column::title},
      {"存在问题", Column::title},
      {"问题描述", Column::title},
      {"title", Column::title},
      {"具体表现", Column::manifestation},
      {"manifestation", Column::manifestation},
      {"整改措施", Column::measures},
      {"measures", Column::measures},
      {"责任单位", Column::unit},
      {"牵头单位", Column::unit},
      {"unit", Column::unit},
      {"责任人", Column::owner},
      {"owner", Column::owner},
      {"整改时限", Column::due},
      {"整改期限", Column::due},
      {"完成时限", Column::due},
      {"due", Column::due},
      {"整改结果", Column::result},
      {"整改情况", Column::result},
      {"result", Column::result},
      {"状态", Column::state},
      {"state", Column::state},
  };
  return headers;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

constexpr std::size_t kHeaderSearchRows = 20;

struct Candidate {
  std::size_t line = 0;
  std::size_t known = 0;
  bool complete = false;  ///< names both required columns
};

}  // namespace

std::optional<Column> column_named(const std::string& name) {
  const auto& headers = known_headers();
  auto it = headers.find(name);
  if (it == headers.end()) it = headers.find(lower_ascii(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

const char* column_label(Column column) {
  static const char* labels[] = {"编号",     "序号",     "轮次",     "来源",     "类别",
                                 "问题",     "具体表现", "整改措施", "责任单位", "责任人",
                                 "整改时限", "整改结果", "状态"};
  return labels[static_cast<std::size_t>(column)];
}

bool is_blank(const SheetRow& row) {
  for (const auto& c : row.cells) {
    // Most cells start with something that is not a space: decided without a copy.
    if (c.empty()) continue;
    char f = c.front();
    if (f != ' ' && f != '\t' && f != '\n' && f != '\r' && f != '\xE3' && f != '\xC2') return false;
    if (!trim_space(c).empty()) return false;
  }
  return true;
}

namespace {

/// The --map entries as sheet name → field, refused as a whole when one is malformed.
std::map<std::string, Column> read_map(const std::vector<std::string>& entries,
                                       std::vector<std::pair<std::string, std::string>>& shown) {
  std::map<std::string, Column> out;
  for (const auto& e : entries) {
    auto eq = e.find('=');
    auto from = trim_space(e.substr(0, eq == std::string::npos ? 0 : eq));
    auto to = eq == std::string::npos ? "" : trim_space(e.substr(eq + 1));
    auto field = column_named(to);
    if (eq == std::string::npos || from.empty() || !field) {
      throw Error(Errc::invalid_argument,
                  {"--map " + e +
                       ":写法应为“表中的列名=字段名”,如 --map 牵头单位=责任单位;"
                       "字段名为 编号 序号 轮次 来源 类别 问题 具体表现 整改措施 "
                       "责任单位 责任人 整改时限 整改结果 状态 之一",
                   "--map " + e +
                       ": write it as SHEET_COLUMN=FIELD, e.g. --map 牵头单位=责任单位; "
                       "FIELD is one of id serial round source category title "
                       "manifestation measures unit owner due result state"});
    }
    out[from] = *field;
    shown.emplace_back(from, column_label(*field));
  }
  return out;
}

std::optional<Column> field_of(const std::string& name, const std::map<std::string, Column>& map) {
  if (auto it = map.find(name); it != map.end()) return it->second;
  return column_named(name);
}

Candidate judge(const SheetRow& row, const std::map<std::string, Column>& map) {
  Candidate c{row.line, 0, false};
  bool title = false, unit = false;
  for (const auto& cell : row.cells) {
    auto f = field_of(trim_space(cell), map);
    if (!f) continue;
    ++c.known;
    title = title || *f == Column::title;
    unit = unit || *f == Column::unit;
  }
  c.complete = title && unit;
  return c;
}

}  // namespace

void skip_to_data(Sheet& sheet, const Layout& layout) {
  SheetRow row;
  while (sheet.next(row))
    if (row.line == layout.header_line) return;
}

Layout read_layout(Sheet& sheet, const ImportOptions& options, const std::string& file_name,
                   const Report& report) {
  Layout layout;
  auto map = read_map(options.map, layout.mapped);
  SheetRow row, header;
  bool found = false;
  std::optional<Candidate> best;
  std::size_t looked = 0;
  while (sheet.next(row)) {
    if (options.header_row) {
      if (row.line < *options.header_row) continue;
      if (row.line > *options.header_row) break;
      header = row;
      found = true;
      break;
    }
    if (is_blank(row)) continue;
    auto c = judge(row, map);
    if (c.complete) {
      header = row;
      found = true;
      break;
    }
    if (c.known > 0 && (!best || c.known > best->known)) best = c;
    if (++looked == kHeaderSearchRows) break;
  }
  if (!found && !options.header_row && best) {
    // No row names both required columns: the one naming the most fields is taken, and what it
    // lacks is reported below.
    sheet.rewind();
    while (sheet.next(row))
      if (row.line == best->line) break;
    header = row;
    found = true;
  }
  if (!found) {
    if (options.header_row) {
      auto n = std::to_string(*options.header_row);
      throw Error(Errc::import_invalid,
                  {file_name + ":没有第 " + n + " 行(--header-row),未导入任何数据",
                   file_name + ": there is no row " + n + " (--header-row); nothing was imported"});
    }
    if (looked == 0) {
      throw Error(Errc::import_invalid,
                  {file_name + ":文件为空", file_name + ": the file is empty"});
    }
    auto read_as = sheet.described();
    throw Error(Errc::import_invalid,
                {file_name + ":前 " + std::to_string(kHeaderSearchRows) +
                     " 行中没有表头(需要“问题”和“责任单位”列;读作 " + read_as.zh +
                     ");请用 --header-row 指定表头所在行,或用 --map 说明列名,编码不对时用 "
                     "--encoding,未导入任何数据",
                 file_name + ": no header in the first " + std::to_string(kHeaderSearchRows) +
                     " rows (the columns 问题 and 责任单位 are needed; read as " + read_as.en +
                     "); name its row with --header-row, the columns with --map, or the "
                     "encoding with --encoding; nothing was imported"});
  }
  layout.header_line = header.line;
  const std::size_t line = header.line;
  // Unknown names are kept as extra fields, unless --strict or a required column is missing (then
  // an unknown name may be that column under another name, and is worth pointing at).
  auto c = judge(header, map);
  bool list_unknown = options.strict || !c.complete;
  std::map<Column, std::size_t> first_of;
  layout.columns.resize(header.cells.size());
  layout.header.resize(header.cells.size());
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    if (auto defect = text_defect(header.cells[i])) {
      auto n = std::to_string(i + 1);
      report(line, {"第 " + n + " 列的列名:" + defect->zh,
                    "the name of column " + n + ": " + defect->en});
      continue;
    }
    auto name = trim_space(header.cells[i]);
    layout.header[i] = name;
    if (name.empty()) continue;  // an unnamed column: its cells must be empty (checked per row)
    auto field = field_of(name, map);
    if (!field) {
      if (list_unknown) {
        report(line, {"未知的列名:" + name, "unknown column: " + name});
      } else {
        layout.extras.emplace_back(i, name);
      }
      continue;
    }
    if (auto [seen, fresh] = first_of.emplace(*field, i); !fresh) {
      auto before = layout.header[seen->second];
      report(line, {"列“" + name + "”与第 " + std::to_string(seen->second + 1) + " 列“" + before +
                        "”重复",
                    "column \"" + name + "\" repeats column " + std::to_string(seen->second + 1) +
                        " \"" + before + "\""});
      continue;
    }
    layout.columns[i] = *field;
    layout.present[static_cast<std::size_t>(*field)] = true;
  }
  for (auto [col, zh, en] :
       {std::tuple{Column::title, "问题", "title"}, std::tuple{Column::unit, "责任单位", "unit"}}) {
    if (!layout.has(col)) {
      report(line, {std::string("缺少必需的列:") + zh, std::string("missing column: ") + en});
    }
  }
  return layout;
}

}  // namespace duban::app
