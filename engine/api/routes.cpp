#include "api/routes.hpp"

#include <nlohmann/json.hpp>

#include "app/json_views.hpp"

namespace duban::api {

namespace {

Response json(int status, const nlohmann::json& body) {
  return {status, "application/json", app::dump_json(body), {}};
}

Response problem(int status, const std::string& title, const std::string& code,
                 const std::string& detail = "") {
  return {status,
          "application/problem+json",
          app::dump_json(app::problem_json(status, title, code, detail)),
          {}};
}

Response health(const RouteContext& c) {
  auto& s = c.services;
  nlohmann::json body = {{"status", "ok"},
                         {"county", s.config.county},
                         {"schema_version", s.store.schema_version()},
                         {"now", format_utc(s.clock.now())}};
  if (const auto last = c.last_sweep ? c.last_sweep() : std::nullopt) {
    body["last_sweep"] = format_utc(last->at);
    body["open_items"] = last->open_items;
    body["overdue_items"] = last->overdue_items;
  }
  return json(200, body);
}

}  // namespace

Handler routes(RouteContext context) {
  return [c = std::move(context)](const std::string& method, const std::string& target) {
    if (target != "/" && target != "/healthz") {
      return problem(404, "Not Found", "not_found", target);
    }
    // Both resources are read-only: anything but GET and HEAD is 405, saying what is allowed.
    if (method != "GET" && method != "HEAD") {
      auto r = problem(405, "Method Not Allowed", "method_not_allowed",
                       method + " " + target + "; allowed: GET, HEAD");
      r.headers.emplace_back("Allow", "GET, HEAD");
      return r;
    }
    if (target == "/") {
      return json(200, {{"service", "duban"},
                        {"county", c.services.config.county},
                        {"endpoints", {"/healthz"}}});
    }
    return health(c);
  };
}

}  // namespace duban::api
