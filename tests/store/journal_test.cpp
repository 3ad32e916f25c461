#include "store/journal.hpp"

#include <gtest/gtest.h>

#include <map>

#include "store/soci_store.hpp"
#include "store/sqlite/sqlite_backend.hpp"
#include "support/test_database.hpp"
#include "support/test_support.hpp"

namespace duban::store {
namespace {

using duban::testing::TempDir;

// A database by name for the test's life: opened again under the same name, it is the same one.
std::unique_ptr<Store> open(const TempDir& dir, const std::string& name) {
  static std::map<std::string, std::unique_ptr<duban::testing::TestDatabase>> databases;
  auto& db = databases[(dir / name).string()];
  if (!db) db = std::make_unique<duban::testing::TestDatabase>(dir / name);
  return open_store(db->options(), ZoneOffset{});
}

void append(Store& store, std::vector<JournalEntry>& entries) {
  auto uow = store.begin(Intent::write);
  uow->journal().append_all(entries);
  uow->commit();
}

AuditResult verify(Store& store) { return store.begin(Intent::read)->journal().verify(); }

JournalEntry entry(const std::string& subject, const std::string& reason) {
  JournalEntry e;
  e.at = *parse_utc("2020-07-31T16:00:00Z");
  e.actor = "office";
  e.subject = subject;
  e.event = "reject";
  e.state_before = "rectified";
  e.state_after = "assigned";
  e.changes["rework_count"] = {"0", "1"};
  e.reason = reason;
  return e;
}

TEST(Journal, CanonicalFormHasSortedKeysAndEscapes) {
  auto e = entry("item:1", "佐证\"不足\"\n第二行");
  e.seq = 7;
  EXPECT_EQ(
      canonical_form(e),
      "{\"actor\":\"office\",\"at\":\"2020-07-31T16:00:00Z\",\"changes\":{\"rework_count\":"
      "[\"0\",\"1\"]},\"event\":\"reject\",\"reason\":\"佐证\\\"不足\\\"\\n第二行\",\"seq\":7,"
      "\"state_after\":\"assigned\",\"state_before\":\"rectified\",\"subject\":\"item:1\"}");
}

TEST(Journal, CanonicalFormEscapesEveryControlCharacterTheSameWay) {
  auto e = entry("item:1", std::string("a\\b\t\r\x01\x1b[31m\x7f", 13) + "尾");
  e.seq = 1;
  auto text = canonical_form(e);
  EXPECT_NE(text.find(R"("reason":"a\\b\t\r\u0001\u001b[31m)"
                      "\x7f"
                      R"(\u0000尾")"),
            std::string::npos)
      << text;
}

TEST(Journal, HashDependsOnThePreviousHashAndEveryField) {
  auto e = entry("item:1", "r");
  auto h = chain_hash(std::string(64, '0'), e);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_NE(chain_hash(std::string(63, '0') + "1", e), h);
  auto f = e;
  f.changes["rework_count"].second = "2";
  EXPECT_NE(chain_hash(std::string(64, '0'), f), h);
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Journal, AppendedEntriesChainAndVerifyOnRealSqlite) {
  TempDir dir;
  auto store = open(dir, "j.db");
  std::vector<JournalEntry> batch = {entry("item:1", "a\tb"), entry("item:2", "控制字符\x01")};
  append(*store, batch);
  std::vector<JournalEntry> one = {entry("item:1", "third")};
  append(*store, one);
  auto& single = one[0];
  EXPECT_EQ(batch[0].seq, 1);
  EXPECT_EQ(batch[1].prev_hash, batch[0].hash);
  EXPECT_EQ(single.seq, 3);
  EXPECT_EQ(single.prev_hash, batch[1].hash);
  auto result = verify(*store);
  EXPECT_TRUE(result.ok) << result.problem_en;
  EXPECT_EQ(result.entries, 3);
  auto read = store->begin(Intent::read)->journal().read("item:1");
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].reason, "a\tb");
  EXPECT_EQ(read[1].changes.at("rework_count").second, "1");
}

TEST(Journal, TwoProcessesAppendingInTurnKeepOneChain) {
  // Each store remembers the head it wrote last; the other one's appends must be noticed.
  TempDir dir;
  auto first = open(dir, "j.db");
  auto second = open(dir, "j.db");
  for (int round = 0; round < 3; ++round) {
    std::vector<JournalEntry> a = {entry("item:1", "first " + std::to_string(round))};
    append(*first, a);
    std::vector<JournalEntry> b = {entry("item:2", "second " + std::to_string(round)),
                                   entry("item:3", "second")};
    append(*second, b);
    EXPECT_EQ(b[0].prev_hash, a[0].hash);
    EXPECT_EQ(b[1].seq, 3 * round + 3);
  }
  auto result = verify(*first);
  EXPECT_TRUE(result.ok) << result.problem_en;
  EXPECT_EQ(result.entries, 9);
}

