// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/me.
#include "api/api.hpp"
#include "api/json_body.hpp"
#include "app/credential_cases.hpp"
#include "app/denials.hpp"
#include "app/queries.hpp"

namespace duban::api {

namespace {

HttpProblem locked_out(std::chrono::seconds wait) {
  HttpProblem p;
  p.status = 429;
  p.title = "Too Many Requests";
  p.code = "rate_limited";
  auto s = std::to_string(wait.count());
  p.detail = {"登录失败次数过多,请 " + s + " 秒后再试",
              "too many failed logins; retry in " + s + " s"};
  p.headers.emplace_back("Retry-After", s);
  return p;
}

nlohmann::json user_json(const User& u) {
  return {{"id", u.id}, {"name", u.name}, {"unit", u.unit}, {"access", to_string(u.access)}};
}

Response login(ApiState& state, Call& call) {
  JsonBody body(call.request);
  auto county = body.text("county");
  auto username = body.text("username", true);
  auto password = body.text("password", true);
  body.finish();
  auto& services = state.services();
  // A county named must be this one (a server of several passes each login on to its county).
  if (!county.empty() && county != services.config.county_code) {
    throw Error(Errc::not_found,
                {"本服务没有县 " + county, "this service has no county " + county});
  }
  const auto now = services.clock.now();
  const auto user_key = "user:" + username, address_key = "address:" + call.request.peer;
  // Refused before the password is even checked while too many attempts failed.
  for (const auto* key : {&user_key, &address_key}) {
    auto& throttle = key == &user_key ? state.login_users : state.login_addresses;
    if (auto wait = throttle.blocked(*key, now)) throw locked_out(*wait);
  }
  auto user = app::check_password(services, username, password);
  if (!user) {
    state.login_users.count(user_key, now);
    state.login_addresses.count(address_key, now);
    Error refused(Errc::unknown_actor, {"用户名或密码错误", "wrong user name or password"});
    app::record_denial(services, {username, "login", "address:" + call.request.peer}, refused);
    throw unauthenticated(refused.text());
  }
  state.login_users.clear(user_key);
  auto issued = app::issue_token(services, {user->id, user->id, "login " + call.request.peer,
                                            state.context.options.login_token_days});
  return json_response(200, {{"token", issued.token},
                             {"token_id", issued.record.id},
                             {"expires_at", issued.record.expires_at},
                             {"user", user_json(*user)}});
}

}  // namespace

void add_auth_routes(Router& router, ApiState& state) {
  router.add("POST", "/api/v1/auth/login",
             open_route([&state](Call& call) { return login(state, call); }));
  router.add("POST", "/api/v1/auth/logout", user_route(state, [&state](Call& call) {
               app::revoke_token(state.services(), call.user.id, call.token_id);
               return Response{204, "application/json", "", {}};
             }));
  router.add("GET", "/api/v1/me", user_route(state, [&state](Call& call) {
               auto j = user_json(call.user);
               auto unit = app::show_unit(state.services(), call.user.unit);
               j["unit_name"] = unit.unit.name;
               j["token_expires_at"] = call.token_expires;
               // Whose data this is: the dashboard shows the province's office its own page.
               const auto& config = state.services().config;
               j["county"] = {{"code", config.county_code},
                              {"name", config.county},
                              {"province", config.province}};
               return json_response(200, j);
             }));
}

}  // namespace duban::api
