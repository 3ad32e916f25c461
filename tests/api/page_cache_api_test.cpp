// Item lists are kept while nothing changes (api/page_cache.hpp): what is kept must never be
// what a change, another connection's commit, midnight or another user would answer otherwise.
#include <soci/soci.h>

#include <regex>
#include <sstream>

#include "api_fixture.hpp"
#include "app/import_cases.hpp"
#include "app/item_cases.hpp"
#include "app/post_commit.hpp"

namespace duban {
namespace {

using testing::Api;

// duban_page_cache_total{result="hit"} in /api/v1/metrics.
long hits(const std::string& text) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex("duban_page_cache_total\\{result=\"hit\"\\} (\\d+)")))
    return -1;
  return std::stol(m[1]);
}

TEST_F(Api, KeptItemListsFollowEveryChange) {
  auto office = login("office");
  auto longtan = login("longtan");
  const std::string overdue = "/api/v1/items?unit=longtan&overdue=true";
  auto total = [&](const std::string& target, const std::string& token) {
    auto a = get(target, token);
    EXPECT_EQ(a.status, 200) << target << ": " << a.body;
    return a.status == 200 ? a.json()["total"].get<int>() : -1;
  };
  auto first = assigned_item("longtan", "饮水安全不达标", "2020-06-05", office);
  assigned_item("xinmin", "住房安全鉴定缺失", "2020-06-05", office);

  EXPECT_EQ(total(overdue, office), 0) << "due 5 June, now 1 June";
  const auto before = hits(get("/api/v1/metrics", office).body);
  auto again = get(overdue, office);
  EXPECT_EQ(again.json()["total"], 0);
  EXPECT_EQ(hits(get("/api/v1/metrics", office).body), before + 1)
      << "the same page, nothing changed: kept";

  // Midnight passes the due date: nothing was committed, and the page must change.
  clock_.set(*parse_utc("2020-06-05T16:00:00Z"));  // 00:00 on 6 June in +08:00
  EXPECT_EQ(get(overdue, office).status, 401) << "a day later the token has expired, kept or not";
  office = login("office");
  longtan = login("longtan");
  EXPECT_EQ(total(overdue, office), 1);
  EXPECT_EQ(total("/api/v1/items?status=red", office), 2);

  // A change through the API.
  auto rectified =
      post("/api/v1/items/" + std::to_string(first) + "/events",
           {{"event", "rectify"}, {"result", "已整改"}, {"evidence", {"台账.pdf"}}}, longtan);
  ASSERT_EQ(rectified.status, 200) << rectified.body;
  EXPECT_EQ(total(overdue, office), 0) << "rectified: no longer awaiting rectification";

  // A commit on another connection (as `duban` run beside the server would make).
  EXPECT_EQ(total("/api/v1/items?unit=longtan", office), 1);
  auto other = open_store();
  app::PostCommit quiet;
  app::Services beside{*other, config_, clock_, quiet};
  app::AddItem add;
  add.actor = "office";
  add.title = "产业帮扶台账不全";
  add.unit = "longtan";
  app::add_item(beside, add);
  EXPECT_EQ(total("/api/v1/items?unit=longtan", office), 2);

  // Another township's change leaves longtan's page standing (its counter did not move); a
  // change of names (the directory) does not.
  auto standing = get("/api/v1/items?unit=longtan", office).body;
  const auto kept_before = hits(get("/api/v1/metrics", office).body);
  assigned_item("xinmin", "教育资助漏发", "2020-07-01", office);
  EXPECT_EQ(get("/api/v1/items?unit=longtan", office).body, standing);
  EXPECT_EQ(hits(get("/api/v1/metrics", office).body), kept_before + 1);
  {
    soci::session raw;
    store::open_session(raw, database_->options());
    raw << "UPDATE units SET name = '龙潭乡' WHERE id = 'longtan'";
  }
  auto renamed = get("/api/v1/items?unit=longtan", office).json();
  ASSERT_EQ(renamed["items"].size(), 2u);
  EXPECT_EQ(renamed["items"][0]["unit_name"], "龙潭乡");

  // The same address, another user: each sees what is theirs.
  EXPECT_EQ(total("/api/v1/items", office), 4);
  EXPECT_EQ(total("/api/v1/items", longtan), 2);
  EXPECT_EQ(total("/api/v1/items", office), 4);
}

// A large import sets the triggers that count changes aside (store/items.cpp begin_load): the
// kept pages must not outlive it.
TEST_F(Api, KeptItemListsDoNotOutliveALargeImport) {
  auto office = login("office");
  auto longtan = login("longtan");
  assigned_item("longtan", "饮水安全不达标", "2020-06-05", office);
  EXPECT_EQ(get("/api/v1/items?unit=longtan", longtan).json()["total"], 1);
  std::stringstream csv;
  csv << "问题,责任单位,整改时限\n";
  for (int i = 1; i <= 10000; ++i) csv << "台账缺页第" << i << "户,longtan,2020-07-31\n";
  app::import_items(services(), "office", csv, "清单.csv", app::ImportOptions{}, {});
  EXPECT_EQ(get("/api/v1/items?unit=longtan", longtan).json()["total"], 10001);
}

TEST_F(Api, ItemListsAreRightWithoutKeepingThem) {
  api::ApiOptions options;
  options.page_cache_bytes = 0;
  with_options(options);
  auto office = login("office");
  assigned_item("longtan", "饮水安全不达标", "2020-06-05", office);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(get("/api/v1/items", office).json()["total"], 1);
  EXPECT_EQ(hits(get("/api/v1/metrics", office).body), 0);
}

}  // namespace
}  // namespace duban
