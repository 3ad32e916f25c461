// The use cases in-process against a real SQLite file: effects from the machines, the one commit
// point and its hook, version conflicts on items and steps.
#include <soci/soci.h>

#include <sstream>
#include <variant>

#include "app/item_cases.hpp"
#include "app/recommendation_cases.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "store/journal.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {
namespace {

class UseCases : public Engine {
 protected:
  std::int64_t assigned_item() {
    auto item =
        app::add_item(services(), {"office", "", "国家", "精准识别", "未整户识别", "", "longtan"});
    app::ChangeItem assign;
    assign.actor = "office";
    assign.id = item.id;
    assign.event = ItemEventKind::assign;
    assign.owner = "赵某七";
    assign.measures = "逐户核查";
    assign.due = "2020-06-30";
    app::change_item(services(), assign);
    return item.id;
  }
};

TEST_F(UseCases, ObserversSeeEachCommittedTransitionWithTheMachinesEffects) {
  std::vector<app::Committed> seen;
  post_commit_.add(
      [&](const std::vector<app::Committed>& c) { seen.insert(seen.end(), c.begin(), c.end()); });
  auto id = assigned_item();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].entry.event, "create");
  EXPECT_EQ(seen[1].entry.event, "assign");
  EXPECT_GT(seen[1].entry.seq, seen[0].entry.seq);
  EXPECT_FALSE(seen[1].entry.hash.empty());
  ASSERT_EQ(seen[1].item_effects.size(), 1u);
  const auto& set = std::get<AssignmentSet>(seen[1].item_effects[0]);
  EXPECT_EQ(set.owner, "赵某七");
  ASSERT_TRUE(set.due.has_value());
  EXPECT_EQ(format_date(*set.due), "2020-06-30");

  app::ChangeItem rectify{"longtan", id,          ItemEventKind::rectify, "", "", "", "", "",
                          "已整改",  {"台账.pdf"}};
  app::change_item(services(), rectify);
  app::ChangeItem reject{"inspector", id, ItemEventKind::reject, "佐证不足", "",
                         "",          "", "2020-07-15",          "",         {}};
  auto rejected = app::change_item(services(), reject);
  const auto& effects = seen.back().item_effects;
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<ReworkCounted>(effects[0]));
  EXPECT_EQ(format_date(std::get<DueChanged>(effects[1]).due), "2020-07-15");
  EXPECT_EQ(rejected.item.rework_count, 1);
  EXPECT_EQ(format_date(*rejected.item.due), "2020-07-15");
}

TEST_F(UseCases, ARefusedTransitionCommitsNothingAndNotifiesNoOne) {
  int calls = 0;
  post_commit_.add([&](const std::vector<app::Committed>&) { ++calls; });
  auto item = app::add_item(services(), {"office", "", "国家", "", "问题", "", "longtan"});
  EXPECT_EQ(calls, 1);
  app::ChangeItem close{"office", item.id, ItemEventKind::close, "", "", "", "", "", "", {}};
  EXPECT_EQ(refusal([&] { app::change_item(services(), close); }), Errc::invalid_transition);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(app::item_journal(services(), item.id).size(), 1u);
}

TEST_F(UseCases, AStaleItemVersionIsAConflict) {
  auto id = assigned_item();
  app::Transaction tx(services(), store::Intent::write);
  auto item = *tx.items().find(id);
  auto stale = item;
  auto changed = item;
  changed.owner = "甲";
  tx.items().update(item, changed, clock_.now());
  stale.owner = "乙";
  EXPECT_EQ(refusal([&] { tx.items().update(item, stale, clock_.now()); }), Errc::conflict);
}

TEST_F(UseCases, AStaleStepVersionIsAConflict) {
  app::start_round(services(), {"office", "2020-H1", "2020-06-20"});
  app::Transaction tx(services(), store::Intent::write);
  auto round = *tx.rounds().find(*RoundId::parse("2020-H1"));
  auto step = round.step(StepId::self_inspection);
  auto stale = step;
  step.state = StepState::open;
  tx.rounds().update_step(round.id, step);
  stale.state = StepState::open;
  EXPECT_EQ(refusal([&] { tx.rounds().update_step(round.id, stale); }), Errc::conflict);
}

