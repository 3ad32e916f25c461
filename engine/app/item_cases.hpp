#pragma once
// Use cases of rectification items: add, move through the lifecycle, import and export.
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "machines/item_machine.hpp"

namespace duban::app {

struct AddItem {
  std::string actor;
  std::string round;  ///< optional
  std::string source = "county";
  std::string category, title, manifestation;
  std::string unit;  ///< 牵头单位: id or name
};
RectificationItem add_item(Services& services, const AddItem& request);

struct ChangeItem {
  std::string actor;
  std::int64_t id = 0;
  ItemEventKind event = ItemEventKind::assign;
  // Each with its default, so that a request names only what it gives ({.actor, .id, .event}).
  std::string reason{};
  // assign and reassign (unit/owner/measures/due default to what the item already has),
  // reject/reopen (a new due date), extend (the date asked for), approve-extension (instead of it)
  std::string unit{}, owner{}, measures{}, due{};
  std::string result{};                 ///< rectify
  std::vector<std::string> evidence{};  ///< rectify: references to evidence
};
struct ItemChanged {
  ItemState from = ItemState::identified;
  RectificationItem item;
  std::optional<Date> due_before;  ///< the deadline before the change
};
ItemChanged change_item(Services& services, const ChangeItem& request);

/// Progress of a long job: (done, total).
using Progress = std::function<void(std::size_t, std::size_t)>;

struct ImportResult {
  std::size_t rows = 0;
  std::size_t assigned = 0;  ///< rows complete enough to start as assigned
  bool dry_run = false;
};
/// Imports the problem list from CSV (UTF-8, Chinese headers). All or nothing: if any row is bad,
/// throws Error(import_invalid) listing every bad line, and nothing is written.
/// The largest problem-list file `import` reads: a county's list is kilobytes, a million rows
/// about 120 MB; a file of gigabytes is a mistake (a log, a disk image), refused before reading.
inline constexpr std::uintmax_t kMaxImportBytes = std::uintmax_t{1} << 30;

ImportResult import_items(Services& services, const std::string& actor, std::istream& csv,
                          const std::string& file_name, bool dry_run, const Progress& progress);

/// Writes the items matching the filter as CSV with the same headers import reads, one at a time
/// (an export of any size holds one item in memory).
std::size_t export_items(Services& services, std::ostream& out, const std::string& round,
                         const std::string& unit);

/// The code name or Chinese label of a source (国家, 省级, ...); Error(invalid_argument) otherwise.
ItemSource parse_source(const std::string& text);

}  // namespace duban::app
