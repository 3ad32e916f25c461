// The OpenAPI document (engine/api/openapi.json) against the server: the same routes, no more
// and no fewer; and the bodies the server really returns fit the schemas the document gives
// for their route and status (types, required and unknown properties, enums, items).
#include "api/openapi.hpp"

#include <set>

#include "api/api_fixture.hpp"
#include "api/county_router.hpp"

namespace duban {
namespace {

using testing::Answer;
using testing::Api;

nlohmann::json document() { return nlohmann::json::parse(api::openapi_json()); }

const nlohmann::json& resolve(const nlohmann::json& doc, const nlohmann::json& node) {
  if (!node.contains("$ref")) return node;
  auto path = node["$ref"].get<std::string>().substr(2);  // "#/components/…"
  return doc[nlohmann::json::json_pointer("/" + path)];
}

bool has_type(const nlohmann::json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

// The subset of JSON Schema the document uses; each mismatch as "where: what".
void check(const nlohmann::json& doc, const nlohmann::json& raw_schema, const nlohmann::json& v,
           const std::string& where, std::vector<std::string>& out) {
  const auto& schema = resolve(doc, raw_schema);
  if (schema.contains("type")) {
    std::vector<std::string> types;
    if (schema["type"].is_array()) {
      for (const auto& t : schema["type"]) types.push_back(t);
    } else {
      types.push_back(schema["type"]);
    }
    bool any = false;
    for (const auto& t : types) any = any || has_type(v, t);
    if (!any) {
      out.push_back(where + ": " + v.dump().substr(0, 60) + " is not " + schema["type"].dump());
      return;
    }
  }
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end()) {
    out.push_back(where + ": " + v.dump() + " is not one of " + schema["enum"].dump());
  }
  if (v.is_object() && schema.contains("properties")) {
    for (const auto& r : schema.value("required", nlohmann::json::array()))
      if (!v.contains(r.get<std::string>())) out.push_back(where + ": no " + r.get<std::string>());
    for (const auto& [k, value] : v.items()) {
      if (schema["properties"].contains(k)) {
        check(doc, schema["properties"][k], value, where + "." + k, out);
      } else if (schema.value("additionalProperties", true) == false) {
        out.push_back(where + ": " + k + " is not in the document");
      }
    }
  }
  if (v.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < v.size() && i < 20; ++i)
      check(doc, schema["items"], v[i], where + "[" + std::to_string(i) + "]", out);
  }
}

class OpenApi : public Api {
 protected:
  /// Checks `answer` against the document's response for (method, pattern, status).
  void fits(const std::string& method, const std::string& pattern, const Answer& answer) {
    auto doc = document();
    std::string lower = method;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(doc["paths"].contains(pattern)) << pattern;
    const auto& operation = doc["paths"][pattern][lower];
    auto status = std::to_string(answer.status);
    ASSERT_TRUE(operation["responses"].contains(status))
        << method << " " << pattern << " answered " << status << " undocumented\n"
        << answer.body;
    const auto& response = resolve(doc, operation["responses"][status]);
    if (!response.contains("content")) {
      EXPECT_TRUE(answer.body.empty()) << method << " " << pattern;
      return;
    }
    auto type = answer.content_type.substr(0, answer.content_type.find(';'));
    ASSERT_TRUE(response["content"].contains(type))
        << method << " " << pattern << " " << status << ": " << type << " undocumented";
    if (type != "application/json" && type != "application/problem+json") return;
    std::vector<std::string> mismatches;
    check(doc, response["content"][type]["schema"], answer.json(), method + " " + pattern,
          mismatches);
    for (const auto& m : mismatches) ADD_FAILURE() << m;
    ++checked_;
  }
  int checked_ = 0;
};

TEST_F(OpenApi, DocumentsEveryRouteTheServerHasAndNoOther) {
  auto doc = document();
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::set<std::string> documented, served;
  for (const auto& [path, operations] : doc["paths"].items()) {
    for (const auto& [method, op] : operations.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + path);
    }
  }
  api::ApiState state({services(), {}, {}});
  for (const auto& [method, pattern] : api::api_router(state).routes())
    served.insert(method + " " + pattern);
  // A server of several counties answers these itself (api/county_router.hpp).
  for (const auto& [method, pattern] : api::county_router_routes())
    served.insert(method + " " + pattern);
  EXPECT_EQ(documented, served);
  auto served_doc = get("/api/v1/openapi.json", "");
  EXPECT_EQ(served_doc.status, 200);
  EXPECT_EQ(served_doc.json(), doc) << "the server serves the document of the repository";
}