TEST_F(UseCases, ReopeningTheAssessmentClearsItsApproval) {
  app::start_round(services(), {"office", "2020-H1", ""});
  auto step = [&](const char* n, StepEventKind ev, std::string override_reason = "") {
    app::change_step(services(), {"office", "2020-H1", n, ev, "数据有误", override_reason});
  };
  for (auto n : {"1", "2", "3"}) step(n, StepEventKind::open);
  step("1", StepEventKind::complete, "测试");
  step("3", StepEventKind::complete, "测试");
  step("2", StepEventKind::complete);
  for (auto n : {"4", "5"}) {
    step(n, StepEventKind::open);
    step(n, StepEventKind::complete);
  }
  step("6", StepEventKind::open);
  app::approve_report(services(), {"office", "2020-H1"});
  step("6", StepEventKind::complete);
  step("6", StepEventKind::reopen);
  auto round = app::show_round(services(), "2020-H1");
  EXPECT_EQ(round.steps[5].record.approved_by, "");
  EXPECT_EQ(round.steps[5].record.completed_at, "");
  EXPECT_EQ(refusal([&] { step("6", StepEventKind::complete); }), Errc::report_not_approved);
  app::approve_report(services(), {"office", "2020-H1"});
  step("6", StepEventKind::complete);
}

TEST_F(UseCases, AnImportedRowWithoutADueDateStaysIdentified) {
  std::istringstream csv(
      "问题,责任单位,责任人,整改措施,整改时限\n甲,longtan,赵,核查,\n乙,longtan,赵,核查,2020-06-"
      "30\n");
  auto r = app::import_items(services(), "office", csv, "x.csv", false, {});
  EXPECT_EQ(r.rows, 2u);
  EXPECT_EQ(r.assigned, 1u);
  auto items = app::list_items(services(), {});
  EXPECT_EQ(items[0].item.state, ItemState::identified);
  EXPECT_EQ(items[1].item.state, ItemState::assigned);
}

TEST_F(UseCases, EntriesWrittenUnderAPinnedClockSaySo) {
  auto item = app::add_item(services(), {"office", "", "国家", "", "问题", "", "longtan"});
  auto journal = app::item_journal(services(), item.id);
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_TRUE(journal[0].pinned_clock);
}

TEST_F(UseCases, UnitsOfWorkRunOnSessionsOfTheirOwn) {
  // A write in progress on one pooled session; a read on another sees the committed state only,
  // at once, without waiting for the writer's lock.
  app::Transaction writer(services(), store::Intent::write);
  RectificationItem item;
  item.title = "未提交";
  item.unit = "longtan";
  writer.items().insert(item, clock_.now());
  {
    app::Transaction reader(services(), store::Intent::read);
    EXPECT_EQ(reader.items().count(), 0);
  }
  writer.commit();
  app::Transaction reader(services(), store::Intent::read);
  EXPECT_EQ(reader.items().count(), 1);
}

TEST_F(UseCases, UnitsAreSyncedOnlyWhenTheConfigurationChangedAndDeactivationsAreJournaled) {
  EXPECT_FALSE(app::sync_if_changed(services()).changed);
  auto journal = [&](const std::string& subject) {
    app::Transaction tx(services(), store::Intent::read);
    return tx.journal().read(subject);
  };
  std::erase_if(config_.units, [](const Unit& u) { return u.id == "hongyan"; });
  auto r = app::sync_if_changed(services());
  EXPECT_TRUE(r.changed);
  auto unit = journal("unit:hongyan");
  ASSERT_EQ(unit.size(), 1u);
  EXPECT_EQ(unit[0].event, "deactivate");
  EXPECT_EQ(unit[0].actor, "duban");
  EXPECT_EQ(journal("user:hongyan").size(), 1u);
  EXPECT_EQ(app::list_units(services(), "township").size(), 10u);
  EXPECT_FALSE(app::sync_if_changed(services()).changed);
  EXPECT_EQ(journal("unit:hongyan").size(), 1u) << "nothing written when nothing changed";
  config_ = config::load_config(source_dir() / "config" / "duban.yaml");
  config_.database.path = dir_ / "duban.db";
  EXPECT_TRUE(app::sync_if_changed(services()).changed);
  EXPECT_EQ(journal("unit:hongyan").back().event, "reactivate");
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

}  // namespace
}  // namespace duban::testing

