// 综合评定报告 as XLSX: sheets 基本情况 (with native charts), 排名, 指标分析-<kind>, 存在问题,
// 处理建议, 反馈; Chinese headings, frozen header rows, column widths, numbers as numbers, dates as
// dates.
#include <xlsxwriter.h>

#include <ostream>

#include "app/report_cases.hpp"
#include "app/xlsx_file.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

class Book {
 public:
  Book() : file_(false) {
    book = file_.book();
    head = workbook_add_format(book);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_border(head, LXW_BORDER_THIN);
    title = workbook_add_format(book);
    format_set_bold(title);
    format_set_font_size(title, 16);
    points = workbook_add_format(book);
    format_set_num_format(points, "0.00");
    date = workbook_add_format(book);
    format_set_num_format(date, "yyyy-mm-dd");
    wrap = workbook_add_format(book);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  }

  /// A sheet with a frozen header row and the given column widths.
  lxw_worksheet* sheet(const std::string& name, const std::vector<std::string>& header,
                       const std::vector<double>& widths) {
    auto* ws = workbook_add_worksheet(book, name.c_str());
    for (lxw_col_t c = 0; c < header.size(); ++c) {
      worksheet_set_column(ws, c, c, c < widths.size() ? widths[c] : 12, nullptr);
      worksheet_write_string(ws, 0, c, header[c].c_str(), head);
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
  }
  void text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s,
            lxw_format* f = nullptr) {
    if (!s.empty()) worksheet_write_string(ws, r, c, s.c_str(), f);
  }
  void number(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, double v, lxw_format* f = nullptr) {
    worksheet_write_number(ws, r, c, v, f);
  }
  void day(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::optional<Date>& d) {
    if (!d) return;
    lxw_datetime dt{static_cast<int>(d->year()),
                    static_cast<int>(unsigned(d->month())),
                    static_cast<int>(unsigned(d->day())),
                    0,
                    0,
                    0};
    worksheet_write_datetime(ws, r, c, &dt, date);
  }
  void finish(std::ostream& out) { file_.finish(out); }

  lxw_workbook* book = nullptr;
  lxw_format *head = nullptr, *title = nullptr, *points = nullptr, *date = nullptr, *wrap = nullptr;

 private:
  XlsxFile file_;
};

std::string label_of(const AssessmentReport& r, const KindRanking& k) {
  auto kind = std::string(to_string(k.kind));
  auto it = r.ranking.kind_labels.find(kind);
  return it == r.ranking.kind_labels.end() ? kind : it->second;
}

// 排名: every kind's lines; returns each kind's first and last row (for the charts).
std::vector<std::pair<lxw_row_t, lxw_row_t>> ranking_sheet(Book& b, const AssessmentReport& r) {
  auto* ws = b.sheet(
      "排名",
      {"类别", "名次", "单位", "总分", "等次", "加权得分", "加分", "上次名次", "名次变化", "说明"},
      {10, 6, 22, 9, 6, 10, 8, 9, 9, 60});
  std::vector<std::pair<lxw_row_t, lxw_row_t>> blocks;
  lxw_row_t row = 0;
  for (const auto& k : r.ranking.kinds) {
    lxw_row_t first = row + 1;
    for (const auto& u : k.units) {
      ++row;
      b.text(ws, row, 0, label_of(r, k));
      if (u.ranked()) b.number(ws, row, 1, u.rank);
      b.text(ws, row, 2, u.name);
      b.number(ws, row, 3, u.total, b.points);
      b.text(ws, row, 4, u.grade);
      b.number(ws, row, 5, round_points(u.weighted), b.points);
      b.number(ws, row, 6, round_points(u.bonus), b.points);
      if (u.previous_rank) b.number(ws, row, 7, *u.previous_rank);
      if (u.previous_rank && u.ranked()) b.number(ws, row, 8, *u.previous_rank - u.rank);
      b.text(ws, row, 9, u.note.zh);
    }
    blocks.emplace_back(first, row);
  }
  return blocks;
}

