// One server for two counties (api/county_router.hpp), in-process on one PostgreSQL database: a
// login names its county, a token goes to the county that issued it, and county A's token on
// county B's ids is answered exactly as for ids that do not exist, on every route that takes an
// id (the cross-county cells of the authorization matrix). An SQLite file holds one county.
#include "api/api_fixture.hpp"
#include "api/county_router.hpp"
#include "app/round_cases.hpp"
#include "support/other_county.hpp"

namespace duban::testing {
namespace {

class CountiesApi : public Api {
 protected:
  void SetUp() override {
    if (!on_postgresql()) GTEST_SKIP() << "PostgreSQL only: an SQLite file holds one county";
    Api::SetUp();
    // County B: the demo county's configuration under another code, with a township of its own.
    other_ = std::make_unique<OtherCounty>(*database_, config_, clock_, "520102", "邻县",
                                           [](config::Config& c) {
                                             auto extra = c.units.front();
                                             extra.id = "b_only_town";
                                             extra.name = "只在邻县的镇";
                                             for (auto& contact : extra.contacts)
                                               contact.user.clear();
                                             c.units.push_back(extra);
                                           });
    for (const auto* user : {"office", "sysadmin", "longtan"}) {
      app::set_password(*other_->services,
                        {"office", user, std::string(user) + "-b-pw", audit::HashCost::minimal});
    }
    std::vector<api::CountyRoute> routes;
    for (auto* s : {&services(), other_->services.get()}) {
      routes.push_back({s, api::routes({*s, {}, options_}), false});
    }
    handler_ = api::county_router(std::move(routes));
  }
  std::string login_b(const std::string& user) {
    auto a = post("/api/v1/auth/login",
                  {{"username", "520102/" + user}, {"password", user + "-b-pw"}}, "");
    EXPECT_EQ(a.status, 200) << a.body;
    return a.status == 200 ? a.json()["token"].get<std::string>() : "";
  }
  std::string login_a(const std::string& user) {
    auto a = post("/api/v1/auth/login",
                  {{"county", "default"}, {"username", user}, {"password", user + "-pw"}}, "");
    EXPECT_EQ(a.status, 200) << a.body;
    return a.status == 200 ? a.json()["token"].get<std::string>() : "";
  }

  std::unique_ptr<OtherCounty> other_;
};

TEST_F(CountiesApi, ALoginNamesItsCountyAndATokenStaysInIt) {
  auto a = login_a("office");
  auto b = login_b("office");
  assigned_item("longtan", "本县的问题", "2020-06-30", a);
  assigned_item("longtan", "邻县的问题", "2020-06-30", b);
  auto mine = get("/api/v1/items", a).json()["items"];
  ASSERT_EQ(mine.size(), 1u) << mine.dump();
  EXPECT_EQ(mine[0]["title"], "本县的问题");
  EXPECT_EQ(get("/api/v1/items", b).json()["items"][0]["title"], "邻县的问题");
  EXPECT_EQ(get("/api/v1/me", b).json()["id"], "office");
  // Without a county, among several: the field at fault, the codes to choose from.
  auto none = post("/api/v1/auth/login", {{"username", "office"}, {"password", "office-pw"}}, "");
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(none.json()["errors"][0]["field"], "county");
  EXPECT_NE(none.body.find("default, 520102"), std::string::npos) << none.body;
  auto unknown =
      post("/api/v1/auth/login", {{"username", "999999/office"}, {"password", "office-pw"}}, "");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  // One county's password is not another's, for the same user name.
  auto crossed =
      post("/api/v1/auth/login", {{"username", "520102/office"}, {"password", "office-pw"}}, "");
  EXPECT_EQ(crossed.status, 401) << crossed.body;
  auto listed = get("/api/v1/counties", "").json()["counties"];
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1]["code"], "520102");
  EXPECT_EQ(listed[1]["name"], "邻县");
  // A token no county knows: 401, as on a server of one county.
  EXPECT_EQ(get("/api/v1/items", "not-a-token").status, 401);
  // Routes open to anyone: where X-Duban-County says.
  auto health = send("GET", "/healthz", "", "", {{"x-duban-county", "520102"}});
  EXPECT_EQ(health.json()["county"], "邻县");
}

