#include "app/csv.hpp"

#include <algorithm>
#include <istream>
#include <string_view>

#include "domain/errors.hpp"

namespace duban::app {

CsvError::CsvError(std::size_t line, Text problem)
    : Error(Errc::import_invalid, {"第 " + std::to_string(line) + " 行:" + problem.zh,
                                   "line " + std::to_string(line) + ": " + problem.en}),
      line_(line),
      problem_(std::move(problem)) {}

CsvReader::CsvReader(std::istream& in, CsvLimits limits, std::size_t block_size)
    // At least three bytes, the size of a byte-order mark (sgetn fills a block unless at the end).
    : in_(in), limits_(limits), block_(std::max<std::size_t>(block_size, 3)) {}

bool CsvReader::fill() {
  std::streambuf* buf = in_.rdbuf();
  pos_ = 0;
  end_ = buf ? static_cast<std::size_t>(buf->sgetn(block_.data(), block_.size())) : 0;
  if (end_ == 0) in_.setstate(std::ios::eofbit);
  return end_ > 0;
}

int CsvReader::peek() {
  if (pos_ == end_ && !fill()) return std::char_traits<char>::eof();
  return static_cast<unsigned char>(block_[pos_]);
}

bool CsvReader::next(CsvRecord& record) {
  for (auto& f : record.fields) {
    f.clear();
    spare_.push_back(std::move(f));
  }
  record.fields.clear();
  auto fresh = [this] {
    if (spare_.empty()) return std::string();
    auto s = std::move(spare_.back());
    spare_.pop_back();
    return s;
  };
  constexpr int kEof = std::char_traits<char>::eof();
  if (first_) {
    first_ = false;
    // Spreadsheet programs save UTF-8 CSV with a byte-order mark.
    if (peek() != kEof && end_ - pos_ >= 3 && std::string_view(&block_[pos_], 3) == "\xEF\xBB\xBF")
      pos_ += 3;
  }
  auto fail = [this](const char* zh, const char* en) { throw CsvError(line_, {zh, en}); };
  // Where the field being read stands: RFC 4180 allows quotes only around a whole field.
  enum class At { start, plain, quoted, after_quote };
  while (true) {
    if (peek() == kEof) return false;
    record.line = line_;
    std::string field = fresh();
    At at = At::start;
    bool any = false, at_end = false;
    auto end_field = [&] {
      if (record.fields.size() + 1 >= limits_.fields) {
        fail("字段过多", "too many fields in one record");
      }
      record.fields.push_back(std::move(field));
      field = fresh();
      at = At::start;
    };
    while (true) {
      if (peek() == kEof) {
        at_end = true;
        break;
      }
      any = true;
      // The run of ordinary characters up to the next one that matters is appended at once.
      const char* p = block_.data() + pos_;
      const char* e = block_.data() + end_;
      const char* q = p;
      if (at == At::quoted) {
        while (q < e && *q != '"' && *q != '\n') ++q;
      } else {
        while (q < e && *q != '"' && *q != ',' && *q != '\r' && *q != '\n') ++q;
      }
      if (q != p) {
        if (at == At::after_quote) fail("引号后还有文字", "text after a closing quote");
        if (at == At::start) at = At::plain;
        field.append(p, q);
        if (field.size() > limits_.field_bytes) {
          fail("字段超过长度上限", "a field exceeds the length limit");
        }
        pos_ += static_cast<std::size_t>(q - p);
      }
      if (q == e) continue;
      char c = block_[pos_++];
      if (at == At::quoted) {
        if (c == '\n') {
          ++line_;
          field += '\n';
        } else if (peek() == '"') {  // "" inside quotes is one quote
          field += '"';
          ++pos_;
        } else {
          at = At::after_quote;
        }
        continue;
      }
      if (c == '"') {
        if (at != At::start)
          fail("引号不在字段开头(字段中的引号须写成两个并用引号括起整个字段)",
               "a quote inside an unquoted field (quote the whole field and "
               "double the quote)");
        at = At::quoted;
      } else if (c == ',') {
        end_field();
      } else if (c == '\n') {
        ++line_;
        break;
      }
      // '\r' outside quotes is dropped.
    }
    if (at == At::quoted) throw CsvError(record.line, {"引号未闭合", "unterminated quote"});
    record.fields.push_back(std::move(field));
    bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (any && !blank) return true;
    for (auto& f : record.fields) spare_.push_back(std::move(f));
    record.fields.clear();
    if (!any || at_end) return false;
  }
}

namespace {
bool formula_start(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}
// Whether a spreadsheet would run it: a formula character first, once any apostrophes before
// it are passed over (so that a value that itself starts with '= also reads back as it was).
bool needs_apostrophe(const std::string& value) {
  auto first = value.find_first_not_of('\'');
  return first != std::string::npos && formula_start(value[first]);
}
}  // namespace

std::string spreadsheet_safe(std::string value) {
  if (needs_apostrophe(value)) value.insert(value.begin(), '\'');
  return value;
}

std::string from_spreadsheet_safe(std::string value) {
  if (!value.empty() && value.front() == '\'' && needs_apostrophe(value.substr(1))) {
    value.erase(0, 1);
  }
  return value;
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\r\n";
}

}  // namespace duban::app
