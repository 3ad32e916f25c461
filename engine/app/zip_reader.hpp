#pragma once
// The entries of a zip archive (an XLSX workbook is one), found through its central directory and
// inflated a block at a time with zlib. The central directory is read rather than the local
// headers in sequence, because it always holds every entry's sizes: archives written as a stream
// (sizes in a data descriptor after the data) are read as well as any other.
#include <zlib.h>

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "domain/text.hpp"

namespace duban::app {

struct ZipEntry {
  std::string name;
  std::uint16_t method = 0;  ///< 0 stored, 8 deflated
  std::uint16_t flags = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0, size = 0;
  std::uint64_t local_offset = 0;
};

/// Throws Error(import_invalid) with `file_name` and what is wrong when the archive is damaged,
/// encrypted, ZIP64 or compressed other than by deflate.
class ZipArchiveReader {
 public:
  ZipArchiveReader(std::istream& in, std::string file_name);
  /// nullptr when there is no such entry.
  const ZipEntry* find(const std::string& name) const;

  /// Reads one entry's bytes in order; at most `limit` bytes of them (a zip bomb stops there).
  class Stream {
   public:
    Stream(const ZipArchiveReader& zip, const ZipEntry& entry, std::uint64_t limit);
    ~Stream();
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;
    /// Up to `n` bytes into `out`; 0 at the end (after the entry's checksum was verified).
    std::size_t read(char* out, std::size_t n);

   private:
    std::size_t raw(char* out, std::size_t n);
    const ZipArchiveReader& zip_;
    const ZipEntry& entry_;
    std::uint64_t limit_;
    std::uint64_t left_ = 0;  ///< compressed bytes not yet read
    std::uint64_t out_ = 0;   ///< bytes produced
    std::uint32_t crc_ = 0;
    z_stream z_{};
    bool inflating_ = false, ended_ = false, done_ = false;
    std::vector<char> buf_;
  };

  /// The whole entry as a string (for the small parts of a workbook).
  std::string read_all(const ZipEntry& entry, std::uint64_t limit) const;

 private:
  [[noreturn]] void fail(const Text& problem) const;
  std::istream& in_;
  std::string file_name_;
  std::map<std::string, ZipEntry> entries_;
};

}  // namespace duban::app
