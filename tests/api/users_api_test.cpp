// Users made, disabled and enabled through the API (POST /api/v1/users, …/disable, …/enable):
// who may, what the made user may then do, and that the configuration's sync leaves them alone.
#include "api/api_fixture.hpp"
#include "app/denials.hpp"
#include "app/queries.hpp"

namespace duban {
namespace {

using testing::Api;

TEST_F(Api, AdministratorsMakeDisableAndEnableUsers) {
  auto admin = login("sysadmin");
  auto longtan = login("longtan");
  auto office = login("office");
  auto made = post(
      "/api/v1/users",
      {{"id", "xinmin.wang"}, {"name", "王某新"}, {"unit", "新民乡"}, {"role", "扶贫专干"}}, admin);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.headers["Location"], "/api/v1/users/xinmin.wang");
  EXPECT_EQ(made.json()["unit"], "xinmin") << "the unit by its name";
  EXPECT_EQ(made.json()["access"], "member") << "a member unless said otherwise";
  EXPECT_EQ(made.json()["origin"], "api");
  EXPECT_EQ(made.json()["active"], true);

  // Refused: taken ids (configured or made), bad ids, unknown units and fields, and anyone but
  // the leading group and administrators. Each refusal is in the security log.
  const auto logged = app::list_denials(services(), "").size();
  EXPECT_EQ(
      post("/api/v1/users", {{"id", "xinmin.wang"}, {"name", "又一个"}, {"unit", "xinmin"}}, admin)
          .status,
      409);
  EXPECT_EQ(post("/api/v1/users", {{"id", "longtan"}, {"name", "冒名"}, {"unit", "xinmin"}}, admin)
                .code(),
            "conflict");
  EXPECT_EQ(
      post("/api/v1/users", {{"id", "王某"}, {"name", "王某"}, {"unit", "xinmin"}}, admin).code(),
      "invalid_argument");
  EXPECT_EQ(
      post("/api/v1/users", {{"id", "x1"}, {"name", "某"}, {"unit", "nowhere"}}, admin).status,
      404);
  EXPECT_EQ(post("/api/v1/users",
                 {{"id", "x2"}, {"name", "某"}, {"unit", "xinmin"}, {"access", "root"}}, admin)
                .code(),
            "invalid_argument");
  EXPECT_EQ(
      post("/api/v1/users", {{"id", "x3"}, {"name", "某"}, {"unit", "xinmin"}, {"pw", "1"}}, admin)
          .code(),
      "validation_failed");
  EXPECT_EQ(
      post("/api/v1/users", {{"id", "x4"}, {"name", "某"}, {"unit", "longtan"}}, longtan).status,
      403);
  EXPECT_EQ(app::list_denials(services(), "").size(), logged + 4)
      << "the refusals; not the taken ids (a conflict, as for items) nor the malformed body";

  // The new user logs in once given a password, and sees its own township's items only.
  assigned_item("xinmin", "住房安全鉴定缺失", "2020-06-30", office);
  assigned_item("longtan", "饮水安全不达标", "2020-06-30", office);
  ASSERT_EQ(
      post("/api/v1/users/xinmin.wang/password", {{"password", "xinmin.wang-pw"}}, admin).status,
      204);
  auto wang = login("xinmin.wang");
  auto seen = get("/api/v1/items", wang).json();
  EXPECT_EQ(seen["total"], 1);
  EXPECT_EQ(seen["items"][0]["unit"], "xinmin");

  // Disabled: its token ends, it cannot log in, it is listed as such; enabled, it logs in again.
  EXPECT_EQ(post("/api/v1/users/xinmin.wang/disable", nlohmann::json::object(), admin).code(),
            "invalid_argument")
      << "a reason is needed";
  EXPECT_EQ(post("/api/v1/users/sysadmin/disable", {{"reason", "离职"}}, admin).status, 403)
      << "not oneself";
  auto off = post("/api/v1/users/xinmin.wang/disable", {{"reason", "调离新民乡"}}, admin);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json()["active"], false);
  EXPECT_FALSE(off.json()["disabled_at"].get<std::string>().empty());
  EXPECT_EQ(get("/api/v1/me", wang).status, 401);
  EXPECT_EQ(
      post("/api/v1/auth/login", {{"username", "xinmin.wang"}, {"password", "xinmin.wang-pw"}}, "")
          .status,
      401);
  EXPECT_EQ(post("/api/v1/users/nobody/disable", {{"reason", "x"}}, admin).status, 404);
  auto on = post("/api/v1/users/xinmin.wang/enable", nlohmann::json::object(), office);
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.json()["active"], true);
  EXPECT_EQ(get("/api/v1/me", login("xinmin.wang")).status, 200);

  // A configured user disabled through the API stays disabled when the configuration is synced
  // again; the users made through the API stay as they are.
  ASSERT_EQ(post("/api/v1/users/shimen/password", {{"password", "shimen-pw"}}, admin).status, 204);
  EXPECT_EQ(
      post("/api/v1/auth/login", {{"username", "shimen"}, {"password", "shimen-pw"}}, "").status,
      200);
  ASSERT_EQ(post("/api/v1/users/shimen/disable", {{"reason", "调离"}}, admin).status, 200);
  for (auto& unit : config_.units) {
    if (unit.id == "shimen") unit.name = "石门乡";  // the configuration changes: a sync
  }
  auto synced = app::init_database(services());
  EXPECT_TRUE(synced.synced.deactivated_ids.empty()) << "nothing made through the API is dropped";
  auto listed = get("/api/v1/users", admin).json()["users"];
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& u : listed) by_id[u["id"]] = u;
  EXPECT_EQ(by_id["xinmin.wang"]["active"], true);
  EXPECT_EQ(by_id["xinmin.wang"]["origin"], "api");
  EXPECT_EQ(by_id["shimen"]["active"], false);
  EXPECT_EQ(by_id["shimen"]["origin"], "config");
  EXPECT_EQ(
      post("/api/v1/auth/login", {{"username", "shimen"}, {"password", "shimen-pw"}}, "").status,
      401);

  auto audit = get("/api/v1/audit/verify", admin);
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json()["ok"], true) << audit.body;
}

}  // namespace
}  // namespace duban
