#pragma once
// 登录凭据: setting a password, issuing and revoking API tokens, and checking them (the REST
// API's login and every authenticated request). Secrets never reach the journal or the logs:
// the journal records that a password was set or a token issued, by whom, and when.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "audit/credentials.hpp"
#include "domain/credentials.hpp"

namespace duban::app {

struct SetPassword {
  std::string actor;  ///< the user themself, or the leading group for anyone
  std::string user;
  std::string password;
  audit::HashCost cost = audit::HashCost::interactive;
};
void set_password(Services& services, const SetPassword& request);

struct IssueToken {
  std::string actor;  ///< the user themself, or the leading group for anyone
  std::string user;
  std::string label;
  int days = 30;  ///< valid this many days (1..366)
};
struct IssuedToken {
  TokenRecord record;
  std::string token;  ///< shown once; only its hash is kept
};
IssuedToken issue_token(Services& services, const IssueToken& request);

/// Revokes token `id` (its user, or the leading group); revoking it again changes nothing.
void revoke_token(Services& services, const std::string& actor, std::int64_t id);

/// The user whose password this is, if it is (active users only; no hint of which part failed).
std::optional<User> check_password(Services& services, const std::string& user,
                                   const std::string& password);

/// The user a token belongs to, if it is known, not revoked and not expired at the clock's now.
std::optional<User> user_for_token(Services& services, const std::string& token);
struct Authenticated {
  User user;
  TokenRecord token;  ///< without its hash
};
/// As user_for_token, with the token's record (to log out with, to show its expiry).
std::optional<Authenticated> authenticate(Services& services, const std::string& token);

/// A user's tokens (the leading group: anyone's; others: their own), without secrets.
std::vector<TokenRecord> list_tokens(Services& services, const std::string& actor,
                                     const std::string& user);

}  // namespace duban::app
