#include "api/problem.hpp"

#include "app/json_views.hpp"

namespace duban::api {

HttpProblem validation_failed(std::vector<FieldError> errors) {
  HttpProblem p;
  p.status = 422;
  p.title = "Unprocessable Content";
  p.code = "validation_failed";
  std::string zh, en;
  for (const auto& e : errors) {
    auto name = e.field.empty() ? std::string("body") : e.field;
    zh += (zh.empty() ? "" : ";") + name + ":" + e.message.zh;
    en += (en.empty() ? "" : "; ") + name + ": " + e.message.en;
  }
  p.detail = {zh, en};
  p.errors = std::move(errors);
  return p;
}

HttpProblem unauthenticated(const Text& why) {
  HttpProblem p;
  p.status = 401;
  p.title = "Unauthorized";
  p.code = "unauthenticated";
  p.detail = why;
  p.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"duban\"");
  return p;
}

Response to_response(const HttpProblem& p) {
  auto body = app::problem_json(p.status, p.title, p.code, p.detail.str());
  if (!p.errors.empty()) {
    auto list = nlohmann::json::array();
    for (const auto& e : p.errors)
      list.push_back({{"field", e.field}, {"message", e.message.str()}});
    body["errors"] = list;
  }
  Response r{p.status, "application/problem+json", app::dump_json(body), p.headers};
  return r;
}

Response to_response(const Error& error, bool if_match) {
  Error outward(error.outward_code(), error.outward_text());
  auto body = app::problem_json(outward);
  int status = http_status(outward.code());
  if (if_match && outward.code() == Errc::conflict) {
    status = 412;
    body["status"] = status;
    body["title"] = "Precondition Failed";
  }
  Response r{status, "application/problem+json", app::dump_json(body), {}};
  // The database is coming back (a restart, a failover): the client may retry shortly.
  if (outward.code() == Errc::unavailable) r.headers.emplace_back("Retry-After", "2");
  return r;
}

Response json_response(int status, const nlohmann::json& body) {
  return {status, "application/json", app::dump_json(body), {}};
}

}  // namespace duban::api
