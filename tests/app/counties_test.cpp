// Many counties in one database (migration 22): each county's rows, users, tokens and journal
// chain are its own. Two counties with the same configuration (the same unit and user ids, the
// same round) side by side, through the use cases, on PostgreSQL; an SQLite file holds one
// county, and says so when asked for a second.
#include <atomic>
#include <thread>

#include "app/credential_cases.hpp"
#include "app/item_cases.hpp"
#include "app/round_cases.hpp"
#include "support/engine_fixture.hpp"
#include "support/other_county.hpp"

namespace duban::testing {
namespace {

class Counties : public Engine {
 protected:
  void SetUp() override {
    if (!on_postgresql()) GTEST_SKIP() << "PostgreSQL only: an SQLite file holds one county";
    Engine::SetUp();
    other_ = std::make_unique<OtherCounty>(*database_, config_, clock_, "520102", "邻县");
    other_store_ = other_->store.get();
  }
  app::Services& other() { return *other_->services; }
  std::int64_t assigned_item(app::Services& s, const std::string& title) {
    auto item = app::add_item(s, {"office", "", "国家", "精准识别", title, "", "longtan"});
    app::ChangeItem assign{"office", item.id, ItemEventKind::assign, "", "",
                           "赵某七", "核查",  "2020-06-30",          "", {}};
    app::change_item(s, assign);
    return item.id;
  }
  std::optional<RectificationItem> find(store::Store& store, std::int64_t id) {
    return store.begin(store::Intent::read)->items().find(id);
  }

  std::unique_ptr<OtherCounty> other_;
  store::Store* other_store_ = nullptr;
};

TEST_F(Counties, EachCountySeesOnlyItsOwnItems) {
  auto mine = assigned_item(services(), "本县问题");
  assigned_item(services(), "本县问题二");
  // The other county's third item: its number 3 is nothing here (this county has two).
  assigned_item(other(), "邻县问题一");
  assigned_item(other(), "邻县问题二");
  auto theirs = assigned_item(other(), "邻县问题");
  ASSERT_EQ(theirs, 3);
  EXPECT_TRUE(find(*store_, mine));
  EXPECT_FALSE(find(*store_, theirs));
  EXPECT_TRUE(find(*other_store_, theirs));
  auto listed = app::list_items(services(), {});
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].item.title, "本县问题");
  EXPECT_EQ(app::list_items(other(), {}).size(), 3u);
  // Another county's item is refused as one that does not exist, in every use case.
  EXPECT_EQ(refusal([&] { app::show_item(services(), theirs); }), Errc::not_found);
  app::ChangeItem rectify{.actor = "office", .id = theirs, .event = ItemEventKind::close};
  EXPECT_EQ(refusal([&] { app::change_item(services(), rectify); }), Errc::not_found);
  EXPECT_EQ(find(*other_store_, theirs)->state, ItemState::assigned);
}

TEST_F(Counties, EachCountyKeepsAChainOfItsOwnThatVerifiesAlone) {
  for (int i = 0; i < 3; ++i) assigned_item(services(), "本县问题 " + std::to_string(i));
  assigned_item(other(), "邻县问题");
  app::start_round(other(), {"office", "2020-H1", ""});
  auto mine = store_->begin(store::Intent::read)->journal().read("item:1");
  ASSERT_FALSE(mine.empty());
  EXPECT_EQ(mine.front().seq, 1);
  // The other county's chain starts at 1 too, whatever this one holds.
  auto first = other_store_->begin(store::Intent::read)->journal().entries(1, 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first.front().prev_hash, std::string(64, '0'));
  auto here = app::audit_verify(services());
  auto there = app::audit_verify(other());
  EXPECT_TRUE(here.ok) << here.problem_en;
  EXPECT_TRUE(there.ok) << there.problem_en;
  EXPECT_EQ(here.entries, 6);   // three items, added and assigned
  EXPECT_GT(there.entries, 2);  // an item added and assigned, the round and its steps
  EXPECT_EQ(store_->begin(store::Intent::read)->journal().read("round:2020-H1").size(), 0u);
}

TEST_F(Counties, TheSameRoundAndUnitIdsLiveSideBySide) {
  app::start_round(services(), {"office", "2020-H1", ""});
  app::start_round(other(), {"office", "2020-H1", ""});
  app::add_problem(other(), {"office", "2020-H1", "longtan", "county", "", "只在邻县", "", ""});
  EXPECT_EQ(app::list_rounds(services()).size(), 1u);
  EXPECT_EQ(app::list_rounds(other()).size(), 1u);
  auto uow = store_->begin(store::Intent::read);
  EXPECT_TRUE(uow->rounds().problems(*RoundId::parse("2020-H1")).empty());
  EXPECT_EQ(other_store_->begin(store::Intent::read)
                ->rounds()
                .problems(*RoundId::parse("2020-H1"))
                .size(),
            1u);
  // A unit renamed in one county's configuration only.
  other_->config.units.front().name = "改名的单位";
  app::init_database(other());
  EXPECT_NE(app::list_units(services(), "").front().name, "改名的单位");
}

