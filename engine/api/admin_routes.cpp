// For the leading group and the administrator: GET /api/v1/notifications,
// POST /api/v1/notifications/{id}/retry, GET /api/v1/audit/verify, GET /api/v1/users,
// POST /api/v1/users, POST /api/v1/users/{id}/disable|enable|password, GET /api/v1/metrics.
#include "api/api.hpp"
#include "api/json_body.hpp"
#include "app/credential_cases.hpp"
#include "app/json_views.hpp"
#include "app/notifications.hpp"
#include "app/permissions.hpp"
#include "app/queries.hpp"
#include "app/transaction.hpp"
#include "app/user_admin.hpp"
#include "audit/signing.hpp"

namespace duban::api {

namespace {

void require_reader_of_county(const User& user, const Text& action) {
  app::require_access(
      user, {Access::leading_group, Access::supervision, Access::admin, Access::viewer}, action);
}

Response notifications(ApiState& state, Call& call) {
  store::OutboxFilter f;
  if (auto s = call.get("status"); !s.empty()) {
    f.status = delivery_status_from(s);
    if (!f.status) {
      throw Error(Errc::invalid_argument, {"未知的状态:" + s, "unknown status: " + s});
    }
  }
  f.to = call.get("to");
  f.subject = call.get("subject");
  auto list = nlohmann::json::array();
  const auto zone = state.services().config.zone;
  for (const auto& [reminder, delivery] :
       app::list_notifications(state.services(), call.user.id, f))
    list.push_back(app::to_json(reminder, delivery, zone));
  return json_response(200, {{"notifications", list}});
}

Response audit(ApiState& state, Call& call) {
  require_reader_of_county(call.user, {"校验审计日志", "verify the journal"});
  app::AuditOptions options;
  const auto& key = state.services().config.public_key;
  if (!key.empty() && std::filesystem::exists(key))
    options.public_key = audit::load_public_key(key);
  auto result = app::audit_verify(state.services(), options);
  return json_response(200, app::to_json(result));
}

nlohmann::json account_json(const UserRecord& u) {
  return {{"id", u.user.id},
          {"name", u.user.name},
          {"unit", u.user.unit},
          {"access", to_string(u.user.access)},
          {"role", u.role},
          {"email", u.email},
          {"phone", u.phone},
          {"origin", u.origin},
          {"active", u.active && u.disabled_at.empty()},
          {"disabled_at", u.disabled_at}};
}

Response users(ApiState& state, Call& call) {
  auto list = nlohmann::json::array();
  for (const auto& u : app::list_users(state.services(), call.user.id))
    list.push_back(account_json(u));
  return json_response(200, {{"users", list}});
}

Response create_user(ApiState& state, Call& call) {
  JsonBody body(call.request);
  app::CreateUser r;
  r.actor = call.user.id;
  r.id = body.text("id", true);
  r.name = body.text("name", true);
  r.unit = body.text("unit", true);
  if (auto access = body.text("access"); !access.empty()) r.access = access;
  r.role = body.text("role");
  r.email = body.text("email");
  r.phone = body.text("phone");
  body.finish();
  auto made = app::create_user(state.services(), r);
  auto response = json_response(201, account_json(made));
  response.headers.emplace_back("Location", "/api/v1/users/" + made.user.id);
  return response;
}

Response switch_user(ApiState& state, Call& call, bool enabled) {
  JsonBody body(call.request, true);
  app::SetUserEnabled r;
  r.actor = call.user.id;
  r.id = call.params["id"];
  r.enabled = enabled;
  r.reason = body.text("reason");
  body.finish();
  app::set_user_enabled(state.services(), r);
  for (const auto& u : app::list_users(state.services(), call.user.id)) {
    if (u.user.id == r.id) return json_response(200, account_json(u));
  }
  throw Error(Errc::not_found, {"用户不存在:" + r.id, "no such user: " + r.id});
}

Response reset_password(ApiState& state, Call& call) {
  JsonBody body(call.request);
  auto password = body.text("password", true);
  body.finish();
  app::set_password(state.services(), {call.user.id, call.params["id"], password});
  return Response{204, "application/json", "", {}};
}

std::string figures_text(ApiState& state) {
  auto f = app::service_figures(state.services());
  std::string out =
      "# HELP duban_items_open Items awaiting rectification.\n# TYPE duban_items_open gauge\n"
      "duban_items_open " +
      std::to_string(f.items.open) +
      "\n# HELP duban_items_overdue Items awaiting rectification past their due date.\n"
      "# TYPE duban_items_overdue gauge\nduban_items_overdue " +
      std::to_string(f.items.overdue) +
      "\n# HELP duban_reminder_deliveries Reminder deliveries in the outbox, by status (queued, "
      "sending, sent, failed, dead).\n# TYPE duban_reminder_deliveries gauge\n";
  for (const auto& [status, n] : f.deliveries) {
    out += "duban_reminder_deliveries{status=\"" + std::string(to_string(status)) + "\"} " +
           std::to_string(n) + "\n";
  }
  out +=
      "# HELP duban_item_transitions_total Item lifecycle events journaled, by event.\n"
      "# TYPE duban_item_transitions_total counter\n";
  for (const auto& [event, n] : f.transitions) {
    out +=
        "duban_item_transitions_total{event=\"" + label(event) + "\"} " + std::to_string(n) + "\n";
  }
  out +=
      "# HELP duban_observer_tasks Observer (rule plugin) tasks, by status (pending, running, "
      "retrying, done, dead).\n# TYPE duban_observer_tasks gauge\n";
  for (const auto& [status, n] : f.tasks) {
    out += "duban_observer_tasks{status=\"" + std::string(to_string(status)) + "\"} " +
           std::to_string(n) + "\n";
  }
  out +=
      "# HELP duban_observer_failures_total Observer calls that failed or timed out, since the "
      "process started.\n# TYPE duban_observer_failures_total counter\n"
      "duban_observer_failures_total " +
      std::to_string(f.observer_failures) + "\n";
  out +=
      "# HELP duban_page_cache_total Item lists answered from the kept pages (hit) or read from "
      "the database (miss).\n# TYPE duban_page_cache_total counter\n"
      "duban_page_cache_total{result=\"hit\"} " +
      std::to_string(state.pages.hits()) + "\nduban_page_cache_total{result=\"miss\"} " +
      std::to_string(state.pages.misses()) + "\n";
  return out;
}

}  // namespace

void add_admin_routes(Router& router, ApiState& state) {
  router.add("GET", "/api/v1/notifications",
             user_route(state, [&state](Call& call) { return notifications(state, call); }));
  router.add("POST", "/api/v1/notifications/{id}/retry", user_route(state, [&state](Call& call) {
               JsonBody(call.request, true).finish();
               auto d = app::retry_notification(state.services(), call.user.id, call.id("id"));
               return json_response(200, {{"id", d.id}, {"status", to_string(d.status)}});
             }));
  router.add("GET", "/api/v1/audit/verify",
             user_route(state, [&state](Call& call) { return audit(state, call); }));
  router.add("GET", "/api/v1/users",
             user_route(state, [&state](Call& call) { return users(state, call); }));
  router.add("POST", "/api/v1/users",
             user_route(state, [&state](Call& call) { return create_user(state, call); }));
  router.add("POST", "/api/v1/users/{id}/disable",
             user_route(state, [&state](Call& call) { return switch_user(state, call, false); }));
  router.add("POST", "/api/v1/users/{id}/enable",
             user_route(state, [&state](Call& call) { return switch_user(state, call, true); }));
  router.add("POST", "/api/v1/users/{id}/password",
             user_route(state, [&state](Call& call) { return reset_password(state, call); }));
  router.add("GET", "/api/v1/metrics", user_route(state, [&state](Call& call) {
               require_reader_of_county(call.user, {"查看运行指标", "read the metrics"});
               return Response{200,
                               "text/plain; version=0.0.4; charset=utf-8",
                               state.metrics.text() + figures_text(state),
                               {}};
             }));
}

}  // namespace duban::api
