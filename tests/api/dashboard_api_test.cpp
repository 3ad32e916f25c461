// What the dashboard needs of the server: its assets under /ui/ (or a page saying how
// to build them), a browser sent there from /, the board's counts per unit, and the actions an
// item offers its user.
#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "schedule/scheduler.hpp"
#include "support/test_support.hpp"

namespace duban::testing {
namespace {

class Dashboard : public Api {
 protected:
  void serve_assets(const std::filesystem::path& dir) {
    api::ApiOptions options;
    options.web = std::make_shared<api::WebAssets>(api::WebAssets::load(dir));
    with_options(options);
  }
  std::vector<std::string> actions(std::int64_t id, const std::string& token) {
    auto a = get("/api/v1/items/" + std::to_string(id), token);
    EXPECT_EQ(a.status, 200) << a.body;
    return a.json()["actions"].get<std::vector<std::string>>();
  }
  Answer event(std::int64_t id, const nlohmann::json& body, const std::string& token) {
    return post("/api/v1/items/" + std::to_string(id) + "/events", body, token);
  }
  TempDir web_;
};

TEST_F(Dashboard, TheBuiltAssetsAreServedUnderUi) {
  write_file(web_ / "index.html", "<!doctype html><title>督办</title>");
  write_file(web_ / "app.js", "console.log('duban')");
  write_file(web_ / "bad name.js", "not served");
  serve_assets(web_.path());

  auto index = send("GET", "/ui/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.body, "<!doctype html><title>督办</title>");
  EXPECT_NE(index.headers["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(index.headers["X-Content-Type-Options"], "nosniff");
  auto script = send("GET", "/ui/app.js?v=1");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script.body, "console.log('duban')");
  auto again = send("GET", "/ui/app.js", "", "", {{"if-none-match", script.headers["ETag"]}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");

  EXPECT_EQ(send("GET", "/ui").status, 301);
  EXPECT_EQ(send("GET", "/ui").headers["Location"], "/ui/");
  EXPECT_EQ(send("GET", "/ui/missing.js").status, 404);
  EXPECT_EQ(send("GET", "/ui/bad%20name.js").status, 404);
  EXPECT_EQ(send("GET", "/ui/../CMakeLists.txt").status, 404);
  EXPECT_EQ(send("GET", "/ui/%2e%2e/CMakeLists.txt").status, 404);
  EXPECT_EQ(send("POST", "/ui/", "{}").status, 405);

  // A browser asking for / goes to the dashboard; a program gets the service's card.
  auto browser = send("GET", "/", "", "", {{"accept", "text/html,application/xhtml+xml"}});
  EXPECT_EQ(browser.status, 302);
  EXPECT_EQ(browser.headers["Location"], "/ui/");
  auto program = send("GET", "/");
  EXPECT_EQ(program.status, 200);
  EXPECT_EQ(program.json()["dashboard"], "/ui/");
}

TEST_F(Dashboard, AServerWithoutTheAssetsSaysHowToBuildThem) {
  serve_assets(web_.path() / "dist");  // never built
  for (const auto* target : {"/ui/", "/ui/app.js"}) {
    auto page = send("GET", target);
    EXPECT_EQ(page.status, 503) << target;
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("仪表盘未构建"), std::string::npos);
    EXPECT_NE(page.body.find("npm run build --prefix web"), std::string::npos);
  }
  EXPECT_EQ(send("GET", "/api/v1/healthz").status, 200) << "the API works as usual";
  with_options({});  // no assets at all
  EXPECT_EQ(send("GET", "/ui/").status, 503);
}

TEST_F(Dashboard, TheSummaryCountsPerUnitWhatTheUserMaySee) {
  auto office = login("office");
  assigned_item("longtan", "逾期的", "2020-05-20", office);    // red (today is 2020-06-01)
  assigned_item("longtan", "快到期的", "2020-06-03", office);  // yellow: within 3 days
  assigned_item("xinmin", "还早的", "2020-09-01", office);     // green
  auto all = get("/api/v1/items/summary", office);
  ASSERT_EQ(all.status, 200) << all.body;
  auto body = all.json();
  EXPECT_EQ(body["total"], 3);
  EXPECT_EQ(body["all"]["assigned"], 3);
  EXPECT_EQ(body["all"]["red"], 1);
  EXPECT_EQ(body["all"]["yellow"], 1);
  ASSERT_EQ(body["units"].size(), 2u);
  const auto& longtan = body["units"][0];
  EXPECT_EQ(longtan["unit"], "longtan");
  EXPECT_EQ(longtan["unit_name"], "龙潭镇");
  EXPECT_EQ(longtan["items"], 2);
  EXPECT_EQ(longtan["assigned"], 2);
  EXPECT_EQ(longtan["identified"], 0);
  EXPECT_EQ(longtan["red"], 1);
  EXPECT_EQ(longtan["yellow"], 1);
  EXPECT_EQ(body["units"][1]["unit"], "xinmin");
  EXPECT_EQ(body["units"][1]["red"], 0);

  EXPECT_EQ(get("/api/v1/items/summary?overdue=true", office).json()["total"], 1);
  EXPECT_EQ(get("/api/v1/items/summary?unit=xinmin", office).json()["total"], 1);
  auto own = get("/api/v1/items/summary", login("longtan")).json();
  EXPECT_EQ(own["total"], 2) << "a township sees its own only";
  ASSERT_EQ(own["units"].size(), 1u);
  EXPECT_EQ(own["units"][0]["unit"], "longtan");
  EXPECT_EQ(get("/api/v1/items/summary?unit=xinmin", login("longtan")).json()["total"], 0);
  EXPECT_EQ(get("/api/v1/items/summary?limit=5", office).code(), "invalid_argument");
  EXPECT_EQ(get("/api/v1/items/summary?state=done", office).code(), "invalid_argument");
}

TEST_F(Dashboard, AnItemOffersOnlyTheActionsItsUserMayTake) {
  auto office = login("office"), longtan = login("longtan"), inspector = login("inspector");
  auto viewer = login("viewer"), xinmin = login("xinmin");
  auto id = assigned_item("longtan", "危房改造", "2020-06-30", office);
  using V = std::vector<std::string>;
  EXPECT_EQ(actions(id, longtan), (V{"rectify", "ack", "extend"}));
  EXPECT_EQ(actions(id, office), (V{"reassign", "suspend"}));
  EXPECT_EQ(actions(id, inspector), V{});
  EXPECT_EQ(actions(id, viewer), V{});
  EXPECT_EQ(get("/api/v1/items/" + std::to_string(id), xinmin).status, 404) << "out of sight";

  ASSERT_EQ(event(id, {{"event", "ack"}}, longtan).status, 200);
  EXPECT_EQ(actions(id, longtan), (V{"rectify", "extend"})) << "acknowledged once";
  ASSERT_EQ(
      event(id, {{"event", "extend"}, {"due", "2020-07-15"}, {"reason", "雨季"}}, longtan).status,
      200);
  EXPECT_EQ(actions(id, longtan), (V{"rectify"})) << "one request at a time";
  EXPECT_EQ(actions(id, office),
            (V{"reassign", "approve-extension", "refuse-extension", "suspend"}));
  ASSERT_EQ(event(id, {{"event", "refuse-extension"}, {"reason", "不同意"}}, office).status, 200);

  ASSERT_EQ(event(id, {{"event", "rectify"}, {"result", "已改造"}}, longtan).status, 200);
  EXPECT_EQ(actions(id, longtan), V{});
  EXPECT_EQ(actions(id, inspector), (V{"verify", "reject"}));
  ASSERT_EQ(event(id, {{"event", "verify"}}, inspector).status, 200);
  EXPECT_EQ(actions(id, inspector), V{});
  EXPECT_EQ(actions(id, office), (V{"close"}));
  ASSERT_EQ(event(id, {{"event", "close"}}, office).status, 200);
  EXPECT_EQ(actions(id, office), (V{"reopen"}));
  // What is not offered is refused when forced.
  EXPECT_EQ(event(id, {{"event", "reopen"}, {"reason", "x"}}, longtan).status, 403);
}

TEST_F(Dashboard, TheTrendIsEachDaysLastCount) {
  auto office = login("office");
  assigned_item("longtan", "逾期的", "2020-05-20", office);
  schedule::sweep(*store_, clock_.now(), &config_.zone);  // 2020-06-01 09:00 local
  clock_.advance(std::chrono::hours(20));                 // 2020-06-02 05:00 local
  assigned_item("xinmin", "到期的", "2020-06-01", office);
  assigned_item("shimen", "还早的", "2020-09-01", office);
  schedule::sweep(*store_, clock_.now(), &config_.zone);
  auto days = get("/api/v1/items/trend?days=7", office).json()["days"];
  ASSERT_EQ(days.size(), 2u) << days;
  EXPECT_EQ(days[0], (nlohmann::json{{"day", "2020-06-01"}, {"open", 1}, {"overdue", 1}}));
  EXPECT_EQ(days[1], (nlohmann::json{{"day", "2020-06-02"}, {"open", 3}, {"overdue", 2}}));
  // The day's last count is kept.
  ASSERT_EQ(
      post("/api/v1/items/" +
               std::to_string(assigned_item("longtan", "又一个", "2020-05-01", office)) + "/events",
           {{"event", "suspend"}, {"reason", "等待资金"}}, office)
          .status,
      200);
  schedule::sweep(*store_, clock_.now(), &config_.zone);
  days = get("/api/v1/items/trend?days=1", office).json()["days"];
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0], (nlohmann::json{{"day", "2020-06-02"}, {"open", 4}, {"overdue", 2}}))
      << "a suspended item is not overdue";
  // A sweep without a zone (a read) keeps nothing.
  clock_.advance(std::chrono::hours(20));
  schedule::sweep(*store_, clock_.now());
  office = login("office");  // the first login's token has expired
  EXPECT_EQ(get("/api/v1/items/trend", office).json()["days"].size(), 2u);

  EXPECT_EQ(get("/api/v1/items/trend", login("longtan")).status, 403) << "county-wide figures";
  EXPECT_EQ(get("/api/v1/items/trend", login("viewer")).status, 200);
  EXPECT_EQ(get("/api/v1/items/trend?days=0", office).code(), "invalid_argument");
  EXPECT_EQ(get("/api/v1/items/trend?days=2x", office).code(), "invalid_argument");
  EXPECT_EQ(get("/api/v1/items/trend?weeks=2", office).code(), "invalid_argument");
}

}  // namespace
}  // namespace duban::testing
