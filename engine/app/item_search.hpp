#pragma once
// Finding items a page at a time (the REST API's item list and the dashboard's board): filters,
// full-text search, an order, keyset paging and the total, within what the actor may see.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/queries.hpp"
#include "app/resolve_unit.hpp"

namespace duban::app {

struct ItemSearch {
  std::string actor;  ///< required: a unit's member finds its own unit's items and sub-units'
  std::string state, unit, round, source, category;  ///< unit: with its sub-units
  bool overdue = false;
  std::string status;       ///< colour: red, yellow, green
  std::string due_before;   ///< YYYY-MM-DD
  std::string q;            ///< words, each in the title, the manifestation or the measures
  std::string sort = "id";  ///< id, -id, due, -due (items without a due date last)
  int limit = 50;           ///< 1..200
  std::string cursor;       ///< next_cursor of the previous page; "" for the first
};

struct ItemPage {
  std::vector<ItemView> items;
  std::int64_t total = 0;   ///< matching items, all pages
  std::string next_cursor;  ///< "" on the last page
  /// The units the page was drawn from, when limited to some (a member's, or those asked for),
  /// and their change counters then (store::ItemRepository::unit_changes), read with the page.
  std::vector<std::string> units;
  std::vector<std::int64_t> changes;
};

/// Error(invalid_argument) naming the parameter at fault.
ItemPage find_items(Services& services, const ItemSearch& search);

constexpr int kMaxPage = 200;

/// A unit's items as the board counts them: per state (in kAllItemStates' order), and the red
/// (overdue) and yellow among those awaiting rectification.
struct UnitSummary {
  std::string unit, name;
  std::array<std::int64_t, 5> states{};
  std::int64_t items = 0, red = 0, yellow = 0;
};
/// The items `search` finds, counted per unit (its limit, sort and cursor do not apply); units
/// without items are left out.
std::vector<UnitSummary> summarize_items(Services& services, const ItemSearch& search);

/// The open and overdue items counted on each of the last `days` days (1..366) that were counted,
/// oldest first; Error(permission_denied) for a user who does not read the whole county.
std::vector<store::DayCounts> item_trend(Services& services, const std::string& actor, int days);

/// The units' change counters now (ItemPage::changes): equal, the page would read the same.
std::vector<std::int64_t> unit_changes(Services& services, const std::vector<std::string>& units);

/// An item as the views show it: its unit's name, colour, overdue, acknowledgement deadline.
ItemView item_view(const RectificationItem& item, const UnitIndex& units, Services& services);

}  // namespace duban::app
