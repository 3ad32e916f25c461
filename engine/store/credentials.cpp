#include "store/credentials.hpp"

#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

namespace {

const char* const kTokenColumns =
    "SELECT id, user_id, token_hash, label, created_at, created_by, expires_at, revoked_at"
    " FROM tokens";

TokenRecord token_from(const soci::row& r) {
  TokenRecord t;
  t.id = int64_at(r, 0);
  t.user = r.get<std::string>(1);
  t.token_hash = r.get<std::string>(2);
  t.label = r.get<std::string>(3);
  t.created_at = r.get<std::string>(4);
  t.created_by = r.get<std::string>(5);
  t.expires_at = r.get<std::string>(6);
  t.revoked_at = r.get<std::string>(7);
  return t;
}

}  // namespace

std::optional<PasswordRecord> SociCredentials::password(const std::string& user) {
  return guarded("credentials.password", [&]() -> std::optional<PasswordRecord> {
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT user_id, password_hash, set_at, set_by FROM credentials"
                             " WHERE county_id = :c AND user_id = :u",
         soci::use(county_), soci::use(user));
    for (const auto& r : rows) {
      return PasswordRecord{r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                            r.get<std::string>(3)};
    }
    return std::nullopt;
  });
}

void SociCredentials::put_password(const PasswordRecord& p) {
  guarded("credentials.put_password", [&] {
    session_ << "DELETE FROM credentials WHERE county_id = :c AND user_id = :u", soci::use(county_),
        soci::use(p.user);
    session_ << "INSERT INTO credentials (county_id, user_id, password_hash, set_at, set_by)"
                " VALUES (:c, :u, :h, :at, :by)",
        soci::use(county_), soci::use(p.user), soci::use(p.hash), soci::use(p.set_at),
        soci::use(p.set_by);
  });
}

void SociCredentials::add_token(TokenRecord& t) {
  guarded("credentials.add_token", [&] {
    long long id = 0;
    session_ << "INSERT INTO tokens (county_id, user_id, token_hash, label, created_at,"
                " created_by, expires_at, revoked_at) VALUES (:c, :u, :h, :l, :at, :by, :exp,"
                " :rev) RETURNING id",
        soci::use(county_), soci::use(t.user), soci::use(t.token_hash), soci::use(t.label),
        soci::use(t.created_at), soci::use(t.created_by), soci::use(t.expires_at),
        soci::use(t.revoked_at), soci::into(id);
    t.id = id;
  });
}

std::vector<TokenRecord> SociCredentials::select_tokens(const std::string& where,
                                                        const std::string& key) {
  std::vector<TokenRecord> out;
  soci::rowset<soci::row> rows =
      (session_.prepare << std::string(kTokenColumns) + " WHERE county_id = :c AND" + where,
       soci::use(county_), soci::use(key));
  for (const auto& r : rows) out.push_back(token_from(r));
  return out;
}

std::optional<TokenRecord> SociCredentials::token_by_hash(const std::string& token_hash) {
  return guarded("credentials.token_by_hash", [&]() -> std::optional<TokenRecord> {
    auto found = select_tokens(" token_hash = :h", token_hash);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

std::optional<TokenRecord> SociCredentials::token(std::int64_t id) {
  return guarded("credentials.token", [&]() -> std::optional<TokenRecord> {
    auto found = select_tokens(" CAST(id AS TEXT) = :id", std::to_string(id));
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

void SociCredentials::revoke_token(std::int64_t id, const std::string& at) {
  guarded("credentials.revoke_token", [&] {
    long long key = id;
    session_ << "UPDATE tokens SET revoked_at = :at WHERE county_id = :c AND id = :id",
        soci::use(at), soci::use(county_), soci::use(key);
  });
}

std::vector<TokenRecord> SociCredentials::tokens(const std::string& user) {
  return guarded("credentials.tokens", [&] {
    // One placeholder either way: everyone's when no user is named.
    return user.empty() ? select_tokens(" '' = :u ORDER BY id DESC", user)
                        : select_tokens(" user_id = :u ORDER BY id DESC", user);
  });
}

std::vector<PasswordRecord> SociCredentials::passwords() {
  return guarded("credentials.passwords", [&] {
    std::vector<PasswordRecord> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT user_id, password_hash, set_at, set_by FROM credentials"
                             " WHERE county_id = :c ORDER BY user_id",
         soci::use(county_));
    for (const auto& r : rows) {
      out.push_back({r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                     r.get<std::string>(3)});
    }
    return out;
  });
}

}  // namespace duban::store
