#pragma once
// The layout of a problem list: which row holds the column names (title rows above it are
// skipped), which field each column holds (Chinese or English names, aliases real lists use,
// --map), and which columns duban has no field for (kept as extra fields, or refused with
// --strict).
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/import_cases.hpp"
#include "app/sheet.hpp"

namespace duban::app {

enum class Column {
  id,
  serial,
  round,
  source,
  category,
  title,
  manifestation,
  measures,
  unit,
  owner,
  due,
  result,
  state
};
inline constexpr std::size_t kColumnKinds = static_cast<std::size_t>(Column::state) + 1;

/// The field a column name stands for, if import knows it ("序号", "牵头单位", "due"…).
std::optional<Column> column_named(const std::string& name);
/// The header export writes for each field, and the name import reports a field by.
const char* column_label(Column column);

using Report = std::function<void(std::size_t line, const Text& message)>;

struct Layout {
  std::size_t header_line = 0;
  std::vector<std::string> header;                          ///< the names, trimmed, by column
  std::vector<std::optional<Column>> columns;               ///< the field of each column, if any
  std::vector<std::pair<std::size_t, std::string>> extras;  ///< kept as extra fields
  std::vector<std::pair<std::string, std::string>> mapped;  ///< applied --map entries
  std::array<bool, kColumnKinds> present{};
  bool has(Column c) const { return present[static_cast<std::size_t>(c)]; }
};

/// Finds the header row and reads the layout from it, leaving the sheet at the first row after it
/// (the sheet may be rewound to find it). Problems of the header are reported, not thrown; a sheet
/// with no row that could be the header throws Error(import_invalid).
Layout read_layout(Sheet& sheet, const ImportOptions& options, const std::string& file_name,
                   const Report& report);

/// Moves a sheet, after rewind(), past the header row again.
void skip_to_data(Sheet& sheet, const Layout& layout);

/// A row with nothing in any cell but spaces (Excel writes them as ",,,,").
bool is_blank(const SheetRow& row);

}  // namespace duban::app
