#include "app/csv.hpp"

#include <istream>

#include "domain/errors.hpp"

namespace duban::app {

CsvReader::CsvReader(std::istream& in) : in_(in) {}

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
  // Characters come straight from the stream buffer: istream::get() builds a sentry for each
  // one, which was a tenth of a large import's time.
  std::streambuf* buf = in_.rdbuf();
  constexpr int kEof = std::char_traits<char>::eof();
  if (!buf) return false;
  while (true) {
    if (first_) {
      first_ = false;
      // Spreadsheet programs save UTF-8 CSV with a byte-order mark.
      if (buf->sgetc() == 0xEF) {
        char bom[3];
        auto got = buf->sgetn(bom, 3);
        if (!(got == 3 && bom[0] == '\xEF' && bom[1] == '\xBB' && bom[2] == '\xBF')) {
          for (auto i = got - 1; i >= 0; --i) buf->sputbackc(bom[i]);
        }
      }
    }
    if (buf->sgetc() == kEof) {
      in_.setstate(std::ios::eofbit);
      return false;
    }
    record.line = line_;
    std::string field = fresh();
    bool quoted = false, any = false;
    int c;
    while ((c = buf->sbumpc()) != kEof) {
      any = true;
      if (quoted) {
        if (c == '"') {
          if (buf->sgetc() == '"') {
            field += '"';
            buf->sbumpc();
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          field += static_cast<char>(c);
        }
        continue;
      }
      if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.fields.push_back(std::move(field));
        field = fresh();
      } else if (c == '\r') {
        continue;
      } else if (c == '\n') {
        ++line_;
        break;
      } else {
        field += static_cast<char>(c);
      }
    }
    if (c == kEof) in_.setstate(std::ios::eofbit);
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
    if (!any) return false;
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
