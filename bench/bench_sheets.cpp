// duban_bench_sheets: importing a large problem list from XLSX and from a GB18030 CSV next to the
// same list as UTF-8 CSV, in the same run (target: each within 1.5× of UTF-8 CSV).
//
//   ./build/bench/duban_bench_sheets [--rows N] [--runs N] [--dir DIR]
#include <xlsxwriter.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/item_cases.hpp"
#include "app/queries.hpp"
#include "app/sheet.hpp"
#include "bench_engine.hpp"
#include "clock/clock.hpp"
#include "config/config.hpp"
#include "store/soci_store.hpp"
#include "support_command.hpp"

namespace fs = std::filesystem;
using namespace duban;
using Seconds = std::chrono::duration<double>;
using bench::Spread;
using bench::spread;

namespace {

using bench::Engine;

// A county list as offices write it: the seed's columns with 序号, a title row, Chinese
// deadlines in several forms, an extra column.
std::vector<std::vector<std::string>> rows_of(int n) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"2020年上半年问题整改清单"});
  rows.push_back({"序号", "轮次", "来源", "类别", "问题", "具体表现", "整改措施", "牵头单位",
                  "责任人", "整改时限", "备注"});
  const char* units[] = {"龙潭镇", "新民乡", "shimen", "县教育局", "baisha"};
  const char* dues[] = {"2020年5月15日", "5月15日前", "2020年6月底前", "2020-07-31", "2020/8/1"};
  for (int i = 0; i < n; ++i) {
    rows.push_back({std::to_string(i + 1), "2020-H1", i % 3 ? "国家" : "省级", "精准帮扶",
                    "问题 " + std::to_string(i) + ",帮扶不到位",
                    "个别村在贫困户识别过程中将父母与子女分户识别 " + std::to_string(i),
                    "逐户核查,确保识别精准 " + std::to_string(i), units[i % 5],
                    "责任人" + std::to_string(i % 17), dues[i % 5], i % 7 ? "" : "重点"});
  }
  return rows;
}

std::string csv_of(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i) out += ',';
      bool quote = r[i].find(',') != std::string::npos;
      out += quote ? "\"" + r[i] + "\"" : r[i];
    }
    out += "\n";
  }
  return out;
}

void write_xlsx(const fs::path& file, const std::vector<std::vector<std::string>>& rows) {
  lxw_workbook* book = workbook_new(file.c_str());  // shared strings, as Excel writes them
  lxw_worksheet* sheet = workbook_add_worksheet(book, "整改清单");
  for (lxw_row_t r = 0; r < rows.size(); ++r) {
    for (lxw_col_t c = 0; c < rows[r].size(); ++c) {
      const auto& v = rows[r][c];
      if (v.empty()) continue;
      if (c == 0 && r > 1) {
        worksheet_write_number(sheet, r, c, std::stod(v), nullptr);
      } else {
        worksheet_write_string(sheet, r, c, v.c_str(), nullptr);
      }
    }
  }
  if (workbook_close(book) != LXW_NO_ERROR) std::exit(1);
}

double import_file(const fs::path& dir, const fs::path& file, int rows, int run) {
  Engine e(dir / ("import-" + file.stem().string() + "-" + std::to_string(run) + ".db"));
  std::ifstream in(file, std::ios::binary);
  auto start = std::chrono::steady_clock::now();
  auto result = app::import_items(*e.services, "office", in, file.string(), false, {});
  double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  if (result.rows != static_cast<std::size_t>(rows)) std::exit(1);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  int rows = 100000, runs = 3;
  bool keep = false;
  fs::path dir = fs::temp_directory_path() / "duban-bench-sheets";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help") {
      std::cout << "usage: duban_bench_sheets [--rows N] [--runs N] [--dir DIR] [--keep]\n"
                   "  --keep  leave the files and databases in DIR\n";
      return 0;
    }
    if (a == "--keep") {
      keep = true;
      continue;
    }
    if (i + 1 >= argc) break;
    if (a == "--rows")
      rows = std::stoi(argv[++i]);
    else if (a == "--runs")
      runs = std::stoi(argv[++i]);
    else if (a == "--dir")
      dir = argv[++i];
  }
  if (runs < 1 || rows < 1) {
    std::cerr << "--rows and --runs must be at least 1\n";
    return 2;
  }
  set_current_lang(Lang::en);
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto data = rows_of(rows);
  auto utf8 = csv_of(data);
  std::ofstream(dir / "list-utf8.csv", std::ios::binary) << utf8;
  std::ofstream(dir / "list-gb18030.csv", std::ios::binary) << app::utf8_to_gb18030(utf8);
  write_xlsx(dir / "list.xlsx", data);
  std::cout << "files: " << rows << " rows; UTF-8 CSV " << fs::file_size(dir / "list-utf8.csv")
            << " bytes, GB18030 CSV " << fs::file_size(dir / "list-gb18030.csv") << " bytes, XLSX "
            << fs::file_size(dir / "list.xlsx") << " bytes\n";
  // Each run imports the three into fresh databases one after the other, so that the ratios
  // compare imports under the same load.
  std::vector<double> utf, gb, xlsx, gb_ratio, xlsx_ratio;
  for (int run = 0; run < runs; ++run) {
    // The order turns each run, so that no format always goes first (or last) on a busy disk.
    double t[3];
    for (int k = 0; k < 3; ++k) {
      int f = (k + run) % 3;
      const char* name[] = {"list-utf8.csv", "list-gb18030.csv", "list.xlsx"};
      t[f] = import_file(dir, dir / name[f], rows, run);
    }
    double u = t[0], g = t[1], x = t[2];
    utf.push_back(u), gb.push_back(g), xlsx.push_back(x);
    gb_ratio.push_back(g / u), xlsx_ratio.push_back(x / u);
    std::cout << "run " << run + 1 << ": UTF-8 CSV " << u << " s, GB18030 CSV " << g << " s, XLSX "
              << x << " s" << std::endl;
  }
  auto show = [](const char* what, const Spread& s, const char* unit) {
    std::cout << what << ": median " << s.median << unit << " (min " << s.min << ", max " << s.max
              << ")\n";
  };
  show("import UTF-8 CSV", spread(utf), " s");
  show("import GB18030 CSV", spread(gb), " s");
  show("import XLSX", spread(xlsx), " s");
  show("GB18030 / UTF-8 (target <= 1.5)", spread(gb_ratio), "");
  show("XLSX / UTF-8 (target <= 1.5)", spread(xlsx_ratio), "");
  if (!keep) fs::remove_all(dir);
  return 0;
}
