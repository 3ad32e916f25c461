#pragma once
// 导入问题清单: a problem list as offices exchange it (CSV in UTF-8 or GB18030, XLSX), read into
// new items, or — rows carrying 编号 — into updates of the items it was exported from, each
// through the item machine. All or nothing; a dry run says per row what would happen. Kept here
// (not in the CLI) so that an upload page shows the same plan.
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/sheet.hpp"
#include "domain/errors.hpp"

namespace duban::app {

/// Progress of a long job: (done, total).
using Progress = std::function<void(std::size_t, std::size_t)>;

struct ImportOptions {
  bool dry_run = false;
  Encoding encoding = Encoding::automatic;  ///< CSV: detected unless forced (--encoding)
  /// The row the column names are on (--header-row); otherwise the first of the sheet's first
  /// rows that names the required columns (rows above it are titles).
  std::optional<std::size_t> header_row{};
  bool strict = false;  ///< refuse columns duban has no field for, instead of keeping them
  /// "牵头单位=责任单位": the sheet's column name, then the field it holds (its Chinese or English
  /// name as import knows it).
  std::vector<std::string> map{};
  /// The year of dates written without one ("5月15日前") when the row names no round (--year).
  std::optional<int> year{};
};

/// What import does (or, in a dry run, would do) with one row.
struct RowPlan {
  enum class Action { create, update, unchanged, refused };
  std::size_t line = 0;
  Action action = Action::create;
  std::int64_t id = 0;                ///< update/unchanged: the item (编号)
  std::vector<std::string> fields{};  ///< update: the fields that change
  std::vector<std::string> events{};  ///< transitions, in order: "assign", "rectify"…
  std::string state{};                ///< the state the item is left in
  Text deadline{};                    ///< how the deadline was read, when not plain ISO
  std::vector<Text> problems{};       ///< refused: why
  std::vector<Text> notes{};          ///< worth knowing, not wrong
};
std::string_view to_string(RowPlan::Action action);

struct ImportResult {
  std::size_t rows = 0;
  std::size_t assigned = 0;  ///< rows complete enough to start as assigned
  std::size_t created = 0, updated = 0, unchanged = 0;
  bool dry_run = false;
  Text format{};                             ///< e.g. "CSV, GB18030 (detected, converted to UTF-8)"
  std::size_t header_line = 0;               ///< the row the column names were found on
  std::vector<std::string> extra_columns{};  ///< kept as extra fields
  std::vector<std::pair<std::string, std::string>> mapped{};  ///< sheet column → field
  std::vector<RowPlan> plan{};                                ///< a dry run's plan, row by row
};

/// Thrown when rows are bad or refused: nothing was written. Carries the plan of a dry run (what
/// each row would do and why the refused ones are refused) beside the message listing each line.
class ImportRefused : public Error {
 public:
  ImportRefused(Text message, ImportResult result)
      : Error(Errc::import_invalid, std::move(message)), result_(std::move(result)) {}
  const ImportResult& result() const { return result_; }

 private:
  ImportResult result_;
};

/// The largest problem-list file `import` reads: a county's list is kilobytes, a million rows
/// about 120 MB; a file of gigabytes is a mistake (a log, a disk image), refused before reading.
inline constexpr std::uintmax_t kMaxImportBytes = std::uintmax_t{1} << 30;

/// Imports the problem list from `in` (seekable: read twice). All or nothing: if any row is bad or
/// refused, throws ImportRefused listing every such line, and nothing is written. Who imports:
/// the leading group (new rows and updates); a unit's user, updates of its own unit's items only.
ImportResult import_items(Services& services, const std::string& actor, std::istream& in,
                          const std::string& file_name, const ImportOptions& options,
                          const Progress& progress);
/// The same with the default options (format and encoding detected).
inline ImportResult import_items(Services& services, const std::string& actor, std::istream& in,
                                 const std::string& file_name, bool dry_run,
                                 const Progress& progress) {
  ImportOptions options;
  options.dry_run = dry_run;
  return import_items(services, actor, in, file_name, options, progress);
}

}  // namespace duban::app
