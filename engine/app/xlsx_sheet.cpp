// XLSX (Office Open XML SpreadsheetML) read as a Sheet: the first worksheet of the workbook, its
// shared and inline strings, numbers as Excel shows them and dates (serial numbers in a date
// format) as YYYY-MM-DD. The zip through zip_reader, the XML through expat, a block at a time:
// the rows of a large sheet are never all in memory.
#include <algorithm>
#include <deque>

#include "app/sheet.hpp"
#include "app/xlsx_parts.hpp"

namespace duban::app {

namespace {

using namespace xlsx;

constexpr std::size_t kCellBytes = 64 * 1024;
constexpr std::size_t kColumns = 256;
// The rows the first pass keeps for the second, compactly (a shared string by its index): parsing
// the XML is most of reading a workbook, and a second parse would double it. A sheet larger than
// this is parsed again instead.
constexpr std::size_t kCachedCells = 8'000'000;
constexpr std::size_t kCachedTextBytes = std::size_t{256} << 20;

/// Rows as the first pass read them, to be served again without parsing.
struct RowCache {
  struct Cell {
    std::uint32_t column = 0;
    bool shared = false;
    std::uint32_t index = 0;  ///< shared: the string's index; otherwise the text's offset
    std::uint32_t length = 0;
  };
  std::vector<std::pair<std::size_t, std::size_t>> rows;  ///< line, first cell
  std::vector<Cell> cells;
  std::string text;
  bool usable = true;  ///< false once it would have grown past its limits
  void add_row(std::size_t line) {
    if (usable) rows.emplace_back(line, cells.size());
  }
  void add(std::size_t column, bool shared, std::uint32_t index, const std::string& value) {
    if (!usable) return;
    if (cells.size() >= kCachedCells || text.size() + value.size() > kCachedTextBytes) {
      usable = false;
      rows = {};
      cells = {};
      text = {};
      return;
    }
    Cell c{static_cast<std::uint32_t>(column), shared, index,
           static_cast<std::uint32_t>(value.size())};
    if (!shared) {
      c.index = static_cast<std::uint32_t>(text.size());
      text += value;
    }
    cells.push_back(c);
  }
};

/// The rows of a worksheet, each complete when its </row> is seen.
struct Worksheet : XmlHandler {
  const std::vector<std::string>* strings = nullptr;
  RowCache* cache = nullptr;  ///< the first pass fills it
  const std::vector<bool>* date_xf = nullptr;
  bool date1904 = false;
  std::string file, sheet;  ///< the file's name, the sheet's
  std::deque<SheetRow> ready;
  std::vector<SheetRow> spare;  ///< rows handed back, their strings to be reused
  std::size_t width = 0;        ///< of the current row: up to its last cell with a value

  SheetRow row;
  bool in_row = false;
  std::size_t last_row = 0;
  long column = -1;
  /// The cell's type (the t attribute): 's' shared string, 'i' inline string, 'f' formula
  /// string (str), 'e' error, 'b' boolean, 'd' ISO date, 'n' number.
  char type = 'n';
  std::string ref;
  int style = 0;
  bool in_v = false, in_cell = false;
  std::string value;
  StringText inline_text;
  bool in_inline = false;

