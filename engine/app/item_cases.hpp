#pragma once
// Use cases of rectification items: add, move through the lifecycle, import and export.
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "app/import_cases.hpp"
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
  std::string actor{};
  std::int64_t id = 0;
  ItemEventKind event = ItemEventKind::assign;
  // Each with its default, so that a request names only what it gives ({.actor, .id, .event}).
  std::string reason{};
  // assign and reassign (unit/owner/measures/due default to what the item already has),
  // reject/reopen (a new due date), extend (the date asked for), approve-extension (instead of it)
  std::string unit{}, owner{}, measures{}, due{};
  std::string result{};                 ///< rectify
  std::vector<std::string> evidence{};  ///< rectify: references to evidence
  /// The item's version the request was based on (HTTP If-Match): Error(conflict) if it moved.
  std::optional<std::int64_t> expected_version{};
};
struct ItemChanged {
  ItemState from = ItemState::identified;
  RectificationItem item;
  std::optional<Date> due_before;  ///< the deadline before the change
};
ItemChanged change_item(Services& services, const ChangeItem& request);

enum class ExportFormat { csv, xlsx };
struct ExportOptions {
  std::string round{}, unit{};  ///< filters (a unit by id or name); empty: all
  ExportFormat format = ExportFormat::csv;
  /// CSV: UTF-8 with a BOM (what Excel needs to read UTF-8), or GB18030 for recipients whose
  /// Excel misreads UTF-8 (older Excel and WPS on Chinese Windows).
  Encoding encoding = Encoding::utf8;
  /// Who asks (visibility.hpp: a unit's member exports its own unit's items and its sub-units');
  /// empty: the operator on the server's command line.
  std::string actor{};
};
/// Writes the items matching the filter with the headers import reads (编号 first, so that a
/// filled-in export imports back as updates; extra fields after duban's own), one item at a time.
/// XLSX: a frozen header row, column widths, 编号 as a number and 整改时限 as a date.
std::size_t export_items(Services& services, std::ostream& out, const ExportOptions& options);
inline std::size_t export_items(Services& services, std::ostream& out, const std::string& round,
                                const std::string& unit) {
  return export_items(services, out, ExportOptions{round, unit});
}

/// The code name or Chinese label of a source (国家, 省级, ...); Error(invalid_argument) otherwise.
ItemSource parse_source(const std::string& text);

}  // namespace duban::app
