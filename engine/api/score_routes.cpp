// Scores, ranking and recommendations: GET/POST /api/v1/rounds/{code}/scores,
// GET /api/v1/rounds/{code}/ranking[?published=true], POST /api/v1/rounds/{code}/publish,
// GET /api/v1/recommendations, POST /api/v1/recommendations/{id}/accept|dismiss.
#include "api/api.hpp"
#include "api/json_body.hpp"
#include "app/recommendation_cases.hpp"
#include "app/score_cases.hpp"
#include "app/scoring_views.hpp"

namespace duban::api {

namespace {

Response set_score(ApiState& state, Call& call) {
  JsonBody body(call.request);
  app::SetScore request;
  request.actor = call.user.id;
  request.round = call.params["code"];
  request.unit = body.text("unit", true);
  request.indicator = body.text("indicator", true);
  // A number, or 是/否 for a fact: either JSON type.
  if (const auto* v = body.raw("value"); v && v->is_number()) {
    request.value = v->dump();
  } else {
    request.value = body.text("value");
  }
  request.source = body.text("source");
  request.note = body.text("note");
  request.clear = body.flag("clear");
  if (request.value.empty() && !request.clear) {
    body.finish();
    throw validation_failed({{"value", {"必填(或 clear: true)", "is required (or clear: true)"}}});
  }
  body.finish();
  auto change = app::set_score(state.services(), request);
  auto j = app::to_json(change.record);
  j["before"] = change.before;
  j["changed"] = change.changed;
  return json_response(200, j);
}

Response ranking(ApiState& state, Call& call) {
  const auto& round = call.params["code"];
  auto published = call.get("published");
  if (published == "true" || published == "1") {
    auto r = app::published_ranking(state.services(), round);
    if (!r) {
      throw Error(Errc::not_found, {"轮次 " + round + " 的排名尚未公布",
                                    "the ranking of " + round + " is not published"});
    }
    return json_response(200, app::to_json(*r));
  }
  return json_response(200,
                       app::to_json(app::compute_ranking(state.services(), call.user.id, round)));
}

Response decide(ApiState& state, Call& call, bool accept) {
  JsonBody body(call.request, true);
  app::DecideRecommendation request;
  request.actor = call.user.id;
  request.id = call.id("id");
  request.accept = accept;
  request.note = body.text("note");
  body.finish();
  return json_response(200, app::to_json(app::decide_recommendation(state.services(), request)));
}

}  // namespace

void add_score_routes(Router& router, ApiState& state) {
  router.add("GET", "/api/v1/rounds/{code}/scores", user_route(state, [&state](Call& call) {
               auto list = nlohmann::json::array();
               for (const auto& s : app::list_scores(state.services(), call.user.id,
                                                     call.params["code"], call.get("unit")))
                 list.push_back(app::to_json(s));
               return json_response(200, {{"scores", list}});
             }));
  router.add("POST", "/api/v1/rounds/{code}/scores",
             user_route(state, [&state](Call& call) { return set_score(state, call); }));
  router.add("GET", "/api/v1/rounds/{code}/ranking",
             user_route(state, [&state](Call& call) { return ranking(state, call); }));
  router.add("POST", "/api/v1/rounds/{code}/publish", user_route(state, [&state](Call& call) {
               JsonBody(call.request, true).finish();
               auto r = app::publish_ranking(state.services(), {call.user.id, call.params["code"]});
               return json_response(200, app::to_json(r));
             }));
  router.add("GET", "/api/v1/recommendations", user_route(state, [&state](Call& call) {
               auto list = nlohmann::json::array();
               for (const auto& r :
                    app::list_recommendations(state.services(), call.user.id, call.get("round"),
                                              call.get("unit"), call.get("state")))
                 list.push_back(app::to_json(r));
               return json_response(200, {{"recommendations", list}});
             }));
  router.add("POST", "/api/v1/recommendations/{id}/accept",
             user_route(state, [&state](Call& call) { return decide(state, call, true); }));
  router.add("POST", "/api/v1/recommendations/{id}/dismiss",
             user_route(state, [&state](Call& call) { return decide(state, call, false); }));
}

}  // namespace duban::api