  void start(std::string_view name, const char** atts) override {
    if (name == "row") {
      in_row = true;
      auto r = attr(atts, "r");
      if (!spare.empty()) {
        row = std::move(spare.back());
        spare.pop_back();
      }
      row.line = r ? std::strtoul(r, nullptr, 10) : last_row + 1;
      if (cache) cache->add_row(row.line);
      for (auto& c : row.cells) c.clear();
      width = 0;
      column = -1;
    } else if (name == "c" && in_row) {
      // The hot path of a large sheet: its attributes in one pass.
      const char *r = nullptr, *t = nullptr, *s = nullptr;
      for (int i = 0; atts[i]; i += 2) {
        auto n = local(atts[i]);
        if (n.size() != 1) continue;
        if (n[0] == 'r') r = atts[i + 1];
        if (n[0] == 't') t = atts[i + 1];
        if (n[0] == 's') s = atts[i + 1];
      }
      ref = r ? r : "";
      column = r ? column_of(r) : column + 1;
      in_cell = true;
      std::string_view tv = t ? t : "n";
      type = tv == "s"           ? 's'
             : tv == "inlineStr" ? 'i'
             : tv == "str"       ? 'f'
             : tv == "e"         ? 'e'
             : tv == "b"         ? 'b'
             : tv == "d"         ? 'd'
                                 : 'n';
      style = s ? std::atoi(s) : 0;
      value.clear();
      inline_text.value.clear();
    } else if (name == "v") {
      in_v = true;
    } else if (name == "is") {
      in_inline = true;
    }
    if (in_inline) inline_text.start(name);
  }
  void text(const char* s, int n) override {
    if (in_v) value.append(s, static_cast<std::size_t>(n));
    if (in_inline) inline_text.text(s, n);
  }
  void end(std::string_view name) override {
    if (in_inline) inline_text.end(name);
    if (name == "v") {
      in_v = false;
    } else if (name == "is") {
      in_inline = false;
    } else if (name == "c" && in_row) {
      in_cell = false;
      cell();
    } else if (name == "row") {
      in_row = false;
      last_row = row.line;
      row.cells.resize(width);
      ready.push_back(std::move(row));
      row = SheetRow{};
    }
  }
  Text where() const override {
    if (!in_row) return {};
    std::string at = in_cell && column >= 0 ? column_letters(static_cast<std::size_t>(column)) +
                                                  std::to_string(row.line)
                                            : "";
    if (at.empty()) {
      auto n = std::to_string(row.line);
      return {"工作表“" + sheet + "”第 " + n + " 行", "sheet \"" + sheet + "\" row " + n};
    }
    return {"工作表“" + sheet + "”" + at + " 单元格", "sheet \"" + sheet + "\" cell " + at};
  }
  void cell() {
    if (value.empty() && inline_text.value.empty()) return;  // a formatted but empty cell
    if (column < 0 || static_cast<std::size_t>(column) >= kColumns) {
      refuse(file,
             {"单元格 " + ref + " 超出了 " + std::to_string(kColumns) + " 列的上限",
              "cell " + ref + " is beyond the limit of " + std::to_string(kColumns) + " columns"});
    }
    auto c = static_cast<std::size_t>(column);
    if (row.cells.size() <= c) row.cells.resize(c + 1);
    // Written into the row's own string, whose buffer a previous row left behind.
    auto& text = row.cells[c];
    if (type == 's') {
      auto i = std::strtoul(value.c_str(), nullptr, 10);
      if (i >= strings->size()) {
        refuse(file, {"单元格 " + ref + " 引用了不存在的共享字符串",
                      "cell " + ref + " refers to a shared string that does not exist"});
      }
      text = (*strings)[i];
    } else if (type == 'i') {
      text.swap(inline_text.value);
    } else if (type == 'f' || type == 'e') {
      text.swap(value);
    } else if (type == 'b') {
      text = value == "1" ? "TRUE" : "FALSE";
    } else if (type == 'd') {
      text = value.substr(0, value.find('T'));  // ISO 8601; the date is what a deadline needs
    } else {
      bool date = style >= 0 && static_cast<std::size_t>(style) < date_xf->size() &&
                  (*date_xf)[static_cast<std::size_t>(style)];
      text = date ? serial_date(value, date1904) : number_text(value);
    }
    if (text.size() > kCellBytes) {
      refuse(file, {"单元格 " + ref + " 的内容超过长度上限",
                    "cell " + ref + " exceeds the length limit"});
    }
    if (text.empty()) return;
    width = std::max(width, c + 1);
    if (cache) {
      bool shared = type == 's';
      cache->add(c, shared,
                 shared ? static_cast<std::uint32_t>(std::strtoul(value.c_str(), nullptr, 10)) : 0,
                 text);
    }
  }
};

std::string part_path(std::string target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  return "xl/" + target;
}

class XlsxSheet : public Sheet {
 public:
  /// The first sheet, or the one named `wanted` (ASCII case ignored; sheet_ stays null when the
  /// workbook has none by that name).
  XlsxSheet(std::istream& in, std::string file_name, const std::string* wanted = nullptr)
      : file_(std::move(file_name)), zip_(in, file_) {
    auto need = [&](const std::string& name) -> const ZipEntry& {
      if (auto e = zip_.find(name)) return *e;
      refuse(file_, {"不是有效的 XLSX 工作簿(缺少 " + name + ")",
                     "not a valid XLSX workbook (" + name + " is missing)"});
    };
    Workbook book;
    XmlFeed(zip_, need("xl/workbook.xml"), book, file_).run();
    Relationships rels;
    XmlFeed(zip_, need("xl/_rels/workbook.xml.rels"), rels, file_).run();
    if (wanted) {
      auto same = [&](const std::string& a) {
        return a.size() == wanted->size() &&
               std::equal(a.begin(), a.end(), wanted->begin(), [](char x, char y) {
                 return std::tolower(static_cast<unsigned char>(x)) ==
                        std::tolower(static_cast<unsigned char>(y));
               });
      };
      auto it = std::find_if(book.sheets.begin(), book.sheets.end(),
                             [&](const auto& s) { return same(s.first); });
      if (it == book.sheets.end()) return;
      book.sheet_name = it->first;
      book.sheet_rel = it->second;
    }
    auto target = rels.targets.find(book.sheet_rel);
    if (book.sheet_rel.empty() || target == rels.targets.end()) {
      refuse(file_, {"工作簿中没有工作表", "the workbook has no worksheet"});
    }
    sheet_name_ = book.sheet_name;
    sheet_ = &need(part_path(target->second));
    if (auto e = zip_.find("xl/sharedStrings.xml")) {
      SharedStrings shared;
      XmlFeed(zip_, *e, shared, file_).run();
      strings_ = std::move(shared.strings);
    }
    if (auto e = zip_.find("xl/styles.xml")) {
      Styles styles;
      XmlFeed(zip_, *e, styles, file_).run();
      styles.finish();
      date_xf_ = std::move(styles.date_xf);
    }
    date1904_ = book.date1904;
    rewind();
  }
  bool next(SheetRow& row) override {
    if (replaying_) return replay(row);
    while (sheet_state_.ready.empty()) {
      if (!feed_->step() && sheet_state_.ready.empty()) {
        feed_done_ = true;
        return false;
      }
    }
    // Swapped, not moved: the strings of the caller's previous row are reused for a later one.
    std::swap(row, sheet_state_.ready.front());
    sheet_state_.spare.push_back(std::move(sheet_state_.ready.front()));
    sheet_state_.ready.pop_front();
    return true;
  }
  void rewind() override {
    feed_.reset();
    sheet_state_ = Worksheet{};
    sheet_state_.strings = &strings_;
    sheet_state_.date_xf = &date_xf_;
    sheet_state_.date1904 = date1904_;
    sheet_state_.file = file_;
    sheet_state_.sheet = sheet_name_;
    // The first pass parses and keeps its rows; a rewind after it was read to its end serves them
    // again (or, past the cache's limits, parses again).
    if (feed_done_ && cache_.usable) {
      replaying_ = true;
      next_row_ = 0;
      return;
    }
    replaying_ = false;
    cache_ = RowCache{};
    sheet_state_.cache = &cache_;
    feed_ = std::make_unique<XmlFeed>(zip_, *sheet_, sheet_state_, file_);
  }
  bool found() const { return sheet_ != nullptr; }
  Text described() const override {
    return {"XLSX,工作表“" + sheet_name_ + "”", "XLSX, sheet \"" + sheet_name_ + "\""};
  }
  std::optional<Text> cell_at(std::size_t line, std::size_t column) const override {
    auto ref = column_letters(column) + std::to_string(line);
    return Text{"工作表“" + sheet_name_ + "”" + ref, "sheet \"" + sheet_name_ + "\" cell " + ref};
  }

