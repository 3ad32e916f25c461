#pragma once
// RFC 4180 CSV: quoted fields with commas, quotes ("") and line breaks; UTF-8, BOM skipped.
#include <iosfwd>
#include <string>
#include <vector>

#include "domain/errors.hpp"

namespace duban::app {

struct CsvRecord {
  std::size_t line = 0;  ///< the physical line the record starts on (1-based)
  std::vector<std::string> fields;
};

/// What is wrong with a CSV file and on which line; also an Error(import_invalid) whose message
/// names the line.
class CsvError : public Error {
 public:
  CsvError(std::size_t line, Text problem);
  std::size_t line() const { return line_; }
  /// The message without the line.
  const Text& problem() const { return problem_; }

 private:
  std::size_t line_;
  Text problem_;
};

/// What one record may hold: a file of NUL bytes or a line without end is refused at the limit,
/// not read until memory runs out.
struct CsvLimits {
  std::size_t field_bytes = 64 * 1024;  ///< one field, after unquoting
  std::size_t fields = 256;             ///< fields in one record
};

/// Reads one record at a time. Throws Error(import_invalid) naming the line on an unterminated
/// quote, a quote inside an unquoted field, text after a closing quote, or a limit passed. Reads
/// the stream ahead in blocks: where the stream stands afterwards is not where the record ended.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in, CsvLimits limits = {}, std::size_t block_size = 64 * 1024);
  /// False at the end of input. Blank lines are skipped.
  bool next(CsvRecord& record);

 private:
  /// The next byte without taking it; EOF at the end.
  int peek();
  bool fill();

  std::istream& in_;
  CsvLimits limits_;
  std::vector<char> block_;
  std::size_t pos_ = 0, end_ = 0;
  /// The previous record's strings, cleared, reused for the next one: a large file is read
  /// without an allocation per field.
  std::vector<std::string> spare_;
  std::size_t line_ = 1;
  bool first_ = true;
};

/// A cell a spreadsheet would run as a formula (starting with = + - @, tab or CR, after any
/// apostrophes) gets a leading apostrophe, as OWASP recommends against CSV injection; other text
/// is returned as it is. from_spreadsheet_safe() undoes it exactly, for any text.
std::string spreadsheet_safe(std::string value);
std::string from_spreadsheet_safe(std::string value);

/// Quotes a field when it needs it.
std::string csv_field(const std::string& value);
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace duban::app
