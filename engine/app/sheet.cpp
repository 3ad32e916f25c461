// CSV sheets in UTF-8 or GB18030, the encoding detected; XLSX is in xlsx_sheet.cpp.
#include "app/sheet.hpp"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <istream>
#include <streambuf>

#include "app/csv.hpp"
#include "domain/errors.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

std::unique_ptr<Sheet> open_xlsx(std::istream& in, const std::string& file_name);

std::optional<Encoding> encoding_from(const std::string& text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "utf-8" || t == "utf8") return Encoding::utf8;
  if (t == "gb18030" || t == "gbk" || t == "gb2312" || t == "cp936") return Encoding::gb18030;
  return std::nullopt;
}

std::optional<std::uintmax_t> first_invalid_utf8(std::istream& in, std::uintmax_t limit) {
  std::array<char, 64 * 1024> block;
  std::uintmax_t offset = 0;  // of the block's first byte
  std::uintmax_t seq_start = 0;
  int need = 0;                        // continuation bytes still expected
  unsigned char lo = 0x80, hi = 0xBF;  // the range the next continuation byte must be in
  while (in.read(block.data(), block.size()) || in.gcount() > 0) {
    auto n = static_cast<std::size_t>(in.gcount());
    for (std::size_t i = 0; i < n; ++i) {
      auto b = static_cast<unsigned char>(block[i]);
      if (need > 0) {
        if (b < lo || b > hi) return seq_start;
        lo = 0x80, hi = 0xBF;
        --need;
        continue;
      }
      seq_start = offset + i;
      // A NUL is no sign of GB18030 (nor text at all): the reader refuses the file at its line.
      if (b == 0) return std::nullopt;
      if (b < 0x80) continue;
      if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        if (b == 0xE0) lo = 0xA0;  // no overlong forms
        if (b == 0xED) hi = 0x9F;  // no surrogates
      } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
      } else {
        return seq_start;
      }
    }
    offset += n;
    if (offset > limit) return std::nullopt;  // not a file import reads; the reader says so
  }
  if (need > 0) return seq_start;  // cut off at the end
  return std::nullopt;
}

namespace {

class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      throw Error(Errc::internal, {std::string("iconv 不支持 ") + from + " → " + to,
                                   std::string("iconv cannot convert ") + from + " to " + to});
    }
  }
  ~Iconv() { iconv_close(cd_); }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  void reset() { iconv(cd_, nullptr, nullptr, nullptr, nullptr); }
  /// Converts what it can; returns errno of the stop (0 when all of the input was converted).
  int convert(const char*& in, std::size_t& in_left, char*& out, std::size_t& out_left) {
    auto* ip = const_cast<char*>(in);
    auto r = iconv(cd_, &ip, &in_left, &out, &out_left);
    in = ip;
    return r == static_cast<std::size_t>(-1) ? errno : 0;
  }

 private:
  iconv_t cd_;
};

std::string convert_all(const char* to, const char* from, const std::string& text,
                        const Text& what) {
  Iconv cd(to, from);
  std::string out(text.size() * 2 + 16, '\0');
  const char* in = text.data();
  std::size_t in_left = text.size();
  std::size_t done = 0;
  while (in_left > 0) {
    char* op = out.data() + done;
    std::size_t out_left = out.size() - done;
    int err = cd.convert(in, in_left, op, out_left);
    done = static_cast<std::size_t>(op - out.data());
    if (err == E2BIG) {
      out.resize(out.size() * 2);
    } else if (err != 0) {
      throw Error(Errc::import_invalid, what);
    }
  }
  out.resize(done);
  return out;
}

/// The bytes of a GB18030 stream as UTF-8, converted a block at a time. A byte sequence that is
/// not GB18030 throws CsvError naming its line.
class Gb18030Buf : public std::streambuf {
 public:
  explicit Gb18030Buf(std::istream& src) : src_(src), cd_("UTF-8", "GB18030") {}
  void restart() {
    cd_.reset();
    in_len_ = 0;
    eof_ = false;
    line_ = 1;
    setg(nullptr, nullptr, nullptr);
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    for (;;) {
      if (!eof_ && in_len_ < in_.size()) {
        src_.read(in_.data() + in_len_, static_cast<std::streamsize>(in_.size() - in_len_));
        auto got = static_cast<std::size_t>(src_.gcount());
        in_len_ += got;
        if (got == 0) eof_ = true;
      }
      if (in_len_ == 0) return traits_type::eof();
      const char* ip = in_.data();
      std::size_t il = in_len_;
      char* op = out_.data();
      std::size_t ol = out_.size();
      int err = cd_.convert(ip, il, op, ol);
      auto consumed = static_cast<std::size_t>(ip - in_.data());
      for (std::size_t i = 0; i < consumed; ++i) line_ += in_[i] == '\n';
      if (err == EILSEQ || (err == EINVAL && eof_)) {
        throw CsvError(line_, {"不是有效的 GB18030 编码(也不是 UTF-8),请另存为“CSV UTF-8”后再导入",
                               "neither valid GB18030 nor UTF-8; save it as \"CSV UTF-8\" and "
                               "import that"});
      }
      std::memmove(in_.data(), ip, il);
      in_len_ = il;
      if (op != out_.data()) {
        setg(out_.data(), out_.data(), op);
        return traits_type::to_int_type(*gptr());
      }
      if (eof_ && consumed == 0) return traits_type::eof();
    }
  }

 private:
  std::istream& src_;
  Iconv cd_;
  std::array<char, 64 * 1024> in_{};
  std::array<char, 4 * 64 * 1024> out_{};  // a GB18030 byte is at most 3 bytes of UTF-8... ×4
  std::size_t in_len_ = 0;
  bool eof_ = false;
  std::size_t line_ = 1;
};

