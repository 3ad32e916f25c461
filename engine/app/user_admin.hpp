#pragma once
// 用户管理: users made, disabled and enabled again by an administrator or the leading group (the
// REST API's /users). Users of units.yaml stay the configuration's; those made here are kept
// apart from it (a sync leaves them alone), and a disabling holds across syncs.
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/unit.hpp"

namespace duban::app {

struct CreateUser {
  std::string actor;
  std::string id;    ///< 1–64 of a-z 0-9 . _ - (a login name)
  std::string name;  ///< the person's name
  std::string unit;  ///< id or name
  std::string access = "member";
  std::string role, email, phone;
};
/// Journaled as user:ID create. Error(permission_denied) unless the actor is the leading group or
/// an administrator; Error(conflict) for an id already taken (configured or not, disabled or not).
UserRecord create_user(Services& services, const CreateUser& request);

struct SetUserEnabled {
  std::string actor;
  std::string id;
  bool enabled = false;
  std::string reason;  ///< disabling: required
};
/// Disabling also revokes the user's tokens; no one disables themself. Journaled as user:ID
/// disable or enable (state inactive / active, as audit verify checks against the row).
void set_user_enabled(Services& services, const SetUserEnabled& request);

/// Every user (leading group, administrator).
std::vector<UserRecord> list_users(Services& services, const std::string& actor);

}  // namespace duban::app
