// Rounds: GET/POST /api/v1/rounds, GET /api/v1/rounds/{code} (with its seven steps),
// POST /api/v1/rounds/{code}/steps/{step}/events (open, complete, reopen, approve).
#include "api/api.hpp"
#include "api/json_body.hpp"
#include "app/json_views.hpp"
#include "app/queries.hpp"
#include "app/round_cases.hpp"

namespace duban::api {

namespace {

Response round_response(int status, ApiState& state, const std::string& code) {
  return json_response(status, app::to_json(app::show_round(state.services(), code)));
}

Response start(ApiState& state, Call& call) {
  JsonBody body(call.request);
  app::StartRound request;
  request.actor = call.user.id;
  request.round = body.text("code", true);
  request.observation_date = body.text("observation_date");
  body.finish();
  auto record = app::start_round(state.services(), request);
  auto r = round_response(201, state, record.id.str());
  r.headers.emplace_back("Location", "/api/v1/rounds/" + record.id.str());
  return r;
}

Response step_event(ApiState& state, Call& call) {
  JsonBody body(call.request);
  auto event = body.text("event", true);
  auto reason = body.text("reason");
  auto override_reason = body.text("override");
  body.finish();
  const auto& round = call.params["code"];
  if (event == "approve") {
    if (!reason.empty() || !override_reason.empty()) {
      throw validation_failed({{"event", {"审定报告不带理由", "approve takes no reason"}}});
    }
    // Approving is the report of step 6; the step's path names it for the client's sake.
    if (app::parse_step(call.params["step"]) != app::parse_step("6")) {
      throw validation_failed(
          {{"event", {"只有第 6 步可以审定报告", "only step 6 has a report to approve"}}});
    }
    app::approve_report(state.services(), {call.user.id, round});
    return round_response(200, state, round);
  }
  app::ChangeStep request;
  request.actor = call.user.id;
  request.round = round;
  request.step = call.params["step"];
  request.reason = reason;
  request.override_reason = override_reason;
  if (event == "open")
    request.event = StepEventKind::open;
  else if (event == "complete")
    request.event = StepEventKind::complete;
  else if (event == "reopen")
    request.event = StepEventKind::reopen;
  else {
    throw validation_failed({{"event",
                              {"应为 open、complete、reopen 或 approve:" + event,
                               "must be open, complete, reopen or approve: " + event}}});
  }
  app::change_step(state.services(), request);
  return round_response(200, state, round);
}

Response submit(ApiState& state, Call& call) {
  JsonBody body(call.request);
  app::Submit request;
  request.actor = call.user.id;
  request.round = call.params["code"];
  request.step = call.params["step"];
  request.unit = body.text("unit", true);
  request.note = body.text("note");
  body.finish();
  auto done = app::submit(state.services(), request);
  return json_response(201, {{"round", request.round},
                             {"step", request.step},
                             {"unit", request.unit},
                             {"due", done.due},
                             {"late", done.late}});
}

Response add_problem(ApiState& state, Call& call) {
  JsonBody body(call.request);
  app::AddProblem request;
  request.actor = call.user.id;
  request.round = call.params["code"];
  request.unit = body.text("unit", true);
  if (auto source = body.text("source"); !source.empty()) request.source = source;
  request.category = body.text("category");
  request.title = body.text("title", true);
  request.manifestation = body.text("manifestation");
  request.suggestion = body.text("suggestion");
  body.finish();
  auto id = app::add_problem(state.services(), request);
  return json_response(
      201,
      {{"id", id}, {"round", request.round}, {"unit", request.unit}, {"title", request.title}});
}

}  // namespace

void add_round_routes(Router& router, ApiState& state) {
  router.add("GET", "/api/v1/rounds", user_route(state, [&state](Call&) {
               auto list = nlohmann::json::array();
               for (const auto& r : app::list_rounds(state.services())) {
                 list.push_back(app::to_json(app::show_round(state.services(), r.id.str())));
               }
               return json_response(200, {{"rounds", list}});
             }));
  router.add("POST", "/api/v1/rounds",
             user_route(state, [&state](Call& call) { return start(state, call); }));
  router.add("GET", "/api/v1/rounds/{code}", user_route(state, [&state](Call& call) {
               return round_response(200, state, call.params["code"]);
             }));
  router.add("POST", "/api/v1/rounds/{code}/steps/{step}/events",
             user_route(state, [&state](Call& call) { return step_event(state, call); }));
  router.add("POST", "/api/v1/rounds/{code}/steps/{step}/submissions",
             user_route(state, [&state](Call& call) { return submit(state, call); }));
  router.add("POST", "/api/v1/rounds/{code}/problems",
             user_route(state, [&state](Call& call) { return add_problem(state, call); }));
}

}  // namespace duban::api
