#pragma once
// The REST API in-process, on the real store with the demo county and a ManualClock: requests go
// to the same handler the server runs, so rate limits and expiry are tested without sleeping.
// (The server itself, with a separate client process, is tested in tests/api/server_test.cpp.)
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "api/routes.hpp"
#include "app/credential_cases.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {

struct Answer {
  int status = 0;
  std::string content_type, body;
  std::map<std::string, std::string> headers;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string code() const { return json().value("code", ""); }
};

class Api : public Engine {
 protected:
  void SetUp() override {
    Engine::SetUp();
    for (const auto* user : {"office", "leader", "inspector", "evaluator", "longtan", "xinmin",
                             "jiaoyu", "sysadmin", "viewer"}) {
      app::set_password(services(),
                        {"office", user, std::string(user) + "-pw", audit::HashCost::minimal});
    }
    handler_ = api::routes({services(), {}, options_});
  }
  /// Rebuilds the handler with other options (limits).
  void with_options(const api::ApiOptions& options) {
    options_ = options;
    handler_ = api::routes({services(), {}, options_});
  }
  Answer send(const std::string& method, const std::string& target, const std::string& body = "",
              const std::string& token = "", std::map<std::string, std::string> headers = {}) {
    api::Request r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.peer = "192.0.2.7";
    if (!body.empty() && !headers.count("content-type"))
      headers["content-type"] = "application/json";
    if (!token.empty()) headers["authorization"] = "Bearer " + token;
    r.headers = std::move(headers);
    auto res = handler_(r);
    Answer a{res.status, res.content_type, res.body, {}};
    for (const auto& [k, v] : res.headers) a.headers[k] = v;
    return a;
  }
  Answer get(const std::string& target, const std::string& token) {
    return send("GET", target, "", token);
  }
  Answer post(const std::string& target, const nlohmann::json& body, const std::string& token,
              std::map<std::string, std::string> headers = {}) {
    return send("POST", target, body.dump(), token, std::move(headers));
  }
  /// A token for `user` (password "<user>-pw"), logged in through the API.
  std::string login(const std::string& user) {
    auto a = post("/api/v1/auth/login", {{"username", user}, {"password", user + "-pw"}}, "");
    EXPECT_EQ(a.status, 200) << a.body;
    return a.status == 200 ? a.json()["token"].get<std::string>() : "";
  }
  /// A new item of `unit`, assigned, due `due`; its id.
  std::int64_t assigned_item(const std::string& unit, const std::string& title,
                             const std::string& due, const std::string& token) {
    auto made = post("/api/v1/items", {{"title", title}, {"unit", unit}}, token);
    EXPECT_EQ(made.status, 201) << made.body;
    auto id = made.json()["id"].get<std::int64_t>();
    auto a =
        post("/api/v1/items/" + std::to_string(id) + "/events",
             {{"event", "assign"}, {"owner", "某人"}, {"measures", "核查"}, {"due", due}}, token);
    EXPECT_EQ(a.status, 200) << a.body;
    return id;
  }

  api::ApiOptions options_;
  api::Handler handler_;
};

}  // namespace duban::testing
