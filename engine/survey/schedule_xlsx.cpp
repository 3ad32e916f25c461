// 日程表: the schedule as a printable workbook, a sheet for all and one for each group.
#include "app/xlsx_file.hpp"
#include "survey/schedule_cases.hpp"

namespace duban::survey {

namespace {

const char* weekday_zh(Date day) {
  static const char* names[] = {"星期日", "星期一", "星期二", "星期三",
                                "星期四", "星期五", "星期六"};
  return names[std::chrono::weekday{std::chrono::sys_days{day}}.c_encoding()];
}

std::string members_of(const ScheduleView& view, int number) {
  for (const auto& g : view.groups) {
    if (g.number != number) continue;
    std::string out = "组长 " + g.leader + ";成员 ";
    for (std::size_t i = 0; i < g.members.size(); ++i) out += (i ? "、" : "") + g.members[i];
    return out;
  }
  return "成员未设置(duban survey group)";
}

using Formats = app::TableFormats;

void sheet(lxw_workbook* book, const Formats& f, const std::string& name, const std::string& title,
           const std::vector<std::pair<int, const Visit*>>& visits) {
  auto* ws = workbook_add_worksheet(book, name.c_str());
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_repeat_rows(ws, 1, 1);
  const char* head[] = {"序号", "日期",   "星期",     "评估组", "乡镇",
                        "村",   "村类型", "样本户数", "备注"};
  const double widths[] = {6, 12, 8, 8, 14, 14, 10, 10, 24};
  worksheet_merge_range(ws, 0, 0, 0, 8, title.c_str(), f.title);
  for (lxw_col_t c = 0; c < 9; ++c) {
    worksheet_set_column(ws, c, c, widths[c], nullptr);
    worksheet_write_string(ws, 1, c, head[c], f.head);
  }
  lxw_row_t r = 1;
  for (const auto& [group, v] : visits) {
    ++r;
    worksheet_write_number(ws, r, 0, r - 1, f.cell);
    worksheet_write_string(ws, r, 1, format_date(v->day).c_str(), f.cell);
    worksheet_write_string(ws, r, 2, weekday_zh(v->day), f.cell);
    worksheet_write_string(ws, r, 3, ("第" + std::to_string(group) + "组").c_str(), f.cell);
    worksheet_write_string(ws, r, 4, v->township_name.c_str(), f.cell);
    worksheet_write_string(ws, r, 5, v->village.c_str(), f.cell);
    worksheet_write_string(ws, r, 6, std::string(label_zh(v->kind)).c_str(), f.cell);
    worksheet_write_number(ws, r, 7, static_cast<double>(v->households), f.cell);
    worksheet_write_string(ws, r, 8, "", f.cell);
  }
}

}  // namespace

void write_schedule_xlsx(const ScheduleView& view, std::ostream& out) {
  app::XlsxFile file(false);
  auto* book = file.book();
  auto f = app::table_formats(book);
  const auto& s = view.schedule;
  const auto span = format_date(s.start) + " 至 " + format_date(s.last);
  std::vector<std::pair<int, const Visit*>> all;
  for (const auto& g : s.groups)
    for (const auto& v : g.visits) all.emplace_back(g.number, &v);
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return std::chrono::sys_days{a.second->day} < std::chrono::sys_days{b.second->day};
  });
  sheet(book, f, "总表", view.record.round + " 成效评估日程表(" + span + ")", all);
  for (const auto& g : s.groups) {
    std::vector<std::pair<int, const Visit*>> mine;
    for (const auto& v : g.visits) mine.emplace_back(g.number, &v);
    sheet(book, f, "第" + std::to_string(g.number) + "组",
          view.record.round + " 第" + std::to_string(g.number) + "组日程表(" +
              members_of(view, g.number) + ")",
          mine);
  }
  file.finish(out);
}

}  // namespace duban::survey
