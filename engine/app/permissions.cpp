#include "app/permissions.hpp"

#include "domain/errors.hpp"

namespace duban::app {

User require_actor(store::UnitDirectory& directory, const std::string& id) {
  if (id.empty()) {
    throw Error(Errc::unknown_actor, {"请用 --as 用户名 指明操作人(或设置环境变量 DUBAN_USER)",
                                      "name the acting user with --as USER (or set DUBAN_USER)"});
  }
  auto user = directory.find_user(id);
  if (!user) {
    throw Error(Errc::unknown_actor,
                {"未知用户:" + id + "(用户在单位配置的 contacts 中定义)",
                 "unknown user: " + id + " (users are the contacts of the units file)"});
  }
  return *user;
}

void require_access(const User& actor, std::initializer_list<Access> allowed, const Text& action) {
  for (auto a : allowed)
    if (actor.access == a) return;
  std::string roles;
  for (auto a : allowed) roles += (roles.empty() ? "" : ", ") + std::string(to_string(a));
  throw Error(Errc::permission_denied,
              {"用户 " + actor.id + "(" + std::string(to_string(actor.access)) + ")无权" +
                   action.zh + ",需要:" + roles,
               "user " + actor.id + " (" + std::string(to_string(actor.access)) + ") may not " +
                   action.en + "; needs: " + roles});
}

void require_member_of(const User& actor, const std::string& unit, bool leading_group_may,
                       const Text& action) {
  if (read_only(actor.access)) {
    throw Error(
        Errc::permission_denied,
        {"用户 " + actor.id + "(" + std::string(label_zh(actor.access)) + ")只读,无权" + action.zh,
         "user " + actor.id + " (" + std::string(to_string(actor.access)) +
             ") is read-only and may not " + action.en});
  }
  if (actor.unit == unit) return;
  if (leading_group_may && actor.access == Access::leading_group) return;
  throw Error(
      Errc::permission_denied,
      {"用户 " + actor.id + " 不属于单位 " + unit + ",无权" + action.zh,
       "user " + actor.id + " is not a member of unit " + unit + " and may not " + action.en});
}

}  // namespace duban::app
