#pragma once
// Units and users in the database, mirrored from the configuration at start.
#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/unit.hpp"

namespace duban::store {

struct SyncCounts {
  int units = 0;
  int users = 0;
  int deactivated = 0;
};

/// Upserts every configured unit and user; those no longer configured are marked inactive
/// (never deleted: items and the journal still name them).
SyncCounts sync_units(soci::session& session, const std::vector<Unit>& units);

std::vector<Unit> list_units(soci::session& session);
std::optional<Unit> find_unit(soci::session& session, const std::string& id);
std::optional<User> find_user(soci::session& session, const std::string& id);
/// Looks users up with one statement prepared for the life of the session: every use case
/// starts by finding its actor.
class UserDirectory {
 public:
  explicit UserDirectory(soci::session& session);
  ~UserDirectory();
  std::optional<User> find(const std::string& id);

 private:
  struct Prepared;
  soci::session& session_;
  std::unique_ptr<Prepared> prepared_;
};

std::vector<User> users_of_unit(soci::session& session, const std::string& unit);

}  // namespace duban::store
