#pragma once
// What duban keeps to let a user in: a password's hash and the API tokens issued (their SHA-256
// only: the token itself is shown once and never stored).
#include <cstdint>
#include <string>

namespace duban {

struct PasswordRecord {
  std::string user;
  std::string hash;  ///< Argon2id, libsodium's string form
  std::string set_at, set_by;
};

struct TokenRecord {
  std::int64_t id = 0;
  std::string user;
  std::string token_hash;  ///< SHA-256 hex of the token
  std::string label;
  std::string created_at, created_by;
  std::string expires_at;  ///< UTC text; the token is refused from then on
  std::string revoked_at;  ///< "" while not revoked
};

}  // namespace duban
