#include "app/import_rows.hpp"

#include <charconv>

#include "app/csv.hpp"
#include "app/input_dates.hpp"
#include "domain/errors.hpp"
#include "domain/round.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

std::optional<ItemSource> lenient_source(const std::string& text) {
  if (text.empty()) return ItemSource::county;
  if (auto s = item_source_from(text)) return s;
  const std::pair<const char*, ItemSource> prefixes[] = {
      {"国家", ItemSource::national},        {"省", ItemSource::provincial},
      {"市", ItemSource::municipal},         {"县", ItemSource::county},
      {"自查", ItemSource::self_inspection}, {"镇自查", ItemSource::self_inspection},
  };
  for (auto [p, s] : prefixes)
    if (text.rfind(p, 0) == 0) return s;
  return std::nullopt;
}

RowInput read_row(const SheetRow& row, const Layout& layout, const RowContext& context,
                  const Report& report) {
  RowInput in;
  in.line = row.line;
  auto& item = in.item;
  // One slot per column kind (a map per row was a tenth of the import's allocations).
  std::array<std::string, kColumnKinds> cells;
  std::array<bool, kColumnKinds> defective{};  // reported already
  auto v = [&cells](Column c) -> std::string& { return cells[static_cast<std::size_t>(c)]; };
  auto reported = [&defective](Column c) { return defective[static_cast<std::size_t>(c)]; };
  auto clean = [&](std::size_t i, std::string& into) {
    // Any cell may hold line breaks: spreadsheet cells do (Alt+Enter), titles included. The
    // apostrophe an export put before a formula-like cell comes off again.
    const auto& name = layout.header[i];
    Text field{"“" + name + "”列", "column \"" + name + "\""};
    if (auto at = context.sheet ? context.sheet->cell_at(row.line, i) : std::nullopt) {
      field.zh += "(" + at->zh + ")";
      field.en += " (" + at->en + ")";
    }
    into = from_spreadsheet_safe(clean_text(field, row.cells[i], TextShape::paragraph));
  };
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    if (i >= layout.columns.size()) {
      if (!trim_space(row.cells[i]).empty()) {
        report(row.line, {"字段数多于表头", "more fields than the header has"});
        break;
      }
      continue;
    }
    auto col = layout.columns[i];
    if (!col) continue;
    try {
      clean(i, v(*col));
    } catch (const Error& e) {
      report(row.line, e.text());
      v(*col).clear();
      defective[static_cast<std::size_t>(*col)] = true;
    }
  }
  for (const auto& [i, name] : layout.extras) {
    if (i >= row.cells.size()) continue;
    std::string value;
    try {
      clean(i, value);
    } catch (const Error& e) {
      report(row.line, e.text());
      continue;
    }
    if (!value.empty()) item.extra.emplace_back(name, std::move(value));
  }
  // Unnamed columns hold nothing: a value there belongs to no field.
  for (std::size_t i = 0; i < row.cells.size() && i < layout.columns.size(); ++i) {
    if (layout.header[i].empty() && !trim_space(row.cells[i]).empty()) {
      auto n = std::to_string(i + 1);
      report(row.line, {"第 " + n + " 列有内容,但表头中这一列没有列名",
                        "column " + n + " has a value but no name in the header"});
    }
  }
  for (std::size_t k = 0; k < kColumnKinds; ++k) in.given[k] = !cells[k].empty();

  if (in.has(Column::id)) {
    std::int64_t id = 0;
    const auto& t = v(Column::id);
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
    if (ec != std::errc{} || p != t.data() + t.size() || id <= 0) {
      report(row.line, {"编号无效:" + t + "(应为导出时的事项编号)",
                        "invalid id (编号): " + t + " (the item number an export wrote)"});
    } else {
      in.id = id;
    }
  }
  item.title = std::move(v(Column::title));
  if (item.title.empty() && !reported(Column::title) && !in.id) {
    report(row.line, {"问题为空", "the problem (title) is empty"});
  }
  Text error;
  if (v(Column::unit).empty()) {
    if (!reported(Column::unit) && !in.id) {
      report(row.line, {"责任单位为空", "the unit is empty"});
    }
  } else if (auto id = context.units.lookup(v(Column::unit), error)) {
    item.unit = *id;
  } else {
    report(row.line, error);
  }
  std::optional<RoundId> round;
  if (!v(Column::round).empty()) {
    if (auto r = RoundId::parse(v(Column::round)); r && !context.years.contains(r->year)) {
      report(row.line, outside_years({"轮次 " + r->str(), "the round " + r->str()}, context.years));
    } else if (r) {
      item.round = r->str();
      round = r;
    } else {
      report(row.line, {"轮次无效:" + v(Column::round), "invalid round: " + v(Column::round)});
    }
  }
  if (!v(Column::due).empty()) {
    DeadlineContext dc;
    if (round) {
      dc.year = round->year;
      dc.year_from = {"轮次 " + round->str(), "round " + round->str()};
    } else if (context.year) {
      dc.year = context.year;
      dc.year_from = {" --year " + std::to_string(*context.year),
                      "--year " + std::to_string(*context.year)};
    }
    dc.immediate_due = context.immediate_due;
    if (v(Column::due).find("立行立改") != std::string::npos) {
      dc.immediate_rule = context.immediate_rule;  // shown only then: no copy per row
    }
    in.deadline = read_deadline(v(Column::due), dc, error);
    if (!in.deadline) {
      report(row.line, error);
    } else if (in.deadline->due && !context.years.contains(*in.deadline->due)) {
      report(row.line,
             outside_years({"整改时限 " + v(Column::due), "due " + v(Column::due)}, context.years));
      in.deadline.reset();
    } else {
      item.due = in.deadline->due;
      item.standing = in.deadline->kind == DeadlineKind::standing;
    }
  }
  if (auto s = lenient_source(v(Column::source))) {
    item.source = *s;
  } else {
    report(row.line, {"来源无效:" + v(Column::source), "invalid source: " + v(Column::source)});
  }
  item.category = std::move(v(Column::category));
  item.manifestation = std::move(v(Column::manifestation));
  item.measures = std::move(v(Column::measures));
  item.owner = std::move(v(Column::owner));
  item.result = std::move(v(Column::result));
  return in;
}

}  // namespace duban::app
