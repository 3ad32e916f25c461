#include "app/csv.hpp"

#include <algorithm>
#include <istream>
#include <string_view>

#include "domain/errors.hpp"

namespace duban::app {

CsvReader::CsvReader(std::istream& in, std::size_t block_size)
    // At least three bytes, the size of a byte-order mark (sgetn fills a block unless at the end).
    : in_(in), block_(std::max<std::size_t>(block_size, 3)) {}

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
  while (true) {
    if (peek() == kEof) return false;
    record.line = line_;
    std::string field = fresh();
    bool quoted = false, any = false, at_end = false;
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
      if (quoted) {
        while (q < e && *q != '"' && *q != '\n') ++q;
      } else {
        while (q < e && *q != '"' && *q != ',' && *q != '\r' && *q != '\n') ++q;
      }
      field.append(p, q);
      pos_ += static_cast<std::size_t>(q - p);
      if (q == e) continue;
      char c = block_[pos_++];
      if (quoted) {
        if (c == '\n') {
          ++line_;
          field += '\n';
        } else if (peek() == '"') {  // "" inside quotes is one quote
          field += '"';
          ++pos_;
        } else {
          quoted = false;
        }
        continue;
      }
      if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.fields.push_back(std::move(field));
        field = fresh();
      } else if (c == '\n') {
        ++line_;
        break;
      }
      // '\r' outside quotes is dropped.
    }
    if (quoted) {
      throw Error(Errc::import_invalid,
                  {"第 " + std::to_string(record.line) + " 行:引号未闭合",
                   "line " + std::to_string(record.line) + ": unterminated quote"});
    }
    record.fields.push_back(std::move(field));
    bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (any && !blank) return true;
    for (auto& f : record.fields) spare_.push_back(std::move(f));
    record.fields.clear();
    if (!any || at_end) return false;
  }
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
