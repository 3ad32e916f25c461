#pragma once
// The parts of an XLSX workbook other than its rows, for xlsx_sheet.cpp: expat fed a zip entry a
// block at a time (XmlFeed), and the handlers of the workbook, its relationships, shared strings
// and styles; cell values as Excel shows them (numbers, date serials), cell references.
#include <expat.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/zip_reader.hpp"
#include "domain/calendar.hpp"
#include "domain/errors.hpp"

namespace duban::app::xlsx {

inline constexpr std::uint64_t kPartLimit = std::uint64_t{2} << 30;  // inflated bytes of one part

// Names without their prefix ("x:row" → "row", "r:id" → "id"): a workbook's parts use fixed
// namespaces, so the local name is what matters, and expat's namespace processing (a string
// built for every element) is not needed.
inline std::string_view local(const char* name) {
  std::string_view n(name);
  auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

inline const char* attr(const char** atts, std::string_view name) {
  for (int i = 0; atts[i]; i += 2)
    if (local(atts[i]) == name) return atts[i + 1];
  return nullptr;
}

/// Receives the events of one XML part.
struct XmlHandler {
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const char** atts) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(const char*, int) {}
  /// Where in the part the parser is, for a person ("cell C5"); empty when that says nothing.
  virtual Text where() const { return {}; }
};

[[noreturn]] inline void refuse(const std::string& file, const Text& problem) {
  throw Error(Errc::import_invalid, {file + ":" + problem.zh + ",未导入任何数据",
                                     file + ": " + problem.en + "; nothing was imported"});
}

/// Feeds one zip entry through expat a block at a time. A DOCTYPE is refused: a workbook has
/// none, and entity tricks need one.
class XmlFeed {
 public:
  XmlFeed(const ZipArchiveReader& zip, const ZipEntry& entry, XmlHandler& handler,
          std::string file_name)
      : stream_(std::make_unique<ZipArchiveReader::Stream>(zip, entry, kPartLimit)),
        handler_(handler),
        name_(entry.name),
        file_(std::move(file_name)),
        parser_(XML_ParserCreate(nullptr)) {
    init();
  }
  /// From the part's bytes already inflated into memory.
  XmlFeed(std::string_view bytes, const std::string& name, XmlHandler& handler,
          std::string file_name)
      : memory_(bytes),
        handler_(handler),
        name_(name),
        file_(std::move(file_name)),
        parser_(XML_ParserCreate(nullptr)) {
    init();
  }
  void init() {
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(
        parser_,
        [](void* f, const char* n, const char** a) {
          static_cast<XmlFeed*>(f)->handler_.start(local(n), a);
        },
        [](void* f, const char* n) { static_cast<XmlFeed*>(f)->handler_.end(local(n)); });
    XML_SetCharacterDataHandler(parser_, [](void* f, const char* s, int len) {
      static_cast<XmlFeed*>(f)->handler_.text(s, len);
    });
    XML_SetStartDoctypeDeclHandler(parser_,
                                   [](void* f, const char*, const char*, const char*, int) {
                                     auto* feed = static_cast<XmlFeed*>(f);
                                     feed->doctype_ = true;
                                     XML_StopParser(feed->parser_, XML_FALSE);
                                   });
  }
  ~XmlFeed() { XML_ParserFree(parser_); }
  XmlFeed(const XmlFeed&) = delete;
  XmlFeed& operator=(const XmlFeed&) = delete;

  /// One block; false when the part has been read to its end.
  bool step() {
    if (finished_) return false;
    const char* data = block_.data();
    std::size_t n = 0;
    if (stream_) {
      n = stream_->read(block_.data(), block_.size());
    } else {
      n = std::min(memory_.size(), block_.size());
      data = memory_.data();
      memory_.remove_prefix(n);
    }
    finished_ = n == 0;
    if (XML_Parse(parser_, data, static_cast<int>(n), finished_) != XML_STATUS_OK) {
      auto line = std::to_string(XML_GetCurrentLineNumber(parser_));
      std::string why = doctype_ ? "DOCTYPE" : XML_ErrorString(XML_GetErrorCode(parser_));
      auto at = handler_.where();
      refuse(file_, {"XLSX 中的 " + name_ + " 第 " + line + " 行无法解析(" + why + ")" +
                         (at.zh.empty() ? "" : ",位于" + at.zh),
                     name_ + " in the workbook does not parse at its line " + line + " (" + why +
                         ")" + (at.en.empty() ? "" : ", in " + at.en)});
    }
    return !finished_;
  }
  void run() {
    while (step()) {
    }
  }

