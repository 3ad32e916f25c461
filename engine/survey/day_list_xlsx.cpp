// 当天汇总问题清单 as a workbook: the problem list's own columns (those `duban export` writes and
// `duban import` reads, 序号 for the number), then where each problem was found; a second sheet
// with each group's state, so that the office sees at a glance who has not confirmed.
#include "app/import_layout.hpp"
#include "app/xlsx_file.hpp"
#include "domain/item.hpp"
#include "survey/day_list.hpp"

namespace duban::survey {

namespace {

using Formats = app::TableFormats;

void header(lxw_worksheet* ws, const Formats& f, const std::string& title,
            const std::vector<std::pair<std::string, double>>& columns) {
  const auto last = static_cast<lxw_col_t>(columns.size() - 1);
  worksheet_merge_range(ws, 0, 0, 0, last, title.c_str(), f.title);
  for (lxw_col_t c = 0; c <= last; ++c) {
    worksheet_set_column(ws, c, c, columns[c].second, nullptr);
    worksheet_write_string(ws, 1, c, columns[c].first.c_str(), f.head);
  }
  worksheet_freeze_panes(ws, 2, 0);
  worksheet_repeat_rows(ws, 1, 1);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
}

void problems_sheet(lxw_workbook* book, const Formats& f, const DayListing& listing) {
  using app::Column;
  auto* ws = workbook_add_worksheet(book, "问题清单");
  std::vector<std::pair<std::string, double>> columns;
  const std::pair<Column, double> own[] = {
      {Column::serial, 6},    {Column::round, 9},   {Column::source, 7},
      {Column::category, 10}, {Column::title, 36},  {Column::manifestation, 30},
      {Column::measures, 16}, {Column::unit, 12},   {Column::owner, 8},
      {Column::due, 10},      {Column::result, 12}, {Column::state, 8}};
  for (const auto& [c, width] : own) columns.emplace_back(app::column_label(c), width);
  for (const auto& [name, width] : {std::pair{"评估组", 8.0},
                                    {"村", 12.0},
                                    {"调查对象", 16.0},
                                    {"发现日期", 11.0},
                                    {"草稿编号", 8.0}})
    columns.emplace_back(name, width);
  header(ws, f,
         listing.county + " " + listing.day + " 成效评估当天汇总问题清单(" +
             std::to_string(listing.problems.size()) + " 个)",
         columns);
  lxw_row_t r = 1;
  for (const auto& p : listing.problems) {
    ++r;
    const auto& d = p.draft;
    const std::string cells[] = {"",
                                 d.round,
                                 std::string(label_zh(ItemSource::county)),
                                 d.category,
                                 d.text,
                                 manifestation(d, p.subject),
                                 "",
                                 p.township_name,
                                 "",
                                 "",
                                 "",
                                 std::string(label_zh(ItemState::identified)),
                                 "第" + std::to_string(d.group) + "组",
                                 d.village,
                                 p.subject,
                                 d.day,
                                 ""};
    worksheet_write_number(ws, r, 0, r - 1, f.cell);
    for (lxw_col_t c = 1; std::size_t{c} + 1 < std::size(cells); ++c) {
      auto* format = (c == 4 || c == 5) ? f.wrap : f.cell;
      worksheet_write_string(ws, r, c, cells[c].c_str(), format);
    }
    worksheet_write_number(ws, r, static_cast<lxw_col_t>(std::size(cells) - 1),
                           static_cast<double>(d.id), f.cell);
  }
}

void groups_sheet(lxw_workbook* book, const Formats& f, const DayListing& listing) {
  auto* ws = workbook_add_worksheet(book, "各组确认情况");
  header(ws, f, listing.day + " 各评估组问题清单确认情况",
         {{"评估组", 8},
          {"轮次", 9},
          {"组长", 10},
          {"当天评估的村", 36},
          {"已确认问题", 10},
          {"待确认草稿", 10},
          {"状态", 10}});
  lxw_row_t r = 1;
  for (const auto& g : listing.groups) {
    ++r;
    std::string villages;
    for (const auto& v : g.villages) villages += (villages.empty() ? "" : "、") + v;
    worksheet_write_string(ws, r, 0, ("第" + std::to_string(g.number) + "组").c_str(), f.cell);
    worksheet_write_string(ws, r, 1, g.round.c_str(), f.cell);
    const auto leader = g.leader.empty()        ? std::string("未设成员")
                        : g.leader_name.empty() ? g.leader
                                                : g.leader_name;
    worksheet_write_string(ws, r, 2, leader.c_str(), f.cell);
    worksheet_write_string(ws, r, 3, villages.c_str(), f.wrap);
    worksheet_write_number(ws, r, 4, static_cast<double>(g.problems), f.cell);
    worksheet_write_number(ws, r, 5, static_cast<double>(g.waiting), f.cell);
    worksheet_write_string(ws, r, 6, g.confirmed ? "已确认" : "未确认", f.cell);
  }
}

}  // namespace

void write_day_list_xlsx(const DayListing& listing, std::ostream& out) {
  app::XlsxFile file(false);
  auto f = app::table_formats(file.book());
  problems_sheet(file.book(), f, listing);
  groups_sheet(file.book(), f, listing);
  file.finish(out);
}

}  // namespace duban::survey
