#pragma once
// RFC 4180 CSV: quoted fields with commas, quotes ("") and line breaks; UTF-8, BOM skipped.
#include <iosfwd>
#include <string>
#include <vector>

namespace duban::app {

struct CsvRecord {
  std::size_t line = 0;  ///< the physical line the record starts on (1-based)
  std::vector<std::string> fields;
};

/// Reads one record at a time. Throws Error(import_invalid) on an unterminated quote. Reads the
/// stream ahead in blocks: where the stream stands afterwards is not where the record ended.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in, std::size_t block_size = 64 * 1024);
  /// False at the end of input. Blank lines are skipped.
  bool next(CsvRecord& record);

 private:
  /// The next byte without taking it; EOF at the end.
  int peek();
  bool fill();

  std::istream& in_;
  std::vector<char> block_;
  std::size_t pos_ = 0, end_ = 0;
  /// The previous record's strings, cleared, reused for the next one: a large file is read
  /// without an allocation per field.
  std::vector<std::string> spare_;
  std::size_t line_ = 1;
  bool first_ = true;
};

/// Quotes a field when it needs it.
std::string csv_field(const std::string& value);
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace duban::app
