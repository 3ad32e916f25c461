#pragma once
// Units and users in a SOCI database, mirrored from the configuration.
#include <soci/soci.h>

#include <memory>

#include "store/repositories.hpp"

namespace duban::store {

/// Looks users up with one statement prepared for the life of the session: every use case starts
/// by finding its actor.
class SociDirectory final : public UnitDirectory {
 public:
  explicit SociDirectory(soci::session& session);
  ~SociDirectory() override;
  std::vector<Unit> list_units() override;
  std::optional<Unit> find_unit(const std::string& id) override;
  std::optional<User> find_user(const std::string& id) override;
  std::vector<User> users_of_unit(const std::string& unit) override;
  SyncCounts sync(const std::vector<Unit>& units) override;
  std::string synced_hash() override;
  void set_synced_hash(const std::string& hash) override;

 private:
  struct Prepared;
  soci::session& session_;
  std::unique_ptr<Prepared> prepared_;
};

}  // namespace duban::store
