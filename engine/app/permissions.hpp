#pragma once
// Who may do what. Roles come from the user's access level (config/units.yaml contacts).
#include <string>

#include "domain/text.hpp"
#include "domain/unit.hpp"
#include "store/repositories.hpp"

namespace duban::app {

/// The acting user, or Error(unknown_actor) if `id` is empty or names no active user.
User require_actor(store::UnitDirectory& directory, const std::string& id);

/// Throws Error(permission_denied) naming the action unless the actor has one of the access levels.
void require_access(const User& actor, std::initializer_list<Access> allowed, const Text& action);

/// Throws Error(permission_denied) unless the actor belongs to `unit` (or is in the leading group
/// when `leading_group_may` is true, recording on the unit's behalf).
void require_member_of(const User& actor, const std::string& unit, bool leading_group_may,
                       const Text& action);

}  // namespace duban::app
