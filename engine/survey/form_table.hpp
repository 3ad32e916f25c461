#pragma once
// The sheets of an XLSForm workbook as tables: for form_read.cpp and the submission import.
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "domain/text.hpp"

namespace duban::survey::form_table {

std::string trim(const std::string& s);
std::string lower(std::string s);

/// The rows of one sheet below its header (the first row with anything in it), each as a map
/// from column name (lower case, trimmed) to its cell's trimmed text; empty rows left out.
struct Table {
  bool present = false;  ///< whether the workbook has the sheet
  std::size_t header_row = 0;
  std::vector<std::string> columns;
  struct Row {
    std::size_t line = 0;
    std::map<std::string, std::string> cells;
    const std::string& operator[](const std::string& column) const;
  };
  std::vector<Row> rows;
  bool has(const std::string& column) const;
};

/// The sheet `name` of the workbook in `in` (read from its start).
Table read_table(std::istream& in, const std::string& file, const std::string& name);

/// A translatable column ("label", "hint", …) of a row: zh from the plain column or its
/// "::中文 (zh)" translation, en from its "::English (en)" one; each falls back to the other.
Text translated(const Table::Row& row, const std::string& base);

/// An XLSForm name: a letter (any script) or "_" first, then letters, digits, "_", "-", ".".
bool valid_name(const std::string& name);

}  // namespace duban::survey::form_table
