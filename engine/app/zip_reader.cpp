#include "app/zip_reader.hpp"

#include <algorithm>
#include <cstring>
#include <istream>

#include "domain/errors.hpp"

namespace duban::app {

namespace {

std::uint32_t le(const unsigned char* p, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

void ZipArchiveReader::fail(const Text& problem) const {
  throw Error(Errc::import_invalid, {file_name_ + ":" + problem.zh + ",未导入任何数据",
                                     file_name_ + ": " + problem.en + "; nothing was imported"});
}

ZipArchiveReader::ZipArchiveReader(std::istream& in, std::string file_name)
    : in_(in), file_name_(std::move(file_name)) {
  const Text damaged{"XLSX 文件已损坏(zip 目录不完整)", "the XLSX file is damaged (zip directory)"};
  in_.clear();
  in_.seekg(0, std::ios::end);
  auto size = static_cast<std::uint64_t>(in_.tellg());
  // The end-of-central-directory record: 22 bytes and a comment of at most 65535.
  auto tail = std::min<std::uint64_t>(size, 22 + 65535);
  std::vector<unsigned char> end(tail);
  in_.seekg(static_cast<std::streamoff>(size - tail));
  in_.read(reinterpret_cast<char*>(end.data()), static_cast<std::streamsize>(tail));
  if (!in_ || tail < 22) fail(damaged);
  std::size_t at = tail - 22 + 1;
  do {
    --at;
    if (le(&end[at], 4) == 0x06054b50) break;
  } while (at > 0);
  if (le(&end[at], 4) != 0x06054b50) fail(damaged);
  auto count = le(&end[at + 10], 2);
  auto dir_size = le(&end[at + 12], 4);
  auto dir_offset = le(&end[at + 16], 4);
  if (count == 0xFFFF || dir_offset == 0xFFFFFFFF) {
    fail({"ZIP64 格式的 XLSX 不支持(文件超过 4 GB?)", "ZIP64 workbooks are not supported"});
  }
  if (std::uint64_t{dir_offset} + dir_size > size) fail(damaged);
  std::vector<unsigned char> dir(dir_size);
  in_.seekg(dir_offset);
  in_.read(reinterpret_cast<char*>(dir.data()), dir_size);
  if (!in_) fail(damaged);
  std::size_t p = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (p + 46 > dir.size() || le(&dir[p], 4) != 0x02014b50) fail(damaged);
    ZipEntry e;
    e.flags = static_cast<std::uint16_t>(le(&dir[p + 8], 2));
    e.method = static_cast<std::uint16_t>(le(&dir[p + 10], 2));
    e.crc = le(&dir[p + 16], 4);
    e.compressed = le(&dir[p + 20], 4);
    e.size = le(&dir[p + 24], 4);
    auto name_len = le(&dir[p + 28], 2), extra_len = le(&dir[p + 30], 2);
    auto comment_len = le(&dir[p + 32], 2);
    e.local_offset = le(&dir[p + 42], 4);
    if (p + 46 + name_len > dir.size()) fail(damaged);
    e.name.assign(reinterpret_cast<const char*>(&dir[p + 46]), name_len);
    p += 46 + name_len + extra_len + comment_len;
    entries_[e.name] = e;
  }
}

const ZipEntry* ZipArchiveReader::find(const std::string& name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

ZipArchiveReader::Stream::Stream(const ZipArchiveReader& zip, const ZipEntry& entry,
                                 std::uint64_t limit)
    : zip_(zip), entry_(entry), limit_(limit), left_(entry.compressed), buf_(64 * 1024) {
  if (entry.flags & 1) {
    zip.fail({"XLSX 文件有密码保护,请去掉密码后再导入",
              "the workbook is password-protected; remove the password and import it again"});
  }
  if (entry.method != 0 && entry.method != 8) {
    zip.fail({"XLSX 中的 " + entry.name + " 使用了不支持的压缩方式",
              entry.name + " in the workbook uses an unsupported compression method"});
  }
  unsigned char local[30];
  zip.in_.clear();
  zip.in_.seekg(static_cast<std::streamoff>(entry.local_offset));
  zip.in_.read(reinterpret_cast<char*>(local), sizeof local);
  if (!zip.in_ || le(local, 4) != 0x04034b50) {
    zip.fail(
        {"XLSX 文件已损坏(" + entry.name + ")", "the workbook is damaged (" + entry.name + ")"});
  }
  zip.in_.seekg(le(local + 26, 2) + le(local + 28, 2), std::ios::cur);
  if (entry.method == 8) {
    if (inflateInit2(&z_, -MAX_WBITS) != Z_OK) zip.fail({"zlib 初始化失败", "zlib failed"});
    inflating_ = true;
  }
}

ZipArchiveReader::Stream::~Stream() {
  if (inflating_) inflateEnd(&z_);
}

std::size_t ZipArchiveReader::Stream::raw(char* out, std::size_t n) {
  auto want = static_cast<std::size_t>(std::min<std::uint64_t>(n, left_));
  if (want == 0) return 0;
  zip_.in_.read(out, static_cast<std::streamsize>(want));
  auto got = static_cast<std::size_t>(zip_.in_.gcount());
  if (got != want) {
    zip_.fail({"XLSX 文件不完整(" + entry_.name + ")",
               "the workbook is cut short (" + entry_.name + ")"});
  }
  left_ -= got;
  return got;
}

std::size_t ZipArchiveReader::Stream::read(char* out, std::size_t n) {
  if (done_ || n == 0) return 0;
  const Text damaged{"XLSX 文件已损坏(" + entry_.name + " 解压失败)",
                     "the workbook is damaged (" + entry_.name + " does not inflate)"};
  std::size_t produced = 0;
  if (!inflating_) {
    produced = raw(out, n);
  } else {
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out > 0 && !ended_) {
      if (z_.avail_in == 0) {
        if (left_ == 0) zip_.fail(damaged);  // the data ended before the deflate stream did
        auto got = raw(buf_.data(), buf_.size());
        z_.next_in = reinterpret_cast<Bytef*>(buf_.data());
        z_.avail_in = static_cast<uInt>(got);
      }
      int r = inflate(&z_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) {
        ended_ = true;
      } else if (r != Z_OK) {
        zip_.fail(damaged);
      }
    }
    produced = n - z_.avail_out;
  }
  out_ += produced;
  if (out_ > limit_) {
    zip_.fail({entry_.name + " 解压后过大(超过 " + std::to_string(limit_ >> 20) + " MiB)",
               entry_.name + " inflates to more than " + std::to_string(limit_ >> 20) + " MiB"});
  }
  crc_ = static_cast<std::uint32_t>(
      crc32(crc_, reinterpret_cast<const Bytef*>(out), static_cast<uInt>(produced)));
  if (produced == 0) {
    done_ = true;
    if (crc_ != entry_.crc || out_ != entry_.size) zip_.fail(damaged);
  }
  return produced;
}

std::string ZipArchiveReader::read_all(const ZipEntry& entry, std::uint64_t limit) const {
  Stream s(*this, entry, limit);
  std::string text;
  std::vector<char> block(64 * 1024);
  while (auto n = s.read(block.data(), block.size())) text.append(block.data(), n);
  return text;
}

}  // namespace duban::app