 private:
  std::string file_;
  ZipArchiveReader zip_;
  const ZipEntry* sheet_ = nullptr;
  std::string sheet_name_;
  std::vector<std::string> strings_;
  std::vector<bool> date_xf_;
  bool date1904_ = false;
  bool replay(SheetRow& row) {
    if (next_row_ == cache_.rows.size()) return false;
    auto [line, first] = cache_.rows[next_row_];
    auto end = next_row_ + 1 < cache_.rows.size() ? cache_.rows[next_row_ + 1].second
                                                  : cache_.cells.size();
    ++next_row_;
    row.line = line;
    std::size_t width = 0;
    for (auto i = first; i < end; ++i)
      width = std::max<std::size_t>(width, cache_.cells[i].column + 1);
    row.cells.resize(width);
    for (auto& c : row.cells) c.clear();
    for (auto i = first; i < end; ++i) {
      const auto& c = cache_.cells[i];
      if (c.shared) {
        row.cells[c.column] = strings_[c.index];
      } else {
        row.cells[c.column].assign(cache_.text, c.index, c.length);
      }
    }
    return true;
  }

  RowCache cache_;
  bool feed_done_ = false, replaying_ = false;
  std::size_t next_row_ = 0;
  Worksheet sheet_state_;
  std::unique_ptr<XmlFeed> feed_;
};

}  // namespace

std::unique_ptr<Sheet> open_xlsx(std::istream& in, const std::string& file_name) {
  return std::make_unique<XlsxSheet>(in, file_name);
}

std::unique_ptr<Sheet> open_xlsx_sheet(std::istream& in, const std::string& file_name,
                                       const std::string& name) {
  auto sheet = std::make_unique<XlsxSheet>(in, file_name, &name);
  if (!sheet->found()) return nullptr;
  return sheet;
}

}  // namespace duban::app
