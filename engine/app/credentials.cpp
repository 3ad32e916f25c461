// 登录凭据: passwords and API tokens, journaled without their secrets.
#include <chrono>

#include "app/credential_cases.hpp"
#include "app/denials.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

bool manages_credentials(const User& actor) {
  return actor.access == Access::leading_group || actor.access == Access::admin;
}

// The user themself, or the leading group or an administrator acting for them.
User require_self_or_leading_group(Transaction& tx, const std::string& actor_id,
                                   const std::string& user_id, const Text& action) {
  auto actor = require_actor(tx.directory(), actor_id);
  if (actor.id != user_id && !manages_credentials(actor)) {
    throw Error(Errc::permission_denied,
                {"只能为自己" + action.zh + "(领导小组和系统管理员可为他人办理)",
                 "one may " + action.en +
                     " for oneself only (the leading group and administrators for anyone)"});
  }
  auto user = tx.directory().find_user(user_id);
  if (!user) {
    throw Error(Errc::not_found, {"用户不存在:" + user_id, "no such user: " + user_id});
  }
  return *user;
}

}  // namespace

void set_password(Services& services, const SetPassword& request) {
  recording_refusals(services, {request.actor, "user passwd", "credential:" + request.user}, [&] {
    // Hashed before the transaction: Argon2id takes its time and memory on purpose.
    auto hash = audit::hash_password(request.password, request.cost);
    Transaction tx(services, store::Intent::write);
    auto now = services.clock.now();
    auto user = require_self_or_leading_group(tx, request.actor, request.user,
                                              {"设置密码", "set a password"});
    auto before = tx.credentials().password(user.id);
    PasswordRecord record{user.id, hash, format_utc(now), request.actor};
    tx.credentials().put_password(record);
    auto entry = journal_entry(now, request.actor, "credential:" + user.id, "passwd", "", "");
    entry.changes["password"] = {before ? "set" : "", "set"};
    tx.record(std::move(entry));
    tx.commit();
  });
}

IssuedToken issue_token(Services& services, const IssueToken& request) {
  return recording_refusals(services, {request.actor, "user token", "user:" + request.user}, [&] {
    if (request.days < 1 || request.days > 366) {
      throw Error(Errc::invalid_argument,
                  {"有效天数应在 1 到 366 之间", "a token is valid for 1 to 366 days"});
    }
    Transaction tx(services, store::Intent::write);
    auto now = services.clock.now();
    auto user = require_self_or_leading_group(tx, request.actor, request.user,
                                              {"签发令牌", "issue a token"});
    IssuedToken out;
    out.token = audit::new_token();
    auto& t = out.record;
    t.user = user.id;
    t.token_hash = audit::token_hash(out.token);
    t.label = request.label;
    t.created_at = format_utc(now);
    t.created_by = request.actor;
    t.expires_at = format_utc(now + std::chrono::days{request.days});
    tx.credentials().add_token(t);
    auto entry =
        journal_entry(now, request.actor, "token:" + std::to_string(t.id), "issue", "", "active");
    entry.changes["user"] = {"", t.user};
    entry.changes["label"] = {"", t.label};
    entry.changes["expires_at"] = {"", t.expires_at};
    tx.record(std::move(entry));
    tx.commit();
    return out;
  });
}

void revoke_token(Services& services, const std::string& actor, std::int64_t id) {
  recording_refusals(services, {actor, "user revoke", "token:" + std::to_string(id)}, [&] {
    Transaction tx(services, store::Intent::write);
    auto now = services.clock.now();
    auto t = tx.credentials().token(id);
    if (!t) {
      throw Error(Errc::not_found,
                  {"令牌不存在:" + std::to_string(id), "no such token: " + std::to_string(id)});
    }
    require_self_or_leading_group(tx, actor, t->user, {"吊销令牌", "revoke a token"});
    if (!t->revoked_at.empty()) return;
    tx.credentials().revoke_token(id, format_utc(now));
    auto entry =
        journal_entry(now, actor, "token:" + std::to_string(id), "revoke", "active", "revoked");
    tx.record(std::move(entry));
    tx.commit();
  });
}

std::optional<User> check_password(Services& services, const std::string& user_id,
                                   const std::string& password) {
  std::optional<PasswordRecord> record;
  std::optional<User> user;
  {
    Transaction tx(services, store::Intent::read);
    user = tx.directory().find_user(user_id);
    if (user) record = tx.credentials().password(user->id);
  }
  // Verified outside the transaction; an unknown user (or one without a password) against a
  // hash of the same cost, so that neither the answer nor its time says which part was wrong.
  if (!user || !record) {
    static const std::string stand_in = audit::hash_password(audit::new_token());
    audit::verify_password(password, stand_in);
    return std::nullopt;
  }
  if (!audit::verify_password(password, record->hash)) return std::nullopt;
  return user;
}

std::optional<Authenticated> authenticate(Services& services, const std::string& token) {
  if (token.rfind("dbn_", 0) != 0 || token.size() > 256) return std::nullopt;
  Transaction tx(services, store::Intent::read);
  auto t = tx.credentials().token_by_hash(audit::token_hash(token));
  if (!t || !t->revoked_at.empty()) return std::nullopt;
  auto expires = parse_utc(t->expires_at);
  if (!expires || services.clock.now() >= *expires) return std::nullopt;
  auto user = tx.directory().find_user(t->user);
  if (!user) return std::nullopt;
  t->token_hash.clear();
  return Authenticated{*user, *t};
}

std::optional<User> user_for_token(Services& services, const std::string& token) {
  auto a = authenticate(services, token);
  if (!a) return std::nullopt;
  return a->user;
}

std::vector<TokenRecord> list_tokens(Services& services, const std::string& actor_id,
                                     const std::string& user) {
  Transaction tx(services, store::Intent::read);
  auto actor = require_actor(tx.directory(), actor_id);
  std::string who = user;
  if (!manages_credentials(actor)) {
    if (!user.empty() && user != actor.id) {
      throw Error(Errc::permission_denied,
                  {"只能查看自己的令牌", "one may list one's own tokens only"});
    }
    who = actor.id;
  }
  auto out = tx.credentials().tokens(who);
  for (auto& t : out) t.token_hash.clear();  // not even the hash leaves the store
  return out;
}

}  // namespace duban::app