namespace duban::testing {
namespace {

// The journal's tail is anchored by the head row for entries about anything but items, and by each
// item row for its own last entry: an item transition writes no head.
class JournalAnchors : public UseCases {
 protected:
  long long head_seq() {
    soci::session s;
    store::open_session(s, database_->options());
    long long seq = -1;
    s << "SELECT seq FROM journal_head WHERE county_id = 1", soci::into(seq);
    return seq;
  }
  std::int64_t item_with_history() {
    auto item =
        app::add_item(services(), {"office", "", "国家", "精准识别", "未整户识别", "", "longtan"});
    app::ChangeItem assign{"office", item.id, ItemEventKind::assign, "", "",
                           "赵某七", "核查",  "2020-06-30",          "", {}};
    app::change_item(services(), assign);
    return item.id;
  }
};

TEST_F(JournalAnchors, ASessionsCachesDoNotOutliveAChangeByAnotherConnection) {
  // The acting user, the chain's tail and the last item id are remembered between units of work
  // on one session; another connection's commit (here: a user turned off, an entry and an item
  // added by hand) must be seen by the next one.
  auto id = item_with_history();
  auto change = [&](const char* actor, ItemEventKind kind) {
    app::ChangeItem c{actor, id, kind, "", "", "", "", "", "完成", {}};
    c.reason = "佐证不足";
    app::change_item(services(), c);
  };
  change("longtan", ItemEventKind::rectify);
  change("inspector", ItemEventKind::reject);  // the inspector is now remembered
  change("longtan", ItemEventKind::rectify);
  {
    soci::session s;
    store::open_session(s, database_->options());
    s << "UPDATE users SET active = 0 WHERE id = 'inspector'";
  }
  EXPECT_EQ(refusal([&] { change("inspector", ItemEventKind::verify); }), Errc::unknown_actor);

  auto first = app::add_item(services(), {"office", "", "国家", "", "本进程的事项", "", "longtan"});
  {
    // Another process appends to the chain and adds an item in between.
    auto other = open_store();
    app::Services theirs{*other, config_, clock_, post_commit_};
    app::add_item(theirs, {"office", "", "国家", "", "另一进程的事项", "", "longtan"});
  }
  auto second = app::add_item(services(), {"office", "", "国家", "", "又一个", "", "longtan"});
  EXPECT_EQ(second.id, first.id + 2);
  auto audit = app::audit_verify(services());
  EXPECT_TRUE(audit.ok) << audit.problem_en;
}

TEST_F(JournalAnchors, ItemTransitionsLeaveTheHeadAndOtherEntriesMoveIt) {
  const auto before = head_seq();
  auto id = item_with_history();
  EXPECT_EQ(head_seq(), before);
  auto item = app::show_item(services(), id).item;
  auto history = app::item_journal(services(), id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(item.journal_seq, history.back().seq);
  EXPECT_EQ(item.journal_hash, history.back().hash);
  app::start_round(services(), {"office", "2020-H1", "2020-06-20"});
  EXPECT_EQ(head_seq(), history.back().seq + 1);
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

TEST_F(JournalAnchors, AnItemsLastEntryRewrittenWithAValidHashIsFound) {
  auto id = item_with_history();
  auto last = app::item_journal(services(), id).back();
  // What a careful forger does: change the entry and give it the hash its new content has.
  last.reason = "伪造的理由";
  auto forged = store::chain_hash(last.prev_hash, last);
  {
    soci::session s;
    store::open_session(s, database_->options());
    s << "UPDATE journal SET reason = :r, hash = :h WHERE seq = :s", soci::use(last.reason),
        soci::use(forged), soci::use(last.seq);
  }
  auto audit = app::audit_verify(services());
  EXPECT_FALSE(audit.ok);
  EXPECT_EQ(audit.first_broken_seq, last.seq);
  EXPECT_NE(audit.problem_en.find("does not match the hash the item keeps"), std::string::npos)
      << audit.problem_en;
}

TEST_F(JournalAnchors, TheLastEntryAboutSomethingElseRemovedIsFound) {
  item_with_history();
  app::start_round(services(), {"office", "2020-H1", "2020-06-20"});
  {
    soci::session s;
    store::open_session(s, database_->options());
    s << "DELETE FROM journal WHERE seq = (SELECT MAX(seq) FROM journal)";
  }
  auto audit = app::audit_verify(services());
  EXPECT_FALSE(audit.ok);
  EXPECT_NE(audit.problem_en.find("removed from the end"), std::string::npos) << audit.problem_en;
}

}  // namespace
}  // namespace duban::testing

namespace duban::testing {
namespace {

// A large import sets the item indexes aside and builds them again before it commits; if it fails
// on the way, the rollback brings them back as they were.
class LargeImport : public Engine {
 protected:
  static std::string rows(int n) {
    std::string csv = "问题,责任单位,整改时限\n";
    for (int i = 0; i < n; ++i) csv += "问题" + std::to_string(i) + ",longtan,2020-06-30\n";
    return csv;
  }
  std::vector<std::string> item_indexes() {
    soci::session s;
    store::open_session(s, database_->options());
    std::vector<std::string> names;
    // The search indexes apart: SQLite's is a table of its own (FTS5), PostgreSQL's are pg_trgm's.
    soci::rowset<std::string> found =
        on_postgresql()
            ? (s.prepare << "SELECT indexname FROM pg_indexes WHERE tablename = 'items' AND"
                            " indexname <> 'items_pkey' AND indexname NOT LIKE '%_trgm'"
                            " ORDER BY indexname")
            : (s.prepare << "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name ="
                            " 'items' AND sql IS NOT NULL ORDER BY name");
    for (const auto& n : found) names.push_back(n);
    return names;
  }
};

// Serves one text until it has been read to its end twice (the check of its encoding, then the
// first pass), and another after the rewind that follows: a file changed mid-import.
class ChangingFile : public std::stringbuf {
 public:
  ChangingFile(std::string first, std::string second)
      : std::stringbuf(std::move(first)), second_(std::move(second)) {}

