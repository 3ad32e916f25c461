#pragma once
// Password hashes and API tokens in a SOCI database.
#include <soci/soci.h>

#include "store/repositories.hpp"

namespace duban::store {

class SociCredentials final : public CredentialRepository {
 public:
  /// `county`: whose rows (read as each statement runs; store/soci_store.cpp sets it).
  SociCredentials(soci::session& session, const long long& county)
      : session_(session), county_(county) {}
  std::optional<PasswordRecord> password(const std::string& user) override;
  void put_password(const PasswordRecord& record) override;
  void add_token(TokenRecord& token) override;
  std::optional<TokenRecord> token_by_hash(const std::string& token_hash) override;
  std::optional<TokenRecord> token(std::int64_t id) override;
  void revoke_token(std::int64_t id, const std::string& at) override;
  std::vector<TokenRecord> tokens(const std::string& user) override;
  std::vector<PasswordRecord> passwords() override;

 private:
  std::vector<TokenRecord> select_tokens(const std::string& where, const std::string& key);
  soci::session& session_;
  const long long& county_;
};

}  // namespace duban::store
