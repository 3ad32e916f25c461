#pragma once
// Units and users in a SOCI database, mirrored from the configuration.
#include <soci/soci.h>

#include <memory>
#include <optional>
#include <unordered_map>

#include "store/repositories.hpp"

namespace duban::store {

/// Looks users up with one statement prepared for the life of the session: every use case starts
/// by finding its actor.
class SociDirectory final : public UnitDirectory {
 public:
  /// `county`: whose units and users (read as each statement runs; store/soci_store.cpp sets it).
  SociDirectory(soci::session& session, const long long& county);
  ~SociDirectory() override;
  std::vector<Unit> list_units() override;
  std::optional<Unit> find_unit(const std::string& id) override;
  std::optional<User> find_user(const std::string& id) override;
  std::vector<User> users_of_unit(const std::string& unit) override;
  SyncCounts sync(const std::vector<Unit>& units) override;
  std::vector<UserRecord> list_users() override;
  bool add_user(const UserRecord& user) override;
  void set_user_disabled(const std::string& id, const std::string& at) override;
  std::string synced_hash() override;
  void set_synced_hash(const std::string& hash) override;
  /// A unit of work begins on this session. `cached` says whether what this session read before
  /// still holds (no other connection committed since, and this session's last unit committed);
  /// `write` whether the unit may use and fill the cache of users.
  void begin(bool cached, bool write);

 private:
  struct Prepared;
  soci::session& session_;
  const long long& county_;
  std::unique_ptr<Prepared> prepared_;
  // Users by id, read in earlier units of work while nothing else changed the database: the
  // acting user is looked up by every change.
  std::unordered_map<std::string, User> users_;
  bool use_cache_ = false;
  // The county's units, read once in a unit of work (a page of items asks for them up to three
  // times: the sub-units of the unit asked for, its resolution and the units' names).
  std::optional<std::vector<Unit>> units_;
};

}  // namespace duban::store
