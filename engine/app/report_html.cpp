// 综合评定报告 as one standalone HTML file: inline CSS, inline SVG charts drawn here (the ranking
// as bars, the distribution of totals), nothing fetched from anywhere, so it opens offline.
#include <algorithm>
#include <cstdio>
#include <ostream>

#include "app/report_cases.hpp"

namespace duban::app {

namespace {

std::string esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fixed(double v, int decimals = 2) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string label_of(const AssessmentReport& r, UnitKind kind) {
  auto k = std::string(to_string(kind));
  auto it = r.ranking.kind_labels.find(k);
  return it == r.ranking.kind_labels.end() ? k : it->second;
}

void table(std::ostream& out, const std::vector<std::string>& header,
           const std::vector<std::vector<std::string>>& rows) {
  out << "<table><thead><tr>";
  for (const auto& h : header) out << "<th>" << esc(h) << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const auto& row : rows) {
    out << "<tr>";
    for (const auto& c : row) out << "<td>" << esc(c) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
}

// Horizontal bars, first place on top, the vetoed in grey.
void ranking_svg(std::ostream& out, const KindRanking& k, const std::string& title) {
  const int bar = 22, label = 150, width = 640, top = 30;
  const int height = top + bar * static_cast<int>(k.units.size()) + 10;
  double max = 100;
  for (const auto& u : k.units) max = std::max(max, u.total);
  out << "<svg class=\"chart\" role=\"img\" aria-label=\"" << esc(title)
      << "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\">\n<title>" << esc(title)
      << "</title><text x=\"0\" y=\"18\" class=\"t\">" << esc(title) << "</text>\n";
  int y = top;
  for (const auto& u : k.units) {
    const double w = (width - label - 60) * u.total / max;
    out << "<text x=\"" << label - 6 << "\" y=\"" << y + 15 << "\" text-anchor=\"end\">"
        << esc(u.name) << "</text><rect x=\"" << label << "\" y=\"" << y + 3 << "\" width=\""
        << fixed(w, 1) << "\" height=\"" << bar - 6 << "\" class=\""
        << (u.vetoed() ? "veto"
            : u.last   ? "last"
                       : "bar")
        << "\"/><text x=\"" << fixed(label + w + 4, 1) << "\" y=\"" << y + 15 << "\">"
        << fixed(u.total) << "</text>\n";
    y += bar;
  }
  out << "</svg>\n";
}

// The distribution of totals in bands of 10 points.
void distribution_svg(std::ostream& out, const KindRanking& k, const std::string& title) {
  int bins[10] = {};
  for (const auto& u : k.units) {
    if (!u.ranked()) continue;
    int b = std::clamp(static_cast<int>(u.total / 10), 0, 9);
    ++bins[b];
  }
  const int width = 640, height = 220, left = 30, bottom = 190, col = 58;
  int most = 1;
  for (int n : bins) most = std::max(most, n);
  out << "<svg class=\"chart\" role=\"img\" aria-label=\"" << esc(title)
      << "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\">\n<title>" << esc(title)
      << "</title><text x=\"0\" y=\"18\" class=\"t\">" << esc(title) << "</text>\n";
  for (int b = 0; b < 10; ++b) {
    const double h = 150.0 * bins[b] / most;
    const int x = left + b * col;
    out << "<rect x=\"" << x + 4 << "\" y=\"" << fixed(bottom - h, 1) << "\" width=\"" << col - 8
        << "\" height=\"" << fixed(h, 1) << "\" class=\"bar\"/><text x=\"" << x + col / 2
        << "\" y=\"" << bottom + 16 << "\" text-anchor=\"middle\">" << b * 10 << "–"
        << (b == 9 ? 100 : b * 10 + 9) << "</text>";
    if (bins[b]) {
      out << "<text x=\"" << x + col / 2 << "\" y=\"" << fixed(bottom - h - 4, 1)
          << "\" text-anchor=\"middle\">" << bins[b] << "</text>";
    }
    out << "\n";
  }
  out << "</svg>\n";
}

}  // namespace

void write_report_html(const AssessmentReport& r, std::ostream& out) {
  const std::string title = r.county + " " + r.round + " 综合评定报告";
  out << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
      << esc(title)
      << "</title><style>body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
         "margin:2em auto;max-width:1100px;padding:0 1em;color:#222}h1{font-size:1.6em}"
         "h2{border-bottom:2px solid #2f6fad;padding-bottom:.2em;margin-top:2em}table{border-"
         "collapse:collapse;margin:.5em 0 1em;font-size:.9em}th,td{border:1px solid #bbb;"
         "padding:.25em .5em;vertical-align:top}th{background:#ddebf7}.chart text{font-size:12px}"
         ".chart .t{font-size:14px;font-weight:bold}.bar{fill:#2f6fad}.last{fill:#d9822b}"
         ".veto{fill:#999}.draft{color:#b00}</style></head><body>\n<h1>"
      << esc(title) << "</h1>\n";
  out << "<h2>一、基本情况</h2>\n<p>评估期间:" << esc(r.period) << "。排名:"
      << (r.ranking.published
              ? "已公布(" + esc(r.ranking.published_at) + "," + esc(r.ranking.published_by) + ")"
              : "<span class=\"draft\">未公布,按当前评分计算的草稿</span>")
      << "。生成时间:" << esc(r.generated_at) << "。</p>\n";
  std::vector<std::vector<std::string>> steps;
  for (const auto& s : r.record.steps) {
    steps.push_back({std::to_string(number(s.step)) + " " + std::string(label_zh(s.step)),
                     std::string(label_zh(s.state)), s.due_date, s.completed_at});
  }
  table(out, {"步骤", "状态", "时限", "完成时间"}, steps);

  out << "<h2>二、指标分析</h2>\n";
  for (const auto& k : r.ranking.kinds) {
    const auto label = label_of(r, k.kind);
    out << "<h3>" << esc(label) << "</h3>\n";
    ranking_svg(out, k, label + "综合得分");
    distribution_svg(out, k, label + "得分分布");
    const auto& cols = r.columns.at(std::string(to_string(k.kind)));
    std::vector<std::string> header = {"名次", "单位", "总分", "等次", "加分"};
    for (const auto& c : cols) header.push_back(c.second);
    header.insert(header.end(), {"按期整改率", "逾期事项", "返工", "上次名次", "说明"});
    std::vector<std::vector<std::string>> rows;
    for (const auto& u : k.units) {
      std::vector<std::string> row = {u.ranked() ? std::to_string(u.rank) : "-", u.name,
                                      fixed(u.total), u.grade, fixed(u.bonus)};
      for (const auto& c : cols) {
        auto p = u.points.find(c.first);
        row.push_back(p == u.points.end() ? "" : fixed(p->second));
      }
      auto f = r.ranking.records.find(u.unit);
      row.push_back(f == r.ranking.records.end() ? "" : fixed(f->second.on_time_rate(), 1) + "%");
      row.push_back(f == r.ranking.records.end() ? "" : std::to_string(f->second.overdue_items()));
      row.push_back(f == r.ranking.records.end() ? "" : std::to_string(f->second.rework));
      row.push_back(u.previous_rank ? std::to_string(*u.previous_rank) : "");
      row.push_back(u.note.zh);
      rows.push_back(std::move(row));
    }
    table(out, header, rows);
  }

  out << "<h2>三、存在问题</h2>\n";
  std::vector<std::vector<std::string>> problems;
  auto name = [&](const std::string& id) {
    auto it = r.unit_names.find(id);
    return it == r.unit_names.end() ? id : it->second;
  };
  for (const auto& it : r.items) {
    problems.push_back({std::to_string(it.id), name(it.unit), it.title, it.category,
                        std::string(label_zh(it.state)),
                        it.standing ? "长期坚持"
                        : it.due    ? format_date(*it.due)
                                    : ""});
  }
  for (const auto& p : r.problems)
    if (p.item_id == 0) problems.push_back({"", name(p.unit), p.title, p.category, "待反馈", ""});
  if (problems.empty()) {
    out << "<p>本轮尚未记录问题。</p>\n";
  } else {
    table(out, {"编号", "单位", "问题", "类别", "状态", "整改时限"}, problems);
  }

  out << "<h2>四、综合评价</h2>\n";
  for (const auto& t : r.evaluation) out << "<p>" << esc(t.zh) << "</p>\n";

  out << "<h2>五、处理建议</h2>\n";
  std::vector<std::vector<std::string>> recs;
  for (const auto& x : r.recommendations) {
    recs.push_back({std::to_string(x.id), name(x.unit), x.text_zh, std::string(label_zh(x.state)),
                    x.decided_by});
  }
  if (recs.empty()) {
    out << "<p>激励与问责规则尚未提出建议(排名公布后提出)。</p>\n";
  } else {
    table(out, {"编号", "单位", "建议", "状态", "决定人"}, recs);
  }

  out << "<h2>附:沟通反馈表</h2>\n";
  std::vector<std::vector<std::string>> feedback;
  for (const auto& f : r.feedback) {
    std::string weakest, advice;
    for (const auto& w : f.weakest) weakest += (weakest.empty() ? "" : ";") + w;
    for (const auto& a : f.recommendations) advice += (advice.empty() ? "" : ";") + a;
    feedback.push_back({f.name,
                        f.rank ? std::to_string(f.rank) + "/" + std::to_string(f.ranked) : "-",
                        fixed(f.total), f.grade, weakest, std::to_string(f.problems), advice});
  }
  table(out, {"单位", "名次", "总分", "等次", "主要失分指标", "问题数", "处理建议"}, feedback);
  out << "</body></html>\n";
}

}  // namespace duban::app