// Every route that takes an id: county A's leading group (who may see and do anything in A) on
// what exists only in county B, against the same request on what exists nowhere.
TEST_F(CountiesApi, AnotherCountysIdsAreAnsweredAsIdsThatDoNotExist) {
  auto a = login_a("office");
  auto a_admin = login_a("sysadmin");
  auto b = login_b("office");
  auto b_admin = login_b("sysadmin");
  assigned_item("longtan", "本县的问题", "2020-06-30", a);
  std::int64_t b_item = 0;
  for (int i = 0; i < 4; ++i) b_item = assigned_item("longtan", "邻县的问题", "2020-06-30", b);
  ASSERT_EQ(b_item, 4);  // A has one item: 4 is B's alone
  auto round = post("/api/v1/rounds", {{"code", "2021-H1"}}, b);
  ASSERT_EQ(round.status, 201) << round.body;
  auto user =
      post("/api/v1/users",
           {{"id", "b_only_user"}, {"name", "邻县用户"}, {"unit", "longtan"}, {"access", "member"}},
           b_admin);
  ASSERT_EQ(user.status, 201) << user.body;
  const auto before = get("/api/v1/items/4", b).body;

  struct Probe {
    std::string method, path;
    nlohmann::json body;
    const std::string* token;
  };
  const std::string b_ids[] = {"4", "2021-H1", "b_only_town", "b_only_user"};
  const std::string missing[] = {"999", "2019-H1", "no_such_town", "no_such_user"};
  std::vector<Probe> probes = {
      {"GET", "/api/v1/items/{item}", nullptr, &a},
      {"GET", "/api/v1/items/{item}/journal", nullptr, &a},
      {"GET", "/api/v1/items/{item}/evidence", nullptr, &a},
      {"GET", "/api/v1/items/{item}/evidence/1", nullptr, &a},
      {"POST", "/api/v1/items/{item}/events", {{"event", "close"}}, &a},
      {"POST", "/api/v1/items/{item}/events", {{"event", "reassign"}, {"reason", "改派"}}, &a},
      {"GET", "/api/v1/rounds/{round}", nullptr, &a},
      {"GET", "/api/v1/rounds/{round}/ranking", nullptr, &a},
      {"GET", "/api/v1/rounds/{round}/scores", nullptr, &a},
      {"POST", "/api/v1/rounds/{round}/problems", {{"unit", "longtan"}, {"title", "问题"}}, &a},
      {"POST", "/api/v1/rounds/{round}/publish", nlohmann::json::object(), &a},
      {"POST", "/api/v1/rounds/{round}/steps/1/events", {{"event", "open"}}, &a},
      {"POST", "/api/v1/rounds/{round}/steps/1/submissions", {{"unit", "longtan"}}, &a},
      {"GET", "/api/v1/units/{unit}", nullptr, &a},
      {"POST", "/api/v1/users/{user}/disable", nlohmann::json::object(), &a_admin},
      {"POST", "/api/v1/users/{user}/enable", nlohmann::json::object(), &a_admin},
      {"POST", "/api/v1/users/{user}/password", {{"password", "一个足够长的口令"}}, &a_admin},
  };
  auto fill = [](std::string path, const std::string(&ids)[4]) {
    const char* names[] = {"{item}", "{round}", "{unit}", "{user}"};
    for (int i = 0; i < 4; ++i) {
      if (auto at = path.find(names[i]); at != std::string::npos) {
        path.replace(at, std::string(names[i]).size(), ids[i]);
      }
    }
    return path;
  };
  for (const auto& p : probes) {
    auto ask = [&](const std::string& path) {
      return p.body.is_null() ? send(p.method, path, "", *p.token)
                              : send(p.method, path, p.body.dump(), *p.token);
    };
    auto theirs = ask(fill(p.path, b_ids));
    auto nowhere = ask(fill(p.path, missing));
    EXPECT_EQ(theirs.status, nowhere.status) << p.method << " " << p.path << "\n"
                                             << theirs.body << "\n"
                                             << nowhere.body;
    EXPECT_NE(theirs.status / 100, 2) << p.method << " " << p.path << ": " << theirs.body;
    if (theirs.content_type.find("json") != std::string::npos && !theirs.body.empty()) {
      EXPECT_EQ(theirs.code(), nowhere.code()) << p.method << " " << p.path;
    }
  }
  // And nothing of B's changed.
  EXPECT_EQ(get("/api/v1/items/4", b).body, before);
  EXPECT_EQ(post("/api/v1/auth/login", {{"username", "520102/b_only_user"}, {"password", "x"}}, "")
                .status,
            401);
  EXPECT_EQ(get("/api/v1/rounds/2021-H1", b).status, 200);
}

}  // namespace
}  // namespace duban::testing