TEST(Journal, ARolledBackTransactionLeavesNoEntry) {
  TempDir dir;
  auto store = open(dir, "j.db");
  std::vector<JournalEntry> e = {entry("item:1", "x")};
  EXPECT_THROW(
      {
        auto uow = store->begin(Intent::write);
        uow->journal().append_all(e);
        throw std::runtime_error("the change failed after its journal entry");
      },
      std::runtime_error);
  EXPECT_EQ(verify(*store).entries, 0);
  std::vector<JournalEntry> again = {entry("item:1", "y")};
  append(*store, again);
  EXPECT_EQ(again[0].seq, 1);
  EXPECT_TRUE(verify(*store).ok);
}

TEST(Database, MigrationsRunOnceAndReopeningKeepsData) {
  DUBAN_SQLITE_ONLY("its pragmas and its migrations 1-18");
  TempDir dir;
  {
    auto store = open(dir, "m.db");
    EXPECT_EQ(store->schema_version(), latest_schema_version());
    std::vector<JournalEntry> e = {entry("item:1", "x")};
    append(*store, e);
  }
  auto again = open(dir, "m.db");
  EXPECT_EQ(verify(*again).entries, 1);
  // The session set-up, read back on a session of our own.
  soci::session session;
  open_session(session, {Backend::sqlite, dir / "m.db", ""});
  int migrations = 0;
  session << "SELECT COUNT(*) FROM schema_migrations", soci::into(migrations);
  EXPECT_EQ(migrations, latest_schema_version());
  std::string mode, sync;
  session << "PRAGMA journal_mode", soci::into(mode);
  EXPECT_EQ(mode, "wal");
  int synchronous = 0;
  session << "PRAGMA synchronous", soci::into(synchronous);
  EXPECT_EQ(synchronous, 2);  // FULL
  int page_size = 0;
  session << "PRAGMA page_size", soci::into(page_size);
  EXPECT_EQ(page_size, 2048);
}

TEST(Database, MigrationFourLinksTheHistoryOfItemsAlreadyRecorded) {
  DUBAN_SQLITE_ONLY("SQLite databases went through migration 4; PostgreSQL starts at 18");
  TempDir dir;
  {
    // A database as migration 3 left it, with two items and a round in its journal.
    soci::session session;
    open_session(session, {Backend::sqlite, dir / "v3.db", ""});
    session << "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
               " applied_at TEXT NOT NULL)";
    for (const auto& m : sqlite::migrations()) {
      if (m.version > 3) break;
      for (const auto& statement : m.statements()) session << statement;
      session << "INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                     ", 'v', 'now')";
    }
    for (int id : {1, 2}) {
      session << "INSERT INTO items (id, source, title, unit_id, state, created_at, updated_at)"
                 " VALUES (" +
                     std::to_string(id) + ", 'county', 't', 'longtan', 'identified', 'x', 'x')";
    }
    int seq = 0;
    for (const char* subject : {"item:1", "item:2", "item:1", "round:2020-H1", "item:1"}) {
      session << "INSERT INTO journal (seq, at, actor, subject, event, prev_hash, hash) VALUES (" +
                     std::to_string(++seq) + ", '2020-01-01T00:00:00Z', 'office', '" + subject +
                     "', 'e', 'p', 'h')";
    }
  }
  auto store = open(dir, "v3.db");
  EXPECT_EQ(store->schema_version(), latest_schema_version());
  auto uow = store->begin(Intent::read);
  EXPECT_EQ(uow->items().find(1)->journal_seq, 5);
  EXPECT_EQ(uow->items().find(1)->journal_hash, "h");  // migration 5: the hash of entry #5
  EXPECT_EQ(uow->items().find(2)->journal_seq, 2);
  auto one = uow->journal().read("item:1");
  ASSERT_EQ(one.size(), 3u);
  EXPECT_EQ(one[0].seq, 1);
  EXPECT_EQ(one[1].seq, 3);
  EXPECT_EQ(one[1].subject_prev, 1);
  EXPECT_EQ(one[2].subject_prev, 3);
  ASSERT_EQ(uow->journal().read("round:2020-H1").size(), 1u);
  EXPECT_EQ(uow->journal().read("item:2").size(), 1u);
}

TEST(Database, AFileMadeWithAnotherPageSizeKeepsItAndWorks) {
  DUBAN_SQLITE_ONLY("SQLite's page size");
  TempDir dir;
  {
    // A database created before the page size was set (SQLite's default, 4 KiB).
    DatabaseOptions options{Backend::sqlite, dir / "old.db", ""};
    options.page_size = 4096;
    auto store = open_store(options, ZoneOffset{});
    std::vector<JournalEntry> e = {entry("item:1", "before")};
    append(*store, e);
  }
  auto store = open(dir, "old.db");
  std::vector<JournalEntry> e = {entry("item:1", "after")};
  append(*store, e);
  EXPECT_EQ(verify(*store).entries, 2);
  soci::session session;
  open_session(session, {Backend::sqlite, dir / "old.db", ""});
  int page_size = 0;
  session << "PRAGMA page_size", soci::into(page_size);
  EXPECT_EQ(page_size, 4096);
}

}  // namespace
}  // namespace duban::store
