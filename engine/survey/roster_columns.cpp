#include "survey/roster_columns.hpp"

#include <charconv>

#include "app/import_layout.hpp"
#include "domain/errors.hpp"
#include "domain/text_check.hpp"

namespace duban::survey {

namespace {

struct FieldNames {
  RosterField field;
  const char* label;               ///< as errors name it
  std::vector<std::string> names;  ///< after normal_header: Chinese names real rosters use, code
};

const std::vector<FieldNames>& fields() {
  static const std::vector<FieldNames> all = {
      {RosterField::township,
       "乡镇",
       {"乡镇", "乡", "镇", "乡镇名称", "所属乡镇", "乡镇街道", "township"}},
      {RosterField::village,
       "村",
       {"村", "行政村", "村名", "村名称", "所在村", "所属村", "village"}},
      {RosterField::village_kind, "村类型", {"村类型", "村属性", "村别", "village_kind"}},
      {RosterField::population,
       "人口数",
       {"人口数", "人口", "总人口", "户籍人口", "家庭人口", "家庭人口数", "人数", "population",
        "people"}},
      {RosterField::poor_population,
       "贫困人口数",
       {"贫困人口数", "贫困人口", "未脱贫人口", "建档立卡未脱贫人口", "poor_population"}},
      {RosterField::number, "户编号", {"户编号", "户号", "户编码", "农户编号", "number"}},
      {RosterField::head, "户主姓名", {"户主姓名", "户主", "户主名", "head"}},
      {RosterField::id_number,
       "身份证号",
       {"身份证号", "身份证号码", "户主身份证号", "户主身份证号码", "证件号码", "id_number"}},
      {RosterField::household_kind,
       "户类型",
       {"户类型", "户属性", "农户类型", "农户属性", "household_kind"}},
      {RosterField::edge, "边缘户", {"边缘户", "是否边缘户", "edge"}},
      {RosterField::monitored, "监测户", {"监测户", "脱贫监测户", "是否监测户", "monitored"}},
      {RosterField::tags, "标签", {"标签", "重点户类型", "户标签", "重点户", "tags"}},
  };
  return all;
}

// A column name as written, without what does not tell fields apart: spaces, a required-field
// star, and a trailing note in brackets ("人口数(人)", "乡(镇)").
std::string normal_header(const std::string& text) {
  auto s = trim_space(text);
  while (!s.empty() && s.front() == '*') s.erase(0, 1);
  while (!s.empty() && s.back() == '*') s.pop_back();
  for (const char* open : {"(", "（"}) {
    auto at = s.find(open);
    if (at != std::string::npos && at > 0) s = trim_space(s.substr(0, at));
  }
  return s;
}

std::optional<RosterField> field_named(const std::string& name) {
  auto n = normal_header(name);
  for (const auto& f : fields()) {
    if (n == f.label) return f.field;
    for (const auto& a : f.names)
      if (n == a) return f.field;
  }
  return std::nullopt;
}

const std::vector<RosterField>& required(RosterKind kind) {
  static const std::vector<RosterField> villages = {
      RosterField::township, RosterField::village, RosterField::village_kind,
      RosterField::population, RosterField::poor_population};
  static const std::vector<RosterField> households = {
      RosterField::township,      RosterField::village,   RosterField::number,
      RosterField::head,          RosterField::id_number, RosterField::population,
      RosterField::household_kind};
  return kind == RosterKind::villages ? villages : households;
}

struct Candidate {
  std::array<std::optional<std::size_t>, kRosterFields> at{};
  std::vector<std::pair<std::string, std::string>> mapped;
  std::vector<std::string> duplicates;
  bool has(RosterField f) const { return at[static_cast<std::size_t>(f)].has_value(); }
};

Candidate columns_of(const std::vector<std::string>& header, const std::vector<std::string>& map) {
  Candidate c;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::optional<RosterField> f;
    for (const auto& m : map) {
      auto eq = m.find('=');
      if (eq != std::string::npos && trim_space(m.substr(0, eq)) == trim_space(header[i])) {
        f = field_named(m.substr(eq + 1));
        if (f) c.mapped.emplace_back(header[i], roster_field_label(*f));
      }
    }
    if (!f) f = field_named(header[i]);
    if (!f) continue;
    auto& slot = c.at[static_cast<std::size_t>(*f)];
    if (slot) {
      c.duplicates.push_back(header[i]);
    } else {
      slot = i;
    }
  }
  return c;
}

std::optional<RosterKind> kind_of(const Candidate& c) {
  if (!c.has(RosterField::township) || !c.has(RosterField::village)) return std::nullopt;
  if (c.has(RosterField::number)) return RosterKind::households;
  if (c.has(RosterField::village_kind)) return RosterKind::villages;
  return std::nullopt;
}

}  // namespace

