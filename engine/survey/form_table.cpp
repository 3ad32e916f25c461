#include "survey/form_table.hpp"

#include <algorithm>

#include "app/sheet.hpp"

namespace duban::survey::form_table {

std::string trim(const std::string& s) {
  auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const std::string& Table::Row::operator[](const std::string& column) const {
  static const std::string none;
  auto it = cells.find(column);
  return it == cells.end() ? none : it->second;
}

bool Table::has(const std::string& column) const {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

Table read_table(std::istream& in, const std::string& file, const std::string& name) {
  in.clear();
  in.seekg(0);
  Table t;
  auto sheet = app::open_xlsx_sheet(in, file, name);
  if (!sheet) return t;
  t.present = true;
  app::SheetRow row;
  while (sheet->next(row)) {
    bool any = std::any_of(row.cells.begin(), row.cells.end(),
                           [](const std::string& c) { return !trim(c).empty(); });
    if (!any) continue;
    if (t.header_row == 0) {
      t.header_row = row.line;
      for (const auto& c : row.cells) t.columns.push_back(lower(trim(c)));
      continue;
    }
    Table::Row r;
    r.line = row.line;
    for (std::size_t i = 0; i < row.cells.size() && i < t.columns.size(); ++i) {
      auto v = trim(row.cells[i]);
      if (!v.empty() && !t.columns[i].empty()) r.cells[t.columns[i]] = v;
    }
    t.rows.push_back(std::move(r));
  }
  return t;
}

namespace {

enum class Language { zh, en, other };
Language language_of(const std::string& suffix) {
  auto s = lower(suffix);
  if (s.find("(en)") != std::string::npos || s.rfind("english", 0) == 0) return Language::en;
  if (s.find("(zh") != std::string::npos || s.find("中文") != std::string::npos ||
      s.rfind("chinese", 0) == 0) {
    return Language::zh;
  }
  return Language::other;
}

}  // namespace

Text translated(const Table::Row& r, const std::string& base) {
  Text t;
  t.zh = r[base];
  for (const auto& [column, value] : r.cells) {
    if (column.rfind(base + "::", 0) != 0) continue;
    auto lang = language_of(column.substr(base.size() + 2));
    if (lang == Language::zh && t.zh.empty()) t.zh = value;
    if (lang == Language::en) t.en = value;
  }
  if (t.en.empty()) t.en = t.zh;
  if (t.zh.empty()) t.zh = t.en;
  return t;
}

bool valid_name(const std::string& n) {
  if (n.empty()) return false;
  auto first = static_cast<unsigned char>(n[0]);
  if (!(std::isalpha(first) || first == '_' || first >= 0x80)) return false;
  return std::all_of(n.begin(), n.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
  });
}

}  // namespace duban::survey::form_table
