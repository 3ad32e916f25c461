#pragma once
// The columns of a roster: which row holds their names, which field each holds (Chinese or
// English names, the aliases real rosters use, --map), whether the sheet lists villages or
// households, and each row read into a village or a household with its problems.
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/sheet.hpp"
#include "domain/roster.hpp"
#include "survey/roster_import.hpp"

namespace duban::survey {

enum class RosterField {
  township,
  village,
  village_kind,
  population,  ///< a village's 人口数, or a household's
  poor_population,
  number,
  head,
  id_number,
  household_kind,
  edge,
  monitored,
  tags,
};
inline constexpr std::size_t kRosterFields = static_cast<std::size_t>(RosterField::tags) + 1;

/// The name a field is reported by (its roster column name): "乡镇", "户编号", …
const char* roster_field_label(RosterField field);

struct RosterLayout {
  RosterKind kind = RosterKind::households;
  std::size_t header_line = 0;
  std::vector<std::string> header;                             ///< the names, trimmed, by column
  std::array<std::optional<std::size_t>, kRosterFields> at{};  ///< each field's column
  std::vector<std::pair<std::string, std::string>> mapped;     ///< applied --map entries
};

/// Finds the header row (options.header_row, or the first of the first 20 that names a village
/// or household roster's columns) and reads the layout, leaving the sheet at the first row after
/// it. Missing columns and bad --map entries are reported; a sheet where no row could be the
/// header throws Error(import_invalid) naming the columns looked for.
RosterLayout read_roster_layout(app::Sheet& sheet, const RosterImportOptions& options,
                                const std::string& file_name,
                                const std::function<void(std::size_t, const Text&)>& report);

class RowReader {
 public:
  /// A township cell's unit id, or nullopt with why.
  using Township = std::function<std::optional<std::string>(const std::string&, Text&)>;
  /// A village's own unit under a township, or "" when the units file has none of that name.
  using VillageUnit = std::function<std::string(const std::string&, const std::string&)>;
  RowReader(const app::Sheet& sheet, const RosterLayout& layout, Township township,
            VillageUnit village_unit);
  /// The row as a village; its problems (each naming its column) appended to `bad`.
  RosterVillage village(const app::SheetRow& row, std::vector<Text>& bad) const;
  /// The row as a household, without its ID number's hash and tail: the number itself, checked,
  /// is in `id_number` for the caller to hash and then wipe.
  RosterHousehold household(const app::SheetRow& row, std::vector<Text>& bad,
                            std::string& id_number) const;

 private:
  std::string cell(const app::SheetRow& row, RosterField f, std::vector<Text>& bad,
                   bool required) const;
  Text where(const app::SheetRow& row, RosterField f) const;
  std::optional<std::int64_t> count(const app::SheetRow& row, RosterField f, std::vector<Text>& bad,
                                    std::int64_t low) const;
  bool yes_no(const app::SheetRow& row, RosterField f, std::vector<Text>& bad) const;
  const app::Sheet& sheet_;
  const RosterLayout& layout_;
  Township township_;
  VillageUnit village_unit_;
};

}  // namespace duban::survey