const char* roster_field_label(RosterField field) {
  for (const auto& f : fields())
    if (f.field == field) return f.label;
  return "?";
}

RosterLayout read_roster_layout(app::Sheet& sheet, const RosterImportOptions& options,
                                const std::string& file_name,
                                const std::function<void(std::size_t, const Text&)>& report) {
  for (const auto& m : options.map) {
    auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || !field_named(m.substr(eq + 1))) {
      throw Error(Errc::invalid_argument,
                  {"--map 应写作 “表中列名=字段”,字段如 村、户编号、身份证号:" + m,
                   "--map is written \"sheet column=field\", a field such as 村, 户编号 or "
                   "身份证号: " +
                       m});
    }
  }
  app::SheetRow row;
  for (std::size_t seen = 0; sheet.next(row);) {
    if (app::is_blank(row)) continue;
    ++seen;
    if (options.header_row && row.line != *options.header_row) {
      if (row.line > *options.header_row) break;
      continue;
    }
    std::vector<std::string> header;
    for (const auto& cell : row.cells) header.push_back(trim_space(cell));
    auto c = columns_of(header, options.map);
    auto kind = kind_of(c);
    if (!kind) {
      if (options.header_row || seen >= 20) break;
      continue;
    }
    RosterLayout layout;
    layout.kind = *kind;
    layout.header_line = row.line;
    layout.header = header;
    layout.at = c.at;
    layout.mapped = c.mapped;
    for (const auto& d : c.duplicates) {
      report(row.line, {"列“" + d + "”与前面的列是同一字段", "column \"" + d +
                                                                 "\" holds the same field as an "
                                                                 "earlier one"});
    }
    for (auto f : required(*kind)) {
      if (!c.has(f)) {
        report(row.line, {std::string("缺少“") + roster_field_label(f) + "”列",
                          std::string("the column \"") + roster_field_label(f) + "\" is missing"});
      }
    }
    return layout;
  }
  throw Error(
      Errc::import_invalid,
      {file_name + ":没有找到花名册的表头(村:乡镇、村、村类型、人口数、贫困人口数;" +
           "户:乡镇、村、户编号、户主姓名、身份证号、人口数、户类型)" +
           (options.header_row ? "" : ",可用 --header-row 指定表头所在行") + ";未导入任何数据",
       file_name + ": no roster header found (villages: 乡镇, 村, 村类型, 人口数, " +
           "贫困人口数; households: 乡镇, 村, 户编号, 户主姓名, 身份证号, 人口数, 户类型)" +
           (options.header_row ? "" : "; --header-row names the row") + "; nothing was imported"});
}

RowReader::RowReader(const app::Sheet& sheet, const RosterLayout& layout, Township township,
                     VillageUnit village_unit)
    : sheet_(sheet),
      layout_(layout),
      township_(std::move(township)),
      village_unit_(std::move(village_unit)) {}

Text RowReader::where(const app::SheetRow& row, RosterField f) const {
  auto col = layout_.at[static_cast<std::size_t>(f)];
  std::string name = col ? layout_.header[*col] : roster_field_label(f);
  Text t{"“" + name + "”列", "column \"" + name + "\""};
  if (col) {
    if (auto at = sheet_.cell_at(row.line, *col)) {
      t.zh += "(" + at->zh + ")";
      t.en += " (" + at->en + ")";
    }
  }
  return t;
}

std::string RowReader::cell(const app::SheetRow& row, RosterField f, std::vector<Text>& bad,
                            bool needed) const {
  auto col = layout_.at[static_cast<std::size_t>(f)];
  if (!col) return "";
  if (auto defect = app::cell_defect(sheet_, row, *col, layout_.header[*col])) {
    bad.push_back(*defect);
    return "";
  }
  auto text = *col < row.cells.size() ? trim_space(row.cells[*col]) : std::string();
  if (needed && text.empty()) {
    auto w = where(row, f);
    bad.push_back({w.zh + "为空", w.en + " is empty"});
  }
  return text;
}

std::optional<std::int64_t> RowReader::count(const app::SheetRow& row, RosterField f,
                                             std::vector<Text>& bad, std::int64_t low) const {
  auto text = cell(row, f, bad, true);
  if (text.empty()) return std::nullopt;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || p != text.data() + text.size() || n < low || n > 100'000'000) {
    auto w = where(row, f);
    bad.push_back(
        {w.zh + "应为不小于 " + std::to_string(low) + " 的整数:" + text,
         w.en + " must be a whole number of at least " + std::to_string(low) + ": " + text});
    return std::nullopt;
  }
  return n;
}

