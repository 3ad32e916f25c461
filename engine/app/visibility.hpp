#pragma once
// What a user may see of the county's items: every unit's (the leading group, the supervision
// group, evaluators, administrators and viewers), or only those of the user's own unit and its
// sub-units (a unit's member: a township sees its villages' and work teams' items). The command
// line and the HTTP API share it; a list, a count, a search and a journal show nothing else.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/errors.hpp"
#include "domain/item.hpp"
#include "domain/unit.hpp"
#include "store/repositories.hpp"

namespace duban::app {

struct ItemScope {
  bool all = true;
  std::vector<std::string> units;  ///< when not `all`: the units whose items may be seen
  bool sees(const std::string& unit) const;
};

/// `unit` and every unit under it (children, grandchildren, …), `unit` first.
std::vector<std::string> with_sub_units(store::UnitDirectory& directory, const std::string& unit);

ItemScope item_scope(store::UnitDirectory& directory, const User& actor);

/// The "no such item" answer, the same whether the item is missing or out of sight.
Error no_such_item(std::int64_t id);

/// Throws, when the item is out of the actor's sight, the real refusal (permission_denied:
/// "not a member of unit U and may not `action`") concealed as no_such_item(id).
void require_sight(const ItemScope& scope, const User& actor, const RectificationItem& item,
                   const Text& action);
/// The same for one item: the hierarchy is read only when the item is neither the actor's unit's
/// own nor the actor one who reads the whole county (a read the common case does without).
void require_sight(store::UnitDirectory& directory, const User& actor,
                   const RectificationItem& item, const Text& action);

}  // namespace duban::app