TEST_F(Counties, AUsersTokenAndPasswordOpenOnlyTheirCounty) {
  auto token = app::issue_token(services(), {"office", "office", "test", 30});
  EXPECT_TRUE(app::user_for_token(services(), token.token));
  EXPECT_FALSE(app::user_for_token(other(), token.token));  // the same user id, another county
  app::set_password(services(), {"office", "office", "一个足够长的口令", audit::HashCost::minimal});
  EXPECT_TRUE(app::check_password(services(), "office", "一个足够长的口令"));
  EXPECT_FALSE(app::check_password(other(), "office", "一个足够长的口令"));
}

TEST_F(Counties, TheDatabaseListsItsCountiesAndOpensEachByCode) {
  auto all = store_->counties();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].code, "default");
  EXPECT_EQ(all[1].code, "520102");
  EXPECT_EQ(all[1].name, "邻县");
  auto item = assigned_item(other(), "邻县问题");
  auto opened = store_->for_county("520102");
  ASSERT_TRUE(opened);
  EXPECT_TRUE(find(*opened, item));
  EXPECT_FALSE(store_->for_county("999999"));
}

TEST_F(Counties, ACodeNotYetInADatabaseOfCountiesIsANewCounty) {
  auto item = assigned_item(services(), "原有问题");
  auto options = database_->options();
  options.county = "520101";
  options.county_name = "示范县";
  // Two counties already here (SetUp made 520102): the unnamed one stays as it is.
  auto third = store::open_store(options, config_.zone);
  EXPECT_FALSE(find(*third, item));
  EXPECT_EQ(third->counties().size(), 3u);
}

// A new database opened with a county's code: its only county is that one, no 'default' beside
// it. A database holding the unnamed county's data keeps it there: a new code is a new county.
TEST(NewCounty, ANewDatabaseIsTheCountyItIsFirstOpenedFor) {
  TempDir dir;
  TestDatabase db(dir / "new.db");
  auto options = db.options();
  options.county = "520101";
  options.county_name = "示范县";
  auto store = store::open_store(options, ZoneOffset{});
  auto all = store->counties();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].code, "520101");
  EXPECT_EQ(all[0].name, "示范县");
  EXPECT_EQ(store->county().id, all[0].id);
}

class OneCountyFile : public Engine {};

TEST_F(OneCountyFile, ASecondCountyIsRefusedSayingWhatToDoInstead) {
  DUBAN_SQLITE_ONLY("PostgreSQL holds many counties");
  auto item =
      app::add_item(services(), {"office", "", "国家", "精准识别", "原有问题", "", "longtan"});
  auto options = database_->options();
  options.county = "520102";
  try {
    store::open_store(options, config_.zone);
    ADD_FAILURE() << "a second county was made in an SQLite file";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("holds one county (this one is default's), not 520102"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("PostgreSQL"), std::string::npos);
  }
  // Nothing was made; the county's own data is as it was.
  EXPECT_EQ(store_->counties().size(), 1u);
  EXPECT_TRUE(store_->begin(store::Intent::read)->items().find(item.id));
}

TEST_F(Counties, ACountysItemsAreNumberedOnTheirOwn) {
  auto first = assigned_item(services(), "本县第一项");
  auto second = assigned_item(services(), "本县第二项");
  auto theirs = assigned_item(other(), "邻县第一项");
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 2);
  EXPECT_EQ(theirs, 1);  // another county's first item: its own number 1, not 3
  EXPECT_EQ(find(*other_store_, 1)->title, "邻县第一项");
  EXPECT_EQ(find(*store_, 1)->title, "本县第一项");
}

// Several nodes started at once with a county the database does not hold yet: it is made once,
// and every node opens it.
TEST_F(Counties, NodesStartingAtOnceMakeANewCountyOnce) {
  auto options = database_->options();
  options.county = "520103";
  options.county_name = "新县";
  std::vector<std::int64_t> ids(6, 0);
  std::atomic<int> failed{0};
  std::vector<std::thread> nodes;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    nodes.emplace_back([&, i] {
      try {
        ids[i] = store::open_store(options, config_.zone)->county().id;
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failed;
      }
    });
  }
  for (auto& n : nodes) n.join();
  EXPECT_EQ(failed, 0);
  for (auto id : ids) EXPECT_EQ(id, ids.front());
  EXPECT_EQ(store_->counties().size(), 3u);
}

TEST_F(Counties, TheUnnamedCountysDataStaysWhereItIs) {
  auto item = assigned_item(services(), "原有问题");
  EXPECT_EQ(store_->county().code, "default");
  EXPECT_TRUE(find(*store_, item));
  EXPECT_FALSE(find(*other_store_, item));
}

}  // namespace
}  // namespace duban::testing