class CsvSheet : public Sheet {
 public:
  CsvSheet(std::istream& in, Encoding encoding, bool detected)
      : raw_(in), start_(in.tellg()), encoding_(encoding), detected_(detected) {
    if (encoding_ == Encoding::gb18030) {
      buf_ = std::make_unique<Gb18030Buf>(raw_);
      converted_ = std::make_unique<std::istream>(buf_.get());
      converted_->exceptions(std::ios::badbit);  // the buffer's CsvError reaches the import
    }
    rewind();
  }
  bool next(SheetRow& row) override {
    record_.fields.swap(row.cells);  // the reader reuses the strings of the row before
    bool more = reader_->next(record_);
    row.line = record_.line;
    row.cells.swap(record_.fields);
    return more;
  }
  void rewind() override {
    raw_.clear();
    raw_.seekg(start_);
    if (!raw_) throw Error(Errc::io_error, {"无法重新读取文件", "cannot re-read the file"});
    if (buf_) {
      buf_->restart();
      converted_->clear();
      reader_ = std::make_unique<CsvReader>(*converted_);
    } else {
      reader_ = std::make_unique<CsvReader>(raw_);
    }
  }
  Text described() const override {
    if (encoding_ == Encoding::utf8) return {"CSV,UTF-8 编码", "CSV, UTF-8"};
    return detected_ ? Text{"CSV,GB18030 编码(自动识别,已转换为 UTF-8)",
                            "CSV, GB18030 (detected, converted to UTF-8)"}
                     : Text{"CSV,GB18030 编码(按 --encoding 指定,已转换为 UTF-8)",
                            "CSV, GB18030 (as --encoding says, converted to UTF-8)"};
  }

 private:
  std::istream& raw_;
  std::streampos start_;
  Encoding encoding_;
  bool detected_;
  std::unique_ptr<Gb18030Buf> buf_;
  std::unique_ptr<std::istream> converted_;
  std::unique_ptr<CsvReader> reader_;
  CsvRecord record_;
};

}  // namespace

bool decodes_as_gb18030(std::istream& in) {
  Iconv cd("UTF-8", "GB18030");
  std::array<char, 64 * 1024> block;
  std::vector<char> out(4 * block.size());
  std::size_t carry = 0;
  for (;;) {
    in.read(block.data() + carry, static_cast<std::streamsize>(block.size() - carry));
    auto got = static_cast<std::size_t>(in.gcount());
    std::size_t have = carry + got;
    if (have == 0) return true;
    const char* ip = block.data();
    std::size_t il = have;
    char* op = out.data();
    std::size_t ol = out.size();
    int err = cd.convert(ip, il, op, ol);
    if (err == EILSEQ || (err == EINVAL && got == 0)) return false;
    std::memmove(block.data(), ip, il);
    carry = il;
    if (got == 0 && carry == 0) return true;
  }
}

std::string gb18030_to_utf8(const std::string& text) {
  return convert_all("UTF-8", "GB18030", text,
                     {"不是有效的 GB18030 编码", "not valid GB18030 text"});
}

std::string utf8_to_gb18030(const std::string& text) {
  return convert_all("GB18030", "UTF-8", text, {"不是有效的 UTF-8 文本", "not valid UTF-8 text"});
}

std::unique_ptr<Sheet> open_sheet(std::istream& in, const std::string& file_name,
                                  const SheetOptions& options) {
  const auto start = in.tellg();
  std::array<char, 4> magic{};
  in.read(magic.data(), magic.size());
  auto got = in.gcount();
  in.clear();
  in.seekg(start);
  if (got == 4 && std::memcmp(magic.data(), "PK\x03\x04", 4) == 0) return open_xlsx(in, file_name);
  if (got >= 2 &&
      ((magic[0] == '\xFF' && magic[1] == '\xFE') || (magic[0] == '\xFE' && magic[1] == '\xFF'))) {
    throw Error(Errc::import_invalid,
                {file_name + ":UTF-16 编码的文本文件(Excel 的“Unicode 文本”)不能导入,请另存为"
                             "“CSV UTF-8”或 XLSX",
                 file_name + ": a UTF-16 text file (Excel's \"Unicode Text\") cannot be imported; "
                             "save it as \"CSV UTF-8\" or XLSX"});
  }
  if (options.encoding != Encoding::automatic) {
    return std::make_unique<CsvSheet>(in, options.encoding, false);
  }
  // Every byte valid UTF-8 (ASCII included): UTF-8. Otherwise, if all of it decodes as GB18030,
  // it is what Excel and WPS on Chinese Windows save; if not, it is UTF-8 with bytes that are not,
  // which the rows' checks name by line and column.
  auto invalid = first_invalid_utf8(in);
  in.clear();
  in.seekg(start);
  bool gb = invalid && decodes_as_gb18030(in);
  if (invalid) {
    in.clear();
    in.seekg(start);
  }
  return std::make_unique<CsvSheet>(in, gb ? Encoding::gb18030 : Encoding::utf8, true);
}

std::string column_letters(std::size_t column) {
  std::string out;
  for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

std::optional<Text> cell_defect(const Sheet& sheet, const SheetRow& row, std::size_t column,
                                const std::string& header) {
  if (column >= row.cells.size()) return std::nullopt;
  auto defect = text_defect(row.cells[column], TextShape::paragraph);
  if (!defect) return std::nullopt;
  Text field{"“" + header + "”列", "column \"" + header + "\""};
  if (auto at = sheet.cell_at(row.line, column)) {
    field.zh += "(" + at->zh + ")";
    field.en += " (" + at->en + ")";
  }
  return Text{field.zh + ":" + defect->zh, field.en + ": " + defect->en};
}

}  // namespace duban::app