bool RowReader::yes_no(const app::SheetRow& row, RosterField f, std::vector<Text>& bad) const {
  auto text = cell(row, f, bad, false);
  if (text.empty() || text == "否" || text == "N" || text == "n" || text == "no" || text == "0" ||
      text == "×")
    return false;
  if (text == "是" || text == "Y" || text == "y" || text == "yes" || text == "1" || text == "√")
    return true;
  auto w = where(row, f);
  bad.push_back({w.zh + "应为 是 或 否:" + text, w.en + " must be 是 (yes) or 否 (no): " + text});
  return false;
}

RosterVillage RowReader::village(const app::SheetRow& row, std::vector<Text>& bad) const {
  RosterVillage v;
  auto township = cell(row, RosterField::township, bad, true);
  if (!township.empty()) {
    Text why;
    if (auto id = township_(township, why)) {
      v.township = *id;
    } else {
      auto w = where(row, RosterField::township);
      bad.push_back({w.zh + ":" + why.zh, w.en + ": " + why.en});
    }
  }
  v.name = cell(row, RosterField::village, bad, true);
  auto kind = cell(row, RosterField::village_kind, bad, true);
  if (!kind.empty()) {
    if (auto k = village_kind_from(kind)) {
      v.kind = *k;
    } else {
      auto w = where(row, RosterField::village_kind);
      bad.push_back({w.zh + "应为 脱贫村、非贫困村 或 贫困村:" + kind,
                     w.en + " must be 脱贫村, 非贫困村 or 贫困村: " + kind});
    }
  }
  auto population = count(row, RosterField::population, bad, 1);
  auto poor = count(row, RosterField::poor_population, bad, 0);
  v.population = population.value_or(0);
  v.poor_population = poor.value_or(0);
  if (population && poor && *poor > *population) {
    auto w = where(row, RosterField::poor_population);
    bad.push_back(
        {w.zh + "(" + std::to_string(*poor) + ")大于人口数(" + std::to_string(*population) + ")",
         w.en + " (" + std::to_string(*poor) + ") is more than the population (" +
             std::to_string(*population) + ")"});
  }
  if (!v.township.empty() && !v.name.empty()) v.unit = village_unit_(v.township, v.name);
  return v;
}

RosterHousehold RowReader::household(const app::SheetRow& row, std::vector<Text>& bad,
                                     std::string& id_number) const {
  RosterHousehold h;
  h.number = cell(row, RosterField::number, bad, true);
  if (h.number.size() > 64) {
    auto w = where(row, RosterField::number);
    bad.push_back({w.zh + "过长(最多 64 个字符)", w.en + " is too long (64 characters at most)"});
  }
  auto township = cell(row, RosterField::township, bad, true);
  if (!township.empty()) {
    Text why;
    if (auto id = township_(township, why)) {
      h.township = *id;
    } else {
      auto w = where(row, RosterField::township);
      bad.push_back({w.zh + ":" + why.zh, w.en + ": " + why.en});
    }
  }
  h.village = cell(row, RosterField::village, bad, true);
  h.head = cell(row, RosterField::head, bad, true);
  // The number is never put into a message: only what is wrong with it.
  auto id = cell(row, RosterField::id_number, bad, true);
  if (!id.empty()) {
    Text why;
    if (auto n = normal_id_number(id, &why)) {
      id_number = *n;
    } else {
      auto w = where(row, RosterField::id_number);
      bad.push_back({w.zh + ":" + why.zh, w.en + ": " + why.en});
    }
  }
  h.people = count(row, RosterField::population, bad, 1).value_or(0);
  auto kind = cell(row, RosterField::household_kind, bad, true);
  if (!kind.empty()) {
    if (auto k = household_kind_from(kind)) {
      h.kind = *k;
    } else {
      auto w = where(row, RosterField::household_kind);
      bad.push_back({w.zh + "应为 贫困户、脱贫户 或 非建档立卡户:" + kind,
                     w.en + " must be 贫困户, 脱贫户 or 非建档立卡户: " + kind});
    }
  }
  h.edge = yes_no(row, RosterField::edge, bad);
  h.monitored = yes_no(row, RosterField::monitored, bad);
  auto tags = cell(row, RosterField::tags, bad, false);
  std::string unknown;
  if (auto t = household_tags_from(tags, &unknown)) {
    h.tags = *t;
  } else {
    auto w = where(row, RosterField::tags);
    bad.push_back({w.zh + "含未知的标签“" + unknown + "”(可用:危房、大病、低保、五保、残疾)",
                   w.en + " holds an unknown mark \"" + unknown +
                       "\" (known: 危房, 大病, 低保, 五保, 残疾)"});
  }
  return h;
}

}  // namespace duban::survey
