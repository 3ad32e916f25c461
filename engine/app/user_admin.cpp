#include "app/user_admin.hpp"

#include <algorithm>

#include "app/denials.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/resolve_unit.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

namespace {

User require_user_manager(Transaction& tx, const std::string& actor_id, const Text& action) {
  auto actor = require_actor(tx.directory(), actor_id);
  require_access(actor, {Access::leading_group, Access::admin}, action);
  return actor;
}

Error invalid(const std::string& field, const Text& why) {
  return Error(Errc::invalid_argument, {field + ":" + why.zh, field + ": " + why.en});
}

bool login_name(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

void check_text(const std::string& field, const std::string& value, std::size_t max) {
  if (text_defect(value)) {
    throw invalid(field, {"含有非法字符", "holds characters that are not text"});
  }
  if (value.size() > max) {
    throw invalid(field, {"过长(至多 " + std::to_string(max) + " 字节)",
                          "too long (at most " + std::to_string(max) + " bytes)"});
  }
}

}  // namespace

UserRecord create_user(Services& services, const CreateUser& r) {
  return recording_refusals(services, {r.actor, "user add", "user:" + r.id}, [&] {
    if (!login_name(r.id)) {
      throw invalid("id", {"应为 1 至 64 个小写字母、数字、点、下划线或连字符",
                           "must be 1 to 64 of a-z, 0-9, '.', '_' and '-'"});
    }
    if (r.name.empty()) throw invalid("name", {"不能为空", "must not be empty"});
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"name", &r.name},
                                       {"role", &r.role},
                                       {"email", &r.email},
                                       {"phone", &r.phone}}) {
      check_text(field, *value, 200);
    }
    auto access = access_from(r.access);
    if (!access) {
      throw invalid("access",
                    {"应为 leading_group、supervision、evaluator、member、admin 或 viewer",
                     "must be leading_group, supervision, evaluator, member, admin or "
                     "viewer"});
    }
    Transaction tx(services, store::Intent::write);
    auto now = services.clock.now();
    require_user_manager(tx, r.actor, {"新建用户", "create users"});
    UserRecord u;
    u.user = {r.id, r.name, resolve_unit(tx.directory(), r.unit), *access};
    u.role = r.role;
    u.email = r.email;
    u.phone = r.phone;
    u.origin = "api";
    if (!tx.directory().add_user(u)) {
      throw Error(Errc::conflict, {"用户名已被使用:" + r.id, "the user name is taken: " + r.id});
    }
    auto entry = journal_entry(now, r.actor, "user:" + r.id, "create", "", "active");
    entry.changes["name"] = {"", u.user.name};
    entry.changes["unit"] = {"", u.user.unit};
    entry.changes["access"] = {"", std::string(to_string(u.user.access))};
    tx.record(std::move(entry));
    tx.commit();
    return u;
  });
}

void set_user_enabled(Services& services, const SetUserEnabled& r) {
  const char* verb = r.enabled ? "user enable" : "user disable";
  recording_refusals(services, {r.actor, verb, "user:" + r.id}, [&] {
    if (!r.enabled && r.reason.empty()) {
      throw invalid("reason", {"停用用户须说明理由", "disabling a user needs a reason"});
    }
    check_text("reason", r.reason, 1000);
    Transaction tx(services, store::Intent::write);
    auto now = services.clock.now();
    auto actor = require_user_manager(
        tx, r.actor,
        r.enabled ? Text{"启用用户", "enable users"} : Text{"停用用户", "disable users"});
    if (actor.id == r.id && !r.enabled) {
      throw Error(Errc::permission_denied, {"不能停用自己", "one may not disable oneself"});
    }
    auto all = tx.directory().list_users();
    auto it =
        std::find_if(all.begin(), all.end(), [&](const auto& u) { return u.user.id == r.id; });
    if (it == all.end()) {
      throw Error(Errc::not_found, {"用户不存在:" + r.id, "no such user: " + r.id});
    }
    const bool disabled = !it->disabled_at.empty();
    if (disabled == !r.enabled) return;  // already so: nothing to record
    const auto at = format_utc(now);
    tx.directory().set_user_disabled(r.id, r.enabled ? "" : at);
    const auto state = [&](bool off) {
      return std::string(off || !it->active ? "inactive" : "active");
    };
    auto entry = journal_entry(now, r.actor, "user:" + r.id, r.enabled ? "enable" : "disable",
                               state(disabled), state(!r.enabled));
    if (!r.reason.empty()) entry.changes["reason"] = {"", r.reason};
    tx.record(std::move(entry));
    if (!r.enabled) {
      // Its tokens end with it: enabled again, it logs in again.
      for (const auto& t : tx.credentials().tokens(r.id)) {
        if (!t.revoked_at.empty()) continue;
        tx.credentials().revoke_token(t.id, at);
        tx.record(journal_entry(now, r.actor, "token:" + std::to_string(t.id), "revoke", "active",
                                "revoked"));
      }
    }
    tx.commit();
  });
}

std::vector<UserRecord> list_users(Services& services, const std::string& actor) {
  return recording_refusals(services, {actor, "user list", "users"}, [&] {
    Transaction tx(services, store::Intent::read);
    require_user_manager(tx, actor, {"查看用户", "list users"});
    return tx.directory().list_users();
  });
}

}  // namespace duban::app
