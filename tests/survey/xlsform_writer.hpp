#pragma once
// XLSForm workbooks for tests: written with libxlsxwriter, sheet by sheet, row by row (the
// first row of each is its header), as a county's Excel would save them.
#include <xlsxwriter.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace duban::testing {

using SheetRows = std::vector<std::vector<std::string>>;

inline void write_xlsform(const std::filesystem::path& path, const SheetRows& survey,
                          const SheetRows& choices, const SheetRows& settings) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) throw std::runtime_error("cannot write " + path.string());
  auto sheet = [&](const char* name, const SheetRows& rows) {
    if (rows.empty()) return;
    lxw_worksheet* s = workbook_add_worksheet(book, name);
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (std::size_t c = 0; c < rows[r].size(); ++c)
        if (!rows[r][c].empty())
          worksheet_write_string(s, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                 rows[r][c].c_str(), nullptr);
  };
  sheet("survey", survey);
  sheet("choices", choices);
  sheet("settings", settings);
  if (workbook_close(book) != LXW_NO_ERROR)
    throw std::runtime_error("cannot close " + path.string());
}

inline const SheetRows kYesNoChoices = {
    {"list_name", "name", "label"}, {"yes_no", "yes", "是"}, {"yes_no", "no", "否"}};

inline SheetRows household_settings(const std::string& id = "test_form") {
  return {{"form_id", "form_title", "version", "subject", "household_kinds"},
          {id, "测试问卷", "1", "household", "贫困户 脱贫户"}};
}

}  // namespace duban::testing