 protected:
  int_type underflow() override {
    auto c = std::stringbuf::underflow();
    if (traits_type::eq_int_type(c, traits_type::eof())) ++ends_;
    return c;
  }
  pos_type seekpos(pos_type pos, std::ios_base::openmode which) override {
    if (!second_.empty() && ends_ >= 2) {
      str(second_);
      second_.clear();
    }
    return std::stringbuf::seekpos(pos, which);
  }
  pos_type seekoff(off_type off, std::ios_base::seekdir dir,
                   std::ios_base::openmode which) override {
    if (off == 0 && dir == std::ios_base::cur) return std::stringbuf::seekoff(off, dir, which);
    return seekpos(off, which);
  }

 private:
  std::string second_;
  int ends_ = 0;
};

TEST_F(LargeImport, TheIndexesAreBuiltAgainAndQueriesUseThem) {
  const auto before = item_indexes();
  ASSERT_EQ(before.size(), 4u);  // by state and due, unit, round; items to remind (migration 8)
  std::istringstream csv(rows(12000));
  auto r = app::import_items(services(), "office", csv, "big.csv", false, {});
  EXPECT_EQ(r.rows, 12000u);
  EXPECT_EQ(item_indexes(), before);
  app::ItemQuery q;
  q.unit = "longtan";
  EXPECT_EQ(app::list_items(services(), q).size(), 12000u);
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

TEST_F(LargeImport, AFailureAfterTheIndexesWereSetAsideLeavesThemAndNoItem) {
  const auto before = item_indexes();
  ChangingFile file(rows(12000), rows(11999));
  std::istream csv(&file);
  try {
    app::import_items(services(), "office", csv, "big.csv", false, {});
    ADD_FAILURE() << "the changed file was imported";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::io_error);
  }
  EXPECT_EQ(item_indexes(), before);
  EXPECT_EQ(app::list_items(services(), {}).size(), 0u);
}

TEST_F(UseCases, APluginsTextAndADecisionsNoteAreCheckedLikeAnyonesBeforeTheJournal) {
  app::start_round(services(), {"office", "2020-H1", "2020-06-20"});
  Recommendation x;
  x.round = "2020-H1";
  x.unit = "longtan";
  x.plugin = "incentive";
  x.rule = "top_share";
  x.action = "reuse";
  x.text_zh = "排名第一\xff";
  x.inputs = "{}";
  x.follow_up = "{}";
  try {
    app::file_recommendation(services(), x);
    ADD_FAILURE() << "filed";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_text);
    EXPECT_NE(e.text().en.find("plugin incentive's recommendation field text_zh: byte 13 (0xFF)"),
              std::string::npos)
        << e.text().en;
  }
  x.text_zh = "排名第一";
  auto id = app::file_recommendation(services(), x);
  EXPECT_EQ(refusal([&] {
              app::decide_recommendation(services(), {"office", id, false, "理由\x07"});
            }),
            Errc::invalid_text);
  EXPECT_EQ(app::list_recommendations(services(), "office", "2020-H1", "", "pending").size(), 1u)
      << "still pending";
  auto uow = store_->begin(store::Intent::read);
  auto history = uow->journal().read("recommendation:" + std::to_string(id));
  ASSERT_EQ(history.size(), 1u) << "nothing journaled for the refused decision";
  EXPECT_EQ(history[0].event, "recommend");
}

}  // namespace
}  // namespace duban::testing