 private:
  std::unique_ptr<ZipArchiveReader::Stream> stream_;
  std::string_view memory_;
  XmlHandler& handler_;
  std::string name_, file_;
  XML_Parser parser_;
  std::vector<char> block_ = std::vector<char>(64 * 1024);
  bool finished_ = false, doctype_ = false;
};

/// Collects the text of <t> elements, leaving out phonetic runs (<rPh>, in Chinese and Japanese
/// workbooks) — the text of a shared or inline string.
struct StringText {
  std::string value;
  bool in_t = false;
  int in_phonetic = 0;
  void start(std::string_view name) {
    if (name == "rPh") ++in_phonetic;
    if (name == "t" && in_phonetic == 0) in_t = true;
  }
  void end(std::string_view name) {
    if (name == "rPh") --in_phonetic;
    if (name == "t") in_t = false;
  }
  void text(const char* s, int n) {
    if (in_t) value.append(s, static_cast<std::size_t>(n));
  }
};

struct SharedStrings : XmlHandler {
  std::vector<std::string> strings;
  StringText current;
  std::size_t bytes = 0;
  void start(std::string_view name, const char**) override {
    if (name == "si") current.value.clear();
    current.start(name);
  }
  void end(std::string_view name) override {
    current.end(name);
    if (name == "si") {
      bytes += current.value.size();
      strings.push_back(std::move(current.value));
    }
  }
  void text(const char* s, int n) override { current.text(s, n); }
  Text where() const override {
    auto n = std::to_string(strings.size());  // the one being read, 0-based as cells refer to it
    return {"共享字符串第 " + n + " 项(引用它的单元格的文字)",
            "shared string " + n + " (the text of the cells that refer to it)"};
  }
};

/// The workbook: its sheets' names and relationship ids in order (the first one's as sheet_rel
/// and sheet_name), and the 1904 date system flag.
struct Workbook : XmlHandler {
  std::string sheet_rel, sheet_name;
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  bool date1904 = false;
  void start(std::string_view name, const char** atts) override {
    if (name == "sheet") {
      auto id = attr(atts, "id");
      auto n = attr(atts, "name");
      sheets.emplace_back(n ? n : "", id ? id : "");
      if (sheet_rel.empty()) {
        sheet_rel = sheets.back().second;
        sheet_name = sheets.back().first;
      }
    } else if (name == "workbookPr") {
      if (auto d = attr(atts, "date1904"))
        date1904 = std::string(d) == "1" || std::string(d) == "true";
    }
  }
  void end(std::string_view) override {}
};

struct Relationships : XmlHandler {
  std::map<std::string, std::string> targets;
  void start(std::string_view name, const char** atts) override {
    if (name != "Relationship") return;
    auto id = attr(atts, "Id");
    auto target = attr(atts, "Target");
    if (id && target) targets[id] = target;
  }
  void end(std::string_view) override {}
};

/// Whether a number format shows a date: Excel's built-in date formats (the Chinese ones among
/// them) and custom formats with a year, month or day in them outside quotes and brackets.
inline bool is_date_format(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58)) {
    return true;
  }
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '[') ++bracket;
    if (c == ']' && bracket > 0) --bracket;
    if (bracket > 0) continue;
    if (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'm' || c == 'M') return true;
  }
  return false;
}

struct Styles : XmlHandler {
  std::map<int, std::string> formats;  // custom number formats
  std::vector<bool> date_xf;           // per cell format (the s attribute): shows a date
  bool in_cell_xfs = false;
  std::vector<int> xf_formats;
  void start(std::string_view name, const char** atts) override {
    if (name == "numFmt") {
      auto id = attr(atts, "numFmtId");
      auto code = attr(atts, "formatCode");
      if (id && code) formats[std::atoi(id)] = code;
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      auto id = attr(atts, "numFmtId");
      xf_formats.push_back(id ? std::atoi(id) : 0);
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
  void finish() {
    for (int id : xf_formats) {
      auto it = formats.find(id);
      date_xf.push_back(is_date_format(id, it == formats.end() ? "" : it->second));
    }
  }
};

inline std::string number_text(const std::string& v) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || !std::isfinite(d)) return v;
  char buf[64];
  if (std::floor(d) == d && std::fabs(d) < 1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
  } else {
    std::snprintf(buf, sizeof buf, "%.15g", d);
  }
  return buf;
}

/// An Excel date serial as YYYY-MM-DD: days since 1899-12-30 in the 1900 system (whose
/// nonexistent 1900-02-29, serial 60, Excel keeps for Lotus's sake), since 1904-01-01 in the other.
inline std::string serial_date(const std::string& v, bool date1904) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || !std::isfinite(d) || d < 1 || d > 2958465) return v;
  auto days = static_cast<long>(std::floor(d));
  using namespace std::chrono;
  sys_days base =
      date1904 ? sys_days{year{1904} / 1 / 1}
               : (days < 60 ? sys_days{year{1899} / 12 / 31} : sys_days{year{1899} / 12 / 30});
  return format_date(year_month_day{base + std::chrono::days{days}});
}

/// The column of a cell reference ("AB12" → 27), or -1.
inline long column_of(const char* ref) {
  long col = 0;
  const char* p = ref;
  for (; *p >= 'A' && *p <= 'Z'; ++p) col = col * 26 + (*p - 'A' + 1);
  return p == ref ? -1 : col - 1;
}

}  // namespace duban::app::xlsx