void indicator_sheets(Book& b, const AssessmentReport& r) {
  for (const auto& k : r.ranking.kinds) {
    const auto kind = std::string(to_string(k.kind));
    const auto& cols = r.columns.at(kind);
    std::vector<std::string> header = {"单位", "总分"};
    for (const auto& c : cols) header.push_back(c.second);
    for (auto h : {"到期事项", "按期整改", "按期率(%)", "逾期事项", "逾期天数", "返工", "申请延期",
                   "批准延期", "平均签收(小时)"})
      header.emplace_back(h);
    auto* ws = b.sheet("指标分析-" + label_of(r, k), header, {22, 9});
    lxw_row_t row = 0;
    for (const auto& u : k.units) {
      ++row;
      b.text(ws, row, 0, u.name);
      b.number(ws, row, 1, u.total, b.points);
      lxw_col_t c = 2;
      for (const auto& col : cols) {
        auto p = u.points.find(col.first);
        if (p != u.points.end()) b.number(ws, row, c, round_points(p->second), b.points);
        ++c;
      }
      auto f = r.ranking.records.find(u.unit);
      if (f == r.ranking.records.end()) continue;
      const auto& x = f->second;
      for (double v :
           {double(x.items_due), double(x.on_time), round_points(x.on_time_rate()),
            double(x.overdue_items()), double(x.overdue_days), double(x.rework),
            double(x.extensions_requested), double(x.extensions_approved), x.ack_hours()})
        b.number(ws, row, c++, v);
    }
  }
}

void problems_sheet(Book& b, const AssessmentReport& r) {
  auto* ws =
      b.sheet("存在问题", {"编号", "单位", "问题", "类别", "来源", "状态", "整改时限", "整改结果"},
              {8, 18, 50, 12, 10, 10, 12, 40});
  auto name = [&](const std::string& id) {
    auto it = r.unit_names.find(id);
    return it == r.unit_names.end() ? id : it->second;
  };
  lxw_row_t row = 0;
  for (const auto& it : r.items) {
    ++row;
    b.number(ws, row, 0, static_cast<double>(it.id));
    b.text(ws, row, 1, name(it.unit));
    b.text(ws, row, 2, it.title, b.wrap);
    b.text(ws, row, 3, it.category);
    b.text(ws, row, 4, std::string(label_zh(it.source)));
    b.text(ws, row, 5, std::string(label_zh(it.state)));
    if (it.standing) {
      b.text(ws, row, 6, "长期坚持");
    } else {
      b.day(ws, row, 6, it.due);
    }
    b.text(ws, row, 7, it.result, b.wrap);
  }
  for (const auto& p : r.problems) {
    if (p.item_id != 0) continue;  // listed as its item
    ++row;
    b.text(ws, row, 1, name(p.unit));
    b.text(ws, row, 2, p.title, b.wrap);
    b.text(ws, row, 3, p.category);
    b.text(ws, row, 4, std::string(label_zh(p.source)));
    b.text(ws, row, 5, "待反馈");
  }
}

void recommendations_sheet(Book& b, const AssessmentReport& r) {
  auto* ws = b.sheet("处理建议",
                     {"编号", "单位", "规则", "建议", "状态", "决定人", "决定时间", "整改事项"},
                     {6, 18, 28, 70, 8, 10, 22, 9});
  lxw_row_t row = 0;
  for (const auto& x : r.recommendations) {
    ++row;
    b.number(ws, row, 0, static_cast<double>(x.id));
    auto n = r.unit_names.find(x.unit);
    b.text(ws, row, 1, n == r.unit_names.end() ? x.unit : n->second);
    b.text(ws, row, 2, x.plugin + "/" + x.rule);
    b.text(ws, row, 3, x.text_zh, b.wrap);
    b.text(ws, row, 4, std::string(label_zh(x.state)));
    b.text(ws, row, 5, x.decided_by);
    b.text(ws, row, 6, x.decided_at);
    if (x.item_id) b.number(ws, row, 7, static_cast<double>(x.item_id));
  }
}

void feedback_sheet(Book& b, const AssessmentReport& r) {
  auto* ws = b.sheet("反馈",
                     {"单位", "类别", "名次", "总分", "等次", "主要失分指标", "问题数", "处理建议"},
                     {22, 10, 6, 9, 6, 40, 8, 80});
  lxw_row_t row = 0;
  for (const auto& f : r.feedback) {
    ++row;
    b.text(ws, row, 0, f.name);
    auto label = r.ranking.kind_labels.find(f.kind);
    b.text(ws, row, 1, label == r.ranking.kind_labels.end() ? f.kind : label->second);
    if (f.rank) b.number(ws, row, 2, f.rank);
    b.number(ws, row, 3, f.total, b.points);
    b.text(ws, row, 4, f.grade);
    std::string weakest, recs;
    for (const auto& w : f.weakest) weakest += (weakest.empty() ? "" : ";") + w;
    for (const auto& x : f.recommendations) recs += (recs.empty() ? "" : "\n") + x;
    b.text(ws, row, 5, weakest, b.wrap);
    b.number(ws, row, 6, f.problems);
    b.text(ws, row, 7, recs, b.wrap);
  }
}

