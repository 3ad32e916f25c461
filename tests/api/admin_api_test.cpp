// The problem list as CSV/XLSX out and in, scores and ranking, recommendations, notifications,
// the audit, users and the metrics through the API, each with who may and who may not.
#include "api/api_fixture.hpp"

namespace duban {
namespace {

using testing::Api;

TEST_F(Api, TheExportHoldsWhatTheCallerSeesAndTheImportIsAllOrNothing) {
  auto office = login("office");
  assigned_item("longtan", "龙潭镇饮水问题", "2020-06-30", office);
  assigned_item("xinmin", "新民镇住房问题", "2020-06-30", office);
  auto longtan = login("longtan");
  auto csv = get("/api/v1/items.csv", longtan);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("龙潭镇饮水问题"), std::string::npos);
  EXPECT_EQ(csv.body.find("新民镇住房问题"), std::string::npos) << "another unit's item";
  EXPECT_NE(get("/api/v1/items.csv", office).body.find("新民镇住房问题"), std::string::npos);
  auto xlsx = get("/api/v1/items.xlsx?round=", office);
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

  std::string sheet =
      "问题,责任单位,整改时限\n漏报低保户,龙潭镇,2020-07-31\n危房,无此单位,2020-07-31\n"
      "台账,新民镇,2020-13-01\n";
  auto refused = send("POST", "/api/v1/items/import?name=list.csv", sheet, office,
                      {{"content-type", "text/csv"}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.code(), "import_invalid");
  auto errors = refused.json()["errors"];
  ASSERT_GE(errors.size(), 2u) << refused.body;
  EXPECT_EQ(errors[0]["line"], 3);
  EXPECT_EQ(errors.back()["line"], 4);
  EXPECT_EQ(refused.json()["created"], 0);
  EXPECT_EQ(get("/api/v1/items", office).json()["total"], 2) << "nothing written";

  std::string good = "问题,责任单位,整改时限\n漏报低保户,龙潭镇,2020-07-31\n";
  auto dry = send("POST", "/api/v1/items/import?name=list.csv&dry_run=true", good, office,
                  {{"content-type", "text/csv"}});
  EXPECT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json()["plan"][0]["action"], "create");
  auto done = send("POST", "/api/v1/items/import?name=list.csv", good, office,
                   {{"content-type", "text/csv"}});
  EXPECT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json()["created"], 1);
  EXPECT_EQ(get("/api/v1/items", office).json()["total"], 3);
  EXPECT_EQ(send("POST", "/api/v1/items/import?name=list.csv", good, longtan,
                 {{"content-type", "text/csv"}})
                .status,
            403)
      << "a member imports updates of its own items only";
}

TEST_F(Api, ScoresRankingAndRecommendations) {
  auto office = login("office");
  ASSERT_EQ(post("/api/v1/rounds", {{"code", "2020-H1"}}, office).status, 201);
  auto evaluator = login("evaluator");
  auto set = post("/api/v1/rounds/2020-H1/scores",
                  {{"unit", "longtan"}, {"indicator", "减贫成效"}, {"value", 90}}, evaluator);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json()["value"], "90");
  auto listed = get("/api/v1/rounds/2020-H1/scores?unit=longtan", office).json()["scores"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(post("/api/v1/rounds/2020-H1/scores",
                 {{"unit", "longtan"}, {"indicator", "减贫成效"}, {"value", 90}}, login("longtan"))
                .status,
            403);
  auto live = get("/api/v1/rounds/2020-H1/ranking", office);
  EXPECT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(get("/api/v1/rounds/2020-H1/ranking", login("longtan")).status, 403);
  EXPECT_EQ(get("/api/v1/rounds/2020-H1/ranking?published=true", office).status, 404);
  EXPECT_EQ(post("/api/v1/rounds/2020-H1/publish", nlohmann::json::object(), office).code(),
            "invalid_transition")
      << "publishing waits for step 6";
  EXPECT_EQ(get("/api/v1/recommendations", office).json()["recommendations"].size(), 0u);
  EXPECT_EQ(post("/api/v1/recommendations/7/accept", nlohmann::json::object(), office).status, 404);
}

TEST_F(Api, NotificationsAuditUsersAndMetricsAreForThoseWhoOverseeTheCounty) {
  auto office = login("office");
  auto longtan = login("longtan");
  EXPECT_EQ(get("/api/v1/notifications", office).status, 200);
  EXPECT_EQ(get("/api/v1/notifications", longtan).status, 403);
  EXPECT_EQ(get("/api/v1/notifications?status=lost", office).code(), "invalid_argument");
  EXPECT_EQ(post("/api/v1/notifications/5/retry", nlohmann::json::object(), office).status, 404);

  auto audit = get("/api/v1/audit/verify", login("viewer"));
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json()["ok"], true);
  EXPECT_EQ(get("/api/v1/audit/verify", longtan).status, 403);

  auto admin = login("sysadmin");
  auto users = get("/api/v1/users", admin);
  ASSERT_EQ(users.status, 200);
  EXPECT_GT(users.json()["users"].size(), 20u);
  EXPECT_EQ(get("/api/v1/users", longtan).status, 403);
  EXPECT_EQ(post("/api/v1/users/longtan/password", {{"password", "新的密码-2020"}}, admin).status,
            204);
  EXPECT_EQ(post("/api/v1/auth/login", {{"username", "longtan"}, {"password", "新的密码-2020"}}, "")
                .status,
            200);
  EXPECT_EQ(post("/api/v1/users/office/password", {{"password", "xxxxxxxxxx"}}, longtan).status,
            403);

  EXPECT_EQ(get("/api/v1/me", office).status, 200);
  auto metrics = get("/api/v1/metrics", office);
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
  for (const auto* line :
       {"duban_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"200\"} 1",
        "duban_http_request_duration_seconds_bucket{route=\"/api/v1/me\",le=\"+Inf\"} 1",
        "duban_http_requests_total{method=\"GET\",route=\"/api/v1/users\",status=\"403\"} 1",
        "duban_items_open 0", "duban_items_overdue 0"}) {
    EXPECT_NE(metrics.body.find(line), std::string::npos) << line << "\n" << metrics.body;
  }
  EXPECT_EQ(get("/api/v1/metrics", longtan).status, 403);
}

}  // namespace
}  // namespace duban
