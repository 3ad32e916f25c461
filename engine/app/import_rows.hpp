#pragma once
// One row of a problem list read into what it says: the item's fields, its extra fields, the
// deadline as read, and the 编号 of the item it updates, if any.
#include <array>
#include <optional>

#include "app/import_layout.hpp"
#include "app/resolve_unit.hpp"
#include "domain/calendar.hpp"
#include "domain/deadline_text.hpp"
#include "domain/item.hpp"

namespace duban::app {

struct RowInput {
  std::size_t line = 0;
  std::optional<std::int64_t> id;  ///< 编号: the row updates that item
  RectificationItem item;          ///< as the row gives it (unit resolved to its id)
  std::optional<Deadline> deadline;
  /// What the row gives (a non-empty cell), by field.
  std::array<bool, kColumnKinds> given{};
  bool has(Column c) const { return given[static_cast<std::size_t>(c)]; }
  bool any_assignment() const {
    return has(Column::owner) || has(Column::measures) || has(Column::due);
  }
};

/// What reading rows needs besides the row: units, the years dates may fall in, the year for
/// dates without one, and 立行立改's due date.
struct RowContext {
  const UnitIndex& units;
  YearRange years;
  std::optional<int> year;  ///< --year
  Date immediate_due;
  Text immediate_rule;
  const Sheet* sheet = nullptr;  ///< names the cell at fault (XLSX: its sheet and cell)
};

/// Reads a row; what is wrong with it goes to `report` (the row is then not to be used).
RowInput read_row(const SheetRow& row, const Layout& layout, const RowContext& context,
                  const Report& report);

/// The source named by a label (国家, 省级…), the name's first words ("国家第三方成效评估组" →
/// national) or the code; county when empty.
std::optional<ItemSource> lenient_source(const std::string& text);

}  // namespace duban::app