void overview_sheet(Book& b, const AssessmentReport& r,
                    const std::vector<std::pair<lxw_row_t, lxw_row_t>>& blocks) {
  auto* ws = workbook_get_worksheet_by_name(b.book, "基本情况");
  worksheet_set_column(ws, 0, 0, 16, nullptr);
  worksheet_set_column(ws, 1, 3, 14, nullptr);
  b.text(ws, 0, 0, r.county + " " + r.round + " 综合评定报告", b.title);
  b.text(ws, 2, 0, "评估期间");
  b.text(ws, 2, 1, r.period);
  b.text(ws, 3, 0, "排名");
  b.text(ws, 3, 1,
         r.ranking.published
             ? "已公布 " + r.ranking.published_at + "(" + r.ranking.published_by + ")"
             : "未公布(按当前评分计算的草稿)");
  b.text(ws, 4, 0, "生成时间");
  b.text(ws, 4, 1, r.generated_at);
  lxw_row_t row = 6;
  for (auto [c, h] : {std::pair{0, "步骤"}, {1, "状态"}, {2, "时限"}, {3, "完成时间"}})
    b.text(ws, row, c, h, b.head);
  for (const auto& s : r.record.steps) {
    ++row;
    b.text(ws, row, 0, std::to_string(number(s.step)) + " " + std::string(label_zh(s.step)));
    b.text(ws, row, 1, std::string(label_zh(s.state)));
    b.day(ws, row, 2, parse_date(s.due_date));
    b.text(ws, row, 3, s.completed_at);
  }
  row += 2;
  b.text(ws, row, 0, "综合评价", b.head);
  for (const auto& t : r.evaluation) b.text(ws, ++row, 0, t.zh);
  // 等次分布 per kind, and a column chart of it.
  row += 2;
  b.text(ws, row, 0, "等次分布", b.head);
  const lxw_row_t grades_first = row + 1;
  std::vector<std::string> grades;
  for (const auto& k : r.ranking.kinds)
    for (const auto& u : k.units)
      if (!u.grade.empty() && std::find(grades.begin(), grades.end(), u.grade) == grades.end())
        grades.push_back(u.grade);
  std::sort(grades.begin(), grades.end());
  for (std::size_t g = 0; g < grades.size(); ++g) b.text(ws, grades_first + g, 0, grades[g]);
  lxw_col_t col = 1;
  for (const auto& k : r.ranking.kinds) {
    b.text(ws, row, col, label_of(r, k), b.head);
    for (std::size_t g = 0; g < grades.size(); ++g) {
      int n = 0;
      for (const auto& u : k.units) n += u.ranked() && u.grade == grades[g];
      b.number(ws, grades_first + g, col, n);
    }
    ++col;
  }
  if (!grades.empty()) {
    auto* chart = workbook_add_chart(b.book, LXW_CHART_COLUMN);
    chart_title_set_name(chart, "等次分布");
    for (lxw_col_t c = 1; c < col; ++c) {
      auto* s = chart_add_series(chart, nullptr, nullptr);
      chart_series_set_categories(s, "基本情况", grades_first, 0, grades_first + grades.size() - 1,
                                  0);
      chart_series_set_values(s, "基本情况", grades_first, c, grades_first + grades.size() - 1, c);
      chart_series_set_name_range(s, "基本情况", row, c);
    }
    worksheet_insert_chart(ws, 6, 5, chart);
  }
  // 综合得分: a bar chart per kind from the ranking sheet.
  lxw_row_t at = 22;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    auto [first, last] = blocks[i];
    if (last < first) continue;
    auto* chart = workbook_add_chart(b.book, LXW_CHART_BAR);
    chart_title_set_name(chart, (label_of(r, r.ranking.kinds[i]) + "综合得分").c_str());
    auto* s = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(s, "排名", first, 2, last, 2);
    chart_series_set_values(s, "排名", first, 3, last, 3);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_reverse(chart->y_axis);  // first place on top
    lxw_chart_options size{};
    size.y_scale = std::max(1.0, (last - first + 1) / 8.0);
    worksheet_insert_chart_opt(ws, at, 5, chart, &size);
    at += static_cast<lxw_row_t>(16 * size.y_scale) + 2;
  }
}

}  // namespace

void write_report_xlsx(const AssessmentReport& r, std::ostream& out) {
  Book b;
  workbook_add_worksheet(b.book, "基本情况");
  auto blocks = ranking_sheet(b, r);
  indicator_sheets(b, r);
  problems_sheet(b, r);
  recommendations_sheet(b, r);
  feedback_sheet(b, r);
  overview_sheet(b, r, blocks);
  b.finish(out);
}

}  // namespace duban::app
