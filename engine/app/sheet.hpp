#pragma once
// 表格: a problem list as county offices exchange it — CSV in UTF-8 or GB18030 (what Excel and
// WPS on Chinese Windows save as "CSV (逗号分隔)"), or an XLSX workbook — read one row at a time,
// whatever the format, so that import (CLI or API) sees rows of text cells.
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/text.hpp"

namespace duban::app {

struct SheetRow {
  std::size_t line = 0;  ///< CSV: the physical line the record starts on; XLSX: the row number
  std::vector<std::string> cells;
};

enum class Encoding { automatic, utf8, gb18030 };
/// "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312" (GB18030 is a superset of both); nullopt otherwise.
std::optional<Encoding> encoding_from(const std::string& text);

struct SheetOptions {
  Encoding encoding = Encoding::automatic;  ///< CSV only: XLSX is always UTF-8 inside
};

/// One sheet of rows. Throws Error(import_invalid) naming the line where the file is malformed.
class Sheet {
 public:
  virtual ~Sheet() = default;
  /// False at the end. Rows with no cells at all may be skipped; rows of empty cells are not.
  virtual bool next(SheetRow& row) = 0;
  /// Back to the first row, for a second pass over the same file.
  virtual void rewind() = 0;
  /// What was read, e.g. {"CSV,GB18030 编码(已转换)", "CSV, GB18030 (converted)"}.
  virtual Text described() const = 0;
  /// Where a cell is, for a person looking for it: in an XLSX {"工作表“评分”C5",
  /// "sheet \"评分\" cell C5"} (row `line`, 0-based `column`); none in a CSV (its line says it).
  virtual std::optional<Text> cell_at(std::size_t, std::size_t) const { return std::nullopt; }
};

/// The sheet in `in` (a seekable stream): XLSX when it starts as a zip archive does, CSV
/// otherwise; a CSV's encoding is detected (UTF-8 if every byte is, else GB18030) unless forced.
std::unique_ptr<Sheet> open_sheet(std::istream& in, const std::string& file_name,
                                  const SheetOptions& options = {});

/// The sheet named `name` (ASCII case ignored, as Excel compares them) of the XLSX workbook in
/// `in`, which must outlive it; nullptr when the workbook has no sheet by that name;
/// Error(import_invalid) when `in` is not an XLSX workbook.
std::unique_ptr<Sheet> open_xlsx_sheet(std::istream& in, const std::string& file_name,
                                       const std::string& name);

/// The first byte offset at which `in` (from where it stands to its end) is not valid UTF-8;
/// nullopt when all of it is — or when a NUL byte or `limit` bytes come first (no text file: the
/// CSV reader refuses it at its line).
std::optional<std::uintmax_t> first_invalid_utf8(std::istream& in,
                                                 std::uintmax_t limit = std::uintmax_t{1} << 30);

/// "A", "B", … "Z", "AA", …: the letters of a 0-based column index.
std::string column_letters(std::size_t column);

/// A cell's text that cannot be stored, as a problem naming its column (`header`), and in an XLSX
/// its sheet and cell: {"“说明”列(工作表“评分”E5):…", …}; nullopt when it can.
std::optional<Text> cell_defect(const Sheet& sheet, const SheetRow& row, std::size_t column,
                                const std::string& header);

/// Whether all of `in` (from where it stands) decodes as GB18030. Leaves the stream at its end.
bool decodes_as_gb18030(std::istream& in);
/// The text converted from GB18030 to UTF-8; Error(import_invalid) where it does not decode.
std::string gb18030_to_utf8(const std::string& text);
/// The text converted from UTF-8 to GB18030 (for recipients whose Excel misreads UTF-8).
std::string utf8_to_gb18030(const std::string& text);

}  // namespace duban::app
