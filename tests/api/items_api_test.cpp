// Items through the API: what each user sees (another unit's item does not exist for a member),
// ETag and If-Match, filters, full-text search and keyset paging, and bad input of every kind.
#include <set>

#include "api/api_fixture.hpp"
#include "api/json_body.hpp"
#include "api/problem.hpp"
#include "app/denials.hpp"
#include "app/visibility.hpp"

namespace duban {
namespace {

using testing::Api;

std::string events(std::int64_t id) { return "/api/v1/items/" + std::to_string(id) + "/events"; }
std::string item(std::int64_t id) { return "/api/v1/items/" + std::to_string(id); }

TEST_F(Api, AnotherUnitsItemDoesNotExistForAMemberAndNothingLeaks) {
  auto office = login("office");
  auto mine = assigned_item("longtan", "龙潭镇的问题", "2020-06-30", office);
  auto village = assigned_item("longtan-shuikou", "水口村的问题", "2020-06-30", office);
  auto theirs = assigned_item("xinmin", "新民镇的问题", "2020-06-30", office);
  auto longtan = login("longtan");

  EXPECT_EQ(get(item(mine), longtan).status, 200);
  EXPECT_EQ(get(item(village), longtan).status, 200) << "a township sees its villages' items";
  auto hidden = get(item(theirs), longtan);
  EXPECT_EQ(hidden.status, 404);
  Error missing = app::no_such_item(theirs);
  EXPECT_EQ(hidden.body, api::to_response(missing).body) << "the same answer as for no item at all";
  for (const auto& path : {item(theirs) + "/journal"}) {
    EXPECT_EQ(get(path, longtan).body, hidden.body) << path;
  }
  auto acted = post(events(theirs), {{"event", "rectify"}, {"result", "已整改"}}, longtan);
  EXPECT_EQ(acted.status, 404);
  EXPECT_EQ(acted.body, hidden.body);

  auto listed = get("/api/v1/items", longtan).json();
  EXPECT_EQ(listed["total"], 2);
  std::set<std::int64_t> ids;
  for (const auto& i : listed["items"]) ids.insert(i["id"].get<std::int64_t>());
  EXPECT_EQ(ids, (std::set<std::int64_t>{mine, village}));
  EXPECT_EQ(get("/api/v1/items?unit=xinmin", longtan).json()["total"], 0);
  EXPECT_EQ(get("/api/v1/items?q=新民镇", longtan).json()["total"], 0) << "search too";
  EXPECT_EQ(get("/api/v1/items?q=新民镇", office).json()["total"], 1);
  EXPECT_EQ(get("/api/v1/items", login("viewer")).json()["total"], 3) << "a viewer sees all";

  // The refusal itself is in the security log, with the truth.
  auto denials = app::list_denials(services(), "");
  ASSERT_FALSE(denials.empty());
  EXPECT_EQ(denials.back().code, "permission_denied");
  EXPECT_EQ(denials.back().subject, "item:" + std::to_string(theirs));
}

TEST_F(Api, EtagAndIfMatchGuardAgainstLostUpdates) {
  auto office = login("office");
  auto made = post("/api/v1/items", {{"title", "危房改造"}, {"unit", "longtan"}}, office);
  ASSERT_EQ(made.status, 201) << made.body;
  auto id = made.json()["id"].get<std::int64_t>();
  EXPECT_EQ(made.headers["Location"], item(id));
  auto etag = made.headers["ETag"];
  EXPECT_EQ(etag, "\"1\"");
  EXPECT_EQ(send("GET", item(id), "", office, {{"if-none-match", etag}}).status, 304);

  nlohmann::json assign = {
      {"event", "assign"}, {"owner", "赵某七"}, {"measures", "逐户核查"}, {"due", "2020-06-30"}};
  auto stale = post(events(id), assign, office, {{"if-match", "\"0\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.code(), "conflict");
  auto done = post(events(id), assign, office, {{"if-match", etag}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["state"], "assigned");
  EXPECT_EQ(done.headers["ETag"], "\"2\"");
  auto again = post(events(id), assign, office, {{"if-match", etag}});
  EXPECT_EQ(again.status, 412) << "the second writer with the old ETag loses";
}

TEST_F(Api, BadInputHasItsOwnProblemCode) {
  auto office = login("office");
  auto id = assigned_item("longtan", "问题", "2020-06-30", office);
  auto code = [](const testing::Answer& a) { return std::to_string(a.status) + " " + a.code(); };
  EXPECT_EQ(code(send("POST", "/api/v1/items", "{\"title\": ", office)), "400 malformed_json");
  EXPECT_EQ(code(send("POST", "/api/v1/items", "[1]", office)), "400 malformed_json");
  EXPECT_EQ(
      code(send("POST", "/api/v1/items", std::string(70, '[') + std::string(70, ']'), office)),
      "400 malformed_json");
  EXPECT_EQ(code(send("POST", "/api/v1/items", "{\"title\": \"\xff\xfe\", \"unit\": \"longtan\"}",
                      office)),
            "422 invalid_text");
  EXPECT_EQ(code(send("POST", "/api/v1/items", "title=x", office,
                      {{"content-type", "application/x-www-form-urlencoded"}})),
            "415 unsupported_media_type");

  auto typed =
      post("/api/v1/items", {{"title", 5}, {"unit", "longtan"}, {"colour", "red"}}, office);
  EXPECT_EQ(code(typed), "422 validation_failed");
  ASSERT_EQ(typed.json()["errors"].size(), 2u) << typed.body;
  EXPECT_EQ(typed.json()["errors"][0]["field"], "title");
  EXPECT_EQ(typed.json()["errors"][1]["field"], "colour");
  auto missing = post("/api/v1/items", {{"unit", "longtan"}}, office);
  EXPECT_EQ(missing.json()["errors"][0]["field"], "title");

  EXPECT_EQ(code(post(events(id), {{"event", "close"}}, office)), "409 invalid_transition");
  EXPECT_EQ(code(post(events(id), {{"event", "explode"}}, office)), "422 validation_failed");
  EXPECT_EQ(code(post(events(999), {{"event", "close"}}, office)), "404 not_found");
  EXPECT_EQ(code(get("/api/v1/items/abc", office)), "404 not_found");
  EXPECT_EQ(code(get("/api/v1/items?limit=500", office)), "400 invalid_argument");
  EXPECT_EQ(code(get("/api/v1/items?colour=red", office)), "400 invalid_argument");
  EXPECT_EQ(code(send("DELETE", item(id), "", office)), "405 method_not_allowed");
  EXPECT_EQ(code(post(events(id), {{"event", "verify"}}, login("viewer"))),
            "403 permission_denied");
}

TEST_F(Api, TextThatIsNotUtf8IsRefusedNamingItsJsonPath) {
  auto office = login("office");
  auto bad =
      send("POST", "/api/v1/items",
           "{\"title\": \"ok\", \"manifestation\": \"\xe5\x9d\x8f\xff\", \"unit\": \"x\"}", office);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.code(), "invalid_text");
  ASSERT_EQ(bad.json()["errors"].size(), 1u) << bad.body;
  EXPECT_EQ(bad.json()["errors"][0]["field"], "manifestation");
  EXPECT_EQ(bad.json()["detail"], "manifestation is not valid UTF-8 (at byte 38 of the body)");
  auto id = assigned_item("longtan", "问题", "2020-06-30", office);
  auto nested =
      send("POST", "/api/v1/items/" + std::to_string(id) + "/events",
           "{\"event\": \"rectify\", \"result\": \"done\", \"evidence\": [\"a\", \"b\xc0\"]}",
           login("longtan"));
  EXPECT_EQ(nested.status, 422);
  EXPECT_EQ(nested.json()["errors"][0]["field"], "evidence[1]") << nested.body;
  EXPECT_EQ(get("/api/v1/items/" + std::to_string(id), office).json()["state"], "assigned");

  EXPECT_EQ(api::json_path_at(R"({"a": {"b": [1, {"c": "X"}]}})", 23), "a.b[1].c");
  EXPECT_EQ(api::json_path_at(R"({"a": 1, "kX": 2})", 11), "k…") << "a byte in a key";
  EXPECT_EQ(api::json_path_at(R"({"a": "x\"y", "b": "X"})", 20), "b") << "escaped quotes";
  EXPECT_EQ(api::json_path_at(R"([1, 2, "X"])", 8), "[2]");
  EXPECT_EQ(api::json_path_at(R"({"a": 1} X)", 9), "");

  // A control character escaped in valid JSON reaches the use case, which names the field.
  ASSERT_EQ(post("/api/v1/rounds", {{"code", "2020-H1"}}, office).status, 201);
  auto note = post(
      "/api/v1/rounds/2020-H1/scores",
      {{"unit", "longtan"}, {"indicator", "减贫成效"}, {"value", 90}, {"note", "见\x1b[2J附件"}},
      office);
  EXPECT_EQ(note.status, 422) << note.body;
  EXPECT_EQ(note.code(), "invalid_text");
  EXPECT_NE(note.json()["detail"].get<std::string>().find("note: character 2"), std::string::npos)
      << note.body;
  EXPECT_EQ(get("/api/v1/rounds/2020-H1/scores", office).json()["scores"].size(), 0u);
}

// Search reads an item's measures as they are now: a change of the text moves the item in the
// index, and a transition that leaves the text as it was leaves it findable (SQLite's index is
// touched only when the text changes: migration 23).
TEST_F(Api, SearchFollowsAnItemsMeasuresAsTheyChange) {
  auto office = login("office");
  auto made = post("/api/v1/items", {{"title", "饮水安全不达标"}, {"unit", "longtan"}}, office);
  ASSERT_EQ(made.status, 201) << made.body;
  auto id = made.json()["id"].get<std::int64_t>();
  auto found = [&](const std::string& words) {
    auto a = get("/api/v1/items?q=" + words, office);
    EXPECT_EQ(a.status, 200) << words << ": " << a.body;
    return a.status == 200 ? a.json()["total"].get<int>() : -1;
  };
  auto send_event = [&](const nlohmann::json& body, const std::string& token) {
    auto a = post(events(id), body, token);
    EXPECT_EQ(a.status, 200) << body.dump() << ": " << a.body;
  };
  send_event({{"event", "assign"},
              {"owner", "赵某七"},
              {"measures", "逐户核查水源"},
              {"due", "2020-06-30"}},
             office);
  EXPECT_EQ(found("逐户核查"), 1);
  send_event({{"event", "reassign"}, {"measures", "更换供水管网"}, {"reason", "措施调整"}}, office);
  EXPECT_EQ(found("逐户核查"), 0) << "the old text left the index";
  EXPECT_EQ(found("更换供水管网"), 1);
  send_event({{"event", "rectify"}, {"result", "已整改"}}, login("longtan"));
  EXPECT_EQ(found("更换供水管网"), 1) << "a transition that keeps the text keeps the item found";
  EXPECT_EQ(found("饮水安全"), 1);
}

TEST_F(Api, FiltersSearchAndKeysetPaging) {
  auto office = login("office");
  std::vector<std::int64_t> ids;
  const char* titles[] = {"饮水安全不达标",   "住房安全鉴定缺失", "饮水工程未验收",
                          "产业帮扶台账不全", "教育资助漏发",     "医疗报销滞后",
                          "饮水水质未检测"};
  const char* dues[] = {"2020-05-20", "2020-06-03", "2020-06-20", "2020-05-31",
                        "2020-07-15", "2020-06-02", "2020-08-01"};
  for (int i = 0; i < 7; ++i)
    ids.push_back(assigned_item(i % 2 ? "xinmin" : "longtan", titles[i], dues[i], office));

  auto total = [&](const std::string& query) {
    auto a = get("/api/v1/items?" + query, office);
    EXPECT_EQ(a.status, 200) << query << ": " << a.body;
    return a.status == 200 ? a.json()["total"].get<int>() : -1;
  };
  EXPECT_EQ(total(""), 7);
  EXPECT_EQ(total("q=%E9%A5%AE%E6%B0%B4"), 3) << "饮水: two characters, a scan";
  EXPECT_EQ(total("q=饮水工程"), 1) << "four characters, the trigram index";
  EXPECT_EQ(total("q=饮水 未"), 2) << "every word";
  EXPECT_EQ(total("overdue=true"), 2) << "due 20 and 31 May, now 1 June";
  EXPECT_EQ(total("status=red"), 2);
  EXPECT_EQ(total("status=yellow"), 2) << "due 2 and 3 June: within the yellow days";
  EXPECT_EQ(total("status=green"), 3);
  EXPECT_EQ(total("unit=longtan"), 4);
  EXPECT_EQ(total("unit=龙潭镇&overdue=true"), 1);
  EXPECT_EQ(total("due_before=2020-06-03"), 4);
  EXPECT_EQ(total("state=assigned&round="), 7);

  // Three at a time by due date: every item once, in order, with the total on every page.
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page =
        get("/api/v1/items?sort=due&limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor), office)
            .json();
    EXPECT_EQ(page["total"], 7);
    for (const auto& i : page["items"]) seen.push_back(i["due"]);
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"2020-05-20", "2020-05-31", "2020-06-02", "2020-06-03",
                                            "2020-06-20", "2020-07-15", "2020-08-01"}));
  auto newest = get("/api/v1/items?sort=-id&limit=2", office).json();
  EXPECT_EQ(newest["items"][0]["id"], ids[6]);
  EXPECT_EQ(newest["items"][1]["id"], ids[5]);
  EXPECT_EQ(get("/api/v1/items?sort=-id&limit=2&cursor=" + newest["next_cursor"].get<std::string>(),
                office)
                .json()["items"][0]["id"],
            ids[4]);
}

}  // namespace
}  // namespace duban
