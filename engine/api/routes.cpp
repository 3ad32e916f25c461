#include "api/routes.hpp"

#include <nlohmann/json.hpp>

#include "api/openapi.hpp"
#include "app/json_views.hpp"
#include "clock/stopwatch.hpp"

namespace duban::api {

namespace {

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
  return json_response(200, body);
}

Response handle(ApiState& state, const Router& router, const Request& request) {
  const Stopwatch took;
  std::optional<LangScope> lang;
  if (auto asked = accepted_language(request.header("accept-language"))) lang.emplace(*asked);
  std::string pattern = "(unmatched)";
  // Behind a trusted proxy, the client's address for the throttles and the security log.
  const auto& proxies = state.context.options.trusted_proxies;
  std::optional<Request> behind;
  if (!proxies.empty()) {
    behind = request;
    behind->peer = client_address(request, proxies);
  }
  const Request& r = behind ? *behind : request;
  if (WebAssets::owns(r.target)) {
    static const WebAssets none;
    const auto& web = state.context.options.web;
    auto response = (web ? *web : none).answer(r);
    state.metrics.observe(request.method, "/ui/*", response.status, took.elapsed());
    return response;
  }
  auto response =
      answered([&] { return router.dispatch(r, &pattern); }, !r.header("if-match").empty());
  state.metrics.observe(request.method, pattern, response.status, took.elapsed());
  return response;
}

}  // namespace

void add_service_routes(Router& router, ApiState& state) {
  auto& c = state.context;
  // A browser (Accept: text/html) is sent to the dashboard; a program gets the service's card.
  router.add("GET", "/", open_route([&c](Call& call) {
               if (call.request.header("accept").find("text/html") != std::string::npos) {
                 Response r{302, "text/plain; charset=utf-8", "", {}};
                 r.headers.emplace_back("Location", "/ui/");
                 return r;
               }
               return json_response(200, {{"service", "duban"},
                                          {"county", c.services.config.county},
                                          {"api", "/api/v1"},
                                          {"dashboard", "/ui/"},
                                          {"endpoints", {"/healthz", "/api/v1/openapi.json"}}});
             }));
  auto healthz = open_route([&c](Call&) { return health(c); });
  router.add("GET", "/healthz", healthz);
  router.add("GET", "/api/v1/healthz", healthz);
  router.add("GET", "/api/v1/openapi.json", open_route([](Call&) {
               return Response{200, "application/json", std::string(openapi_json()), {}};
             }));
}

Router api_router(ApiState& state) {
  Router router;
  add_service_routes(router, state);
  add_auth_routes(router, state);
  add_unit_routes(router, state);
  add_round_routes(router, state);
  add_item_routes(router, state);
  add_evidence_routes(router, state);
  add_sheet_routes(router, state);
  add_score_routes(router, state);
  add_admin_routes(router, state);
  add_survey_routes(router, state);
  return router;
}

Handler routes(RouteContext context) {
  auto state = std::make_shared<ApiState>(std::move(context));
  auto router = std::make_shared<const Router>(api_router(*state));
  return Handler{
      [state, router](const Request& request) { return handle(*state, *router, request); }};
}

}  // namespace duban::api