TEST_F(OpenApi, TheBodiesTheServerReturnsFitTheDocument) {
  auto office = login("office");
  auto longtan = login("longtan");
  fits("POST", "/api/v1/auth/login",
       post("/api/v1/auth/login", {{"username", "viewer"}, {"password", "viewer-pw"}}, ""));
  fits("POST", "/api/v1/auth/login",
       post("/api/v1/auth/login", {{"username", "viewer"}, {"password", "wrong"}}, ""));
  fits("GET", "/api/v1/me", get("/api/v1/me", longtan));
  fits("GET", "/api/v1/me", get("/api/v1/me", ""));
  fits("GET", "/healthz", get("/healthz", ""));
  fits("GET", "/", get("/", ""));
  fits("GET", "/api/v1/units", get("/api/v1/units", longtan));
  fits("GET", "/api/v1/units/{id}", get("/api/v1/units/longtan", longtan));
  fits("GET", "/api/v1/users", get("/api/v1/users", office));
  fits("POST", "/api/v1/rounds", post("/api/v1/rounds", {{"code", "2020-H1"}}, office));
  fits("POST", "/api/v1/rounds", post("/api/v1/rounds", {{"code", "2020-H1"}}, office));
  fits("GET", "/api/v1/rounds", get("/api/v1/rounds", longtan));
  fits("GET", "/api/v1/rounds/{code}", get("/api/v1/rounds/2020-H1", longtan));
  fits("POST", "/api/v1/rounds/{code}/steps/{step}/events",
       post("/api/v1/rounds/2020-H1/steps/1/events", {{"event", "open"}}, office));
  fits("POST", "/api/v1/rounds/{code}/steps/{step}/submissions",
       post("/api/v1/rounds/2020-H1/steps/1/submissions", {{"unit", "longtan"}}, longtan));
  fits("POST", "/api/v1/rounds/{code}/problems",
       post("/api/v1/rounds/2020-H1/problems", {{"unit", "longtan"}, {"title", "问题"}}, office));
  fits("POST", "/api/v1/rounds/{code}/scores",
       post("/api/v1/rounds/2020-H1/scores",
            {{"unit", "longtan"}, {"indicator", "减贫成效"}, {"value", 88}}, office));
  fits("GET", "/api/v1/rounds/{code}/scores", get("/api/v1/rounds/2020-H1/scores", office));
  fits("GET", "/api/v1/rounds/{code}/ranking", get("/api/v1/rounds/2020-H1/ranking", office));
  fits("GET", "/api/v1/rounds/{code}/ranking", get("/api/v1/rounds/2020-H1/ranking", longtan));
  fits("GET", "/api/v1/recommendations", get("/api/v1/recommendations", office));
  auto made = post("/api/v1/items", {{"title", "饮水安全"}, {"unit", "longtan"}}, office);
  fits("POST", "/api/v1/items", made);
  fits("POST", "/api/v1/items", post("/api/v1/items", {{"title", 1}}, office));
  auto id = std::to_string(made.json()["id"].get<int>());
  fits("POST", "/api/v1/items/{id}/events",
       post("/api/v1/items/" + id + "/events",
            {{"event", "assign"}, {"owner", "某"}, {"measures", "核"}, {"due", "2020-06-30"}},
            office));
  fits("POST", "/api/v1/items/{id}/events",
       post("/api/v1/items/" + id + "/events", {{"event", "close"}}, office));
  fits("POST", "/api/v1/items/{id}/events",
       post("/api/v1/items/" + id + "/events", {{"event", "ack"}}, longtan,
            {{"if-match", "\"1\""}}));
  fits("GET", "/api/v1/items", get("/api/v1/items?limit=1", longtan));
  fits("GET", "/api/v1/items/{id}", get("/api/v1/items/" + id, longtan));
  fits("GET", "/api/v1/items/{id}", get("/api/v1/items/" + id, login("xinmin")));
  fits("GET", "/api/v1/items/{id}/journal", get("/api/v1/items/" + id + "/journal", longtan));
  fits("POST", "/api/v1/items/{id}/evidence",
       send("POST", "/api/v1/items/" + id + "/evidence?name=a.pdf", "%PDF-1.4\n", longtan,
            {{"content-type", "application/pdf"}}));
  fits("GET", "/api/v1/items/{id}/evidence", get("/api/v1/items/" + id + "/evidence", longtan));
  fits("GET", "/api/v1/items/{id}/evidence/{evidence}",
       get("/api/v1/items/" + id + "/evidence/1", longtan));
  fits("GET", "/api/v1/items.csv", get("/api/v1/items.csv", longtan));
  fits("POST", "/api/v1/items/import",
       send("POST", "/api/v1/items/import?name=a.csv&dry_run=true", "问题,责任单位\n甲,龙潭镇\n",
            office, {{"content-type", "text/csv"}}));
  fits("POST", "/api/v1/items/import",
       send("POST", "/api/v1/items/import?name=a.csv", "问题,责任单位\n甲,无此单位\n", office,
            {{"content-type", "text/csv"}}));
  fits("GET", "/api/v1/notifications", get("/api/v1/notifications", office));
  fits("GET", "/api/v1/survey/{round}/lists",
       get("/api/v1/survey/2020-H1/lists?date=2020-06-22", office));
  fits("GET", "/api/v1/survey/{round}/lists", get("/api/v1/survey/2020-H1/lists", office));
  fits("GET", "/api/v1/survey/{round}/lists",
       get("/api/v1/survey/2020-H1/lists?date=2020-06-22", longtan));
  fits("GET", "/api/v1/audit/verify", get("/api/v1/audit/verify", office));
  fits("POST", "/api/v1/users/{id}/password",
       post("/api/v1/users/xinmin/password", {{"password", "another-password"}}, office));
  fits("POST", "/api/v1/auth/logout",
       post("/api/v1/auth/logout", nlohmann::json::object(), longtan));
  EXPECT_GE(checked_, 35);
}

}  // namespace
}  // namespace duban
