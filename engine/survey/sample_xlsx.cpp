#include "survey/sample_xlsx.hpp"

#include "app/xlsx_file.hpp"

namespace duban::survey {

namespace {

std::string joined(const std::vector<Text>& notes) {
  std::string out;
  for (const auto& n : notes) out += (out.empty() ? "" : ";") + n.zh;
  return out;
}

std::string why(const SampledHousehold& h) {
  switch (h.reason) {
    case SampleReason::quota:
      return std::string(label_zh(h.quota)) + "名额";
    case SampleReason::substitute:
      return "调剂:补" + std::string(label_zh(h.quota)) + "名额";
    case SampleReason::edge:
      return "边缘户全覆盖";
    case SampleReason::monitored:
      return "监测户全覆盖";
  }
  return "";
}

void header(lxw_worksheet* sheet, lxw_format* bold, const std::vector<std::string>& names,
            const std::vector<double>& widths) {
  for (lxw_col_t c = 0; c < names.size(); ++c) {
    worksheet_set_column(sheet, c, c, widths[c], nullptr);
    worksheet_write_string(sheet, 0, c, names[c].c_str(), bold);
  }
  worksheet_freeze_panes(sheet, 1, 0);
}

}  // namespace

void write_sample_xlsx(const DrawnSample& d, std::ostream& out) {
  app::XlsxFile file(false);
  auto* book = file.book();
  auto* bold = workbook_add_format(book);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xDDEBF7);
  format_set_border(bold, LXW_BORDER_THIN);
  auto* villages = workbook_add_worksheet(book, "样本村");
  header(villages, bold, {"序号", "乡镇", "村", "村类型", "兼顾", "样本户数", "说明"},
         {6, 14, 14, 10, 6, 10, 50});
  auto* households = workbook_add_worksheet(book, "样本户");
  header(households, bold,
         {"序号", "乡镇", "村", "户编号", "户主姓名", "身份证号", "户类型", "标签", "边缘户",
          "监测户", "抽取原因"},
         {6, 14, 14, 16, 10, 22, 12, 16, 8, 8, 20});
  lxw_row_t vr = 0, hr = 0;
  for (const auto& v : d.sample.villages) {
    ++vr;
    worksheet_write_number(villages, vr, 0, static_cast<double>(vr), nullptr);
    worksheet_write_string(villages, vr, 1, v.township_name.c_str(), nullptr);
    worksheet_write_string(villages, vr, 2, v.name.c_str(), nullptr);
    worksheet_write_string(villages, vr, 3, std::string(label_zh(v.kind)).c_str(), nullptr);
    worksheet_write_string(villages, vr, 4, v.covers ? "是" : "", nullptr);
    worksheet_write_number(villages, vr, 5, static_cast<double>(v.households.size()), nullptr);
    worksheet_write_string(villages, vr, 6, joined(v.notes).c_str(), nullptr);
    for (const auto& h : v.households) {
      ++hr;
      const std::string cells[] = {v.township_name,
                                   v.name,
                                   h.number,
                                   h.head,
                                   masked_id(h.id_tail),
                                   std::string(label_zh(h.kind)),
                                   household_tags_zh(h.tags),
                                   h.edge ? "是" : "否",
                                   h.monitored ? "是" : "否",
                                   why(h)};
      worksheet_write_number(households, hr, 0, static_cast<double>(hr), nullptr);
      for (lxw_col_t c = 0; c < std::size(cells); ++c)
        worksheet_write_string(households, hr, c + 1, cells[c].c_str(), nullptr);
    }
  }
  if (!d.sample.notes.empty()) {
    worksheet_write_string(villages, vr + 2, 1, ("注意:" + joined(d.sample.notes)).c_str(),
                           nullptr);
  }
  worksheet_write_string(
      villages, vr + 3, 1,
      ("种子 " + d.sample.seed + ",花名册摘要 " + d.record.roster_digest).c_str(), nullptr);
  file.finish(out);
}

}  // namespace duban::survey
