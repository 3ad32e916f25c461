// 导出问题清单: CSV (UTF-8 or GB18030) or XLSX, with the headers import reads, so that an export
// can be filled in and read back as updates.
#include <xlsxwriter.h>

#include <cstdio>
#include <map>
#include <ostream>

#include "app/csv.hpp"
#include "app/item_cases.hpp"
#include "app/permissions.hpp"
#include "app/resolve_unit.hpp"
#include "app/transaction.hpp"
#include "app/visibility.hpp"
#include "app/xlsx_file.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

const std::vector<std::string> kColumns = {"编号",   "轮次",     "来源",     "类别",
                                           "问题",   "具体表现", "整改措施", "责任单位",
                                           "责任人", "整改时限", "整改结果", "状态"};
constexpr std::size_t kDueColumn = 9;

/// The cells of one item, as text (the due date as written back by import: "长期坚持" for a
/// standing item).
std::vector<std::string> cells_of(const RectificationItem& it, const std::string& unit_name,
                                  const std::vector<std::string>& extra_names) {
  std::vector<std::string> cells = {std::to_string(it.id),
                                    it.round,
                                    std::string(label_zh(it.source)),
                                    it.category,
                                    it.title,
                                    it.manifestation,
                                    it.measures,
                                    unit_name,
                                    it.owner,
                                    it.standing ? "长期坚持"
                                    : it.due    ? format_date(*it.due)
                                                : "",
                                    it.result,
                                    std::string(label_zh(it.state))};
  for (const auto& name : extra_names) {
    std::string value;
    for (const auto& [n, v] : it.extra)
      if (n == name) value = v;
    cells.push_back(std::move(value));
  }
  return cells;
}

/// The problem list as an XLSX workbook, row by row.
class XlsxOut {
 public:
  explicit XlsxOut(const std::vector<std::string>& header) : file_(true) {
    book_ = file_.book();
    sheet_ = workbook_add_worksheet(book_, "问题清单");
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    format_set_bg_color(bold_, 0xDDEBF7);
    format_set_border(bold_, LXW_BORDER_THIN);
    date_ = workbook_add_format(book_);
    format_set_num_format(date_, "yyyy-mm-dd");
    wrap_ = workbook_add_format(book_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
    const double widths[] = {8, 9, 8, 10, 40, 40, 40, 14, 10, 12, 40, 8};
    for (lxw_col_t c = 0; c < header.size(); ++c) {
      double w = c < std::size(widths) ? widths[c] : 20;
      lxw_format* f = (c == 4 || c == 5 || c == 6 || c == 10) ? wrap_ : nullptr;
      worksheet_set_column(sheet_, c, c, w, f);
    }
    worksheet_freeze_panes(sheet_, 1, 0);
    for (lxw_col_t c = 0; c < header.size(); ++c)
      worksheet_write_string(sheet_, 0, c, header[c].c_str(), bold_);
  }

  void row(const RectificationItem& it, const std::vector<std::string>& cells) {
    ++row_;
    worksheet_write_number(sheet_, row_, 0, static_cast<double>(it.id), nullptr);
    for (lxw_col_t c = 1; c < cells.size(); ++c) {
      if (c == kDueColumn && it.due && !it.standing) {
        lxw_datetime d{static_cast<int>(it.due->year()),
                       static_cast<int>(unsigned(it.due->month())),
                       static_cast<int>(unsigned(it.due->day())),
                       0,
                       0,
                       0};
        worksheet_write_datetime(sheet_, row_, c, &d, date_);
      } else if (!cells[c].empty()) {
        worksheet_write_string(sheet_, row_, c, cells[c].c_str(), nullptr);
      }
    }
  }
  void finish(std::ostream& out) { file_.finish(out); }

 private:
  XlsxFile file_;
  lxw_workbook* book_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format *bold_ = nullptr, *date_ = nullptr, *wrap_ = nullptr;
  lxw_row_t row_ = 0;
};

}  // namespace

std::size_t export_items(Services& services, std::ostream& out, const ExportOptions& options) {
  Transaction tx(services, store::Intent::read);
  // Units are written by name, as people read them; a name two units share is written as the id
  // so that the file imports back to the same unit.
  std::map<std::string, std::string> names;
  std::map<std::string, int> uses;
  auto units = tx.directory().list_units();
  for (const auto& u : units) ++uses[u.name];
  for (const auto& u : units) names[u.id] = uses[u.name] > 1 ? u.id : u.name;
  store::ItemFilter filter;
  filter.round = options.round;
  filter.unit = options.unit.empty() ? "" : resolve_unit(tx.directory(), options.unit);
  if (!options.actor.empty()) {
    auto actor = require_actor(tx.directory(), options.actor);
    auto scope = item_scope(tx.directory(), actor);
    if (!scope.all) {
      filter.units = scope.units;
      // A unit out of sight: an export with the header only, as for a unit without items.
      if (!filter.unit.empty() && !scope.sees(filter.unit)) filter.units = {""};
    }
  }
  // The extra fields' names, in the order first met: one column each after duban's own.
  std::vector<std::string> extra_names;
  tx.items().for_each(filter, [&](const RectificationItem& it) {
    for (const auto& [name, value] : it.extra)
      if (std::find(extra_names.begin(), extra_names.end(), name) == extra_names.end())
        extra_names.push_back(name);
  });
  auto header = kColumns;
  header.insert(header.end(), extra_names.begin(), extra_names.end());
  std::size_t n = 0;
  auto unit_name = [&](const RectificationItem& it) {
    auto found = names.find(it.unit);
    return found == names.end() ? it.unit : found->second;
  };
  if (options.format == ExportFormat::xlsx) {
    XlsxOut book(header);
    tx.items().for_each(filter, [&](const RectificationItem& it) {
      book.row(it, cells_of(it, unit_name(it), extra_names));
      ++n;
    });
    book.finish(out);
    return n;
  }
  const bool gb = options.encoding == Encoding::gb18030;
  auto line = [&](const std::vector<std::string>& cells) {
    out << (gb ? utf8_to_gb18030(csv_line(cells)) : csv_line(cells));
  };
  if (!gb) out << "\xEF\xBB\xBF";  // spreadsheet programs need the BOM to read UTF-8
  line(header);
  tx.items().for_each(filter, [&](const RectificationItem& it) {
    auto cells = cells_of(it, unit_name(it), extra_names);
    for (auto& cell : cells) cell = spreadsheet_safe(std::move(cell));
    line(cells);
    ++n;
  });
  return n;
}

}  // namespace duban::app
