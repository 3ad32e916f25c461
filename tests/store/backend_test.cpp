// What both backends promise alike, run on each (labels sqlite and postgresql), and what only
// PostgreSQL's connection can get wrong.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "domain/errors.hpp"
#include "domain/text.hpp"
#include "store/postgresql/pg_backend.hpp"
#include "store/soci_store.hpp"
#include "store/sqlite/sqlite_backend.hpp"
#include "support/test_database.hpp"
#include "support/test_support.hpp"

namespace duban::store {
namespace {

using duban::testing::TempDir;
using duban::testing::TestDatabase;

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Backends, BothEndAtTheSameSchemaVersion) {
  EXPECT_EQ(sqlite::migrations().back().version, postgresql::migrations().back().version);
  EXPECT_EQ(latest_schema_version(), postgresql::migrations().back().version);
}

TEST(Backends, ADatabaseNewerThanThisBuildIsRefusedSayingToUpgrade) {
  TempDir dir;
  TestDatabase db(dir / "n.db");
  {
    auto store = open_store(db.options(), ZoneOffset{});
    EXPECT_EQ(store->schema_version(), latest_schema_version());
  }
  const auto newer = std::to_string(latest_schema_version() + 1);
  ASSERT_EQ(db.shell("INSERT INTO schema_migrations (version, name, applied_at) VALUES (" + newer +
                     ", 'from a newer duban', 'later')")
                .exit_code,
            0);
  set_current_lang(Lang::en);
  auto why = refusal([&] { open_store(db.options(), ZoneOffset{}); });
  EXPECT_NE(why.find("database schema " + newer + " is newer than this build"), std::string::npos)
      << why;
  EXPECT_NE(why.find("upgrade duban"), std::string::npos) << why;
}

TEST(Backends, ItemIdsComeFromTheDatabaseAndNeverRepeat) {
  TempDir dir;
  TestDatabase db(dir / "ids.db");
  auto store = open_store(db.options(), ZoneOffset{});
  std::vector<std::int64_t> ids;  // of the items committed
  for (int round = 0; round < 3; ++round) {
    auto uow = store->begin(Intent::write);
    std::vector<std::int64_t> these;
    for (int i = 0; i < 2; ++i) {
      RectificationItem it;
      it.title = "t";
      it.unit = "longtan";
      it.state = ItemState::identified;
      it.id = uow->items().next_id();
      these.push_back(uow->items().insert(it, Instant{}));
      EXPECT_EQ(these.back(), it.id);
    }
    if (round == 1) continue;  // rolled back: its ids may be skipped or given again
    uow->commit();
    ids.insert(ids.end(), these.begin(), these.end());
  }
  std::set<std::int64_t> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
  auto uow = store->begin(Intent::read);
  EXPECT_EQ(uow->items().count(), 4);
}

TEST(PostgresqlBackend, AnUnreachableServerIsOneClearError) {
  DatabaseOptions options;
  options.backend = Backend::postgresql;
  // A port nothing listens on (bound and closed at once).
  options.postgresql = "postgresql://duban@127.0.0.1:9/duban?connect_timeout=3";
  set_current_lang(Lang::en);
  auto why = refusal([&] { open_store(options, ZoneOffset{}); });
  EXPECT_NE(why.find("cannot connect to PostgreSQL (postgresql://duban@127.0.0.1:9/duban"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("check that the server is running"), std::string::npos) << why;
}

TEST(PostgresqlBackend, AMissingDatabaseSaysToCreateIt) {
  if (!duban::testing::on_postgresql()) GTEST_SKIP() << "needs the suite's PostgreSQL cluster";
  TempDir dir;
  TestDatabase db(dir / "x.db");
  auto options = db.options();
  options.postgresql += "_missing";
  set_current_lang(Lang::en);
  auto why = refusal([&] { open_store(options, ZoneOffset{}); });
  EXPECT_NE(why.find("no such database or role on PostgreSQL"), std::string::npos) << why;
  EXPECT_NE(why.find("createdb"), std::string::npos) << why;
}

// What a writer committing item after item saw while `fault` ran in a thread of its own, started
// once 100 items were acknowledged: the ids acknowledged, the commits refused as unavailable, and
// how many were acknowledged after the first refusal (it stops at 100 of those, or after 90 s).
struct WritesUnderFault {
  std::vector<std::int64_t> acknowledged;
  int unavailable = 0, after = 0;
};

WritesUnderFault write_through(Store& store, const std::function<void()>& fault) {
  WritesUnderFault w;
  std::thread faulting;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (w.after < 100 && std::chrono::steady_clock::now() < deadline) {
    if (w.acknowledged.size() == 100 && !faulting.joinable()) faulting = std::thread(fault);
    try {
      auto uow = store.begin(Intent::write);
      RectificationItem it;
      it.title = "t";
      it.unit = "longtan";
      it.state = ItemState::identified;
      it.id = uow->items().next_id();
      uow->items().insert(it, Instant{});
      uow->commit();
      w.acknowledged.push_back(it.id);
      if (w.unavailable > 0) ++w.after;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::unavailable) << e.what();
      if (e.code() != Errc::unavailable) break;
      ++w.unavailable;
    }
  }
  if (faulting.joinable()) faulting.join();
  return w;
}

// A cluster of the test's own (the suite's is shared with the tests running beside it), restarted
// while a writer commits item after item: the commits in flight fail as `unavailable` (503), the
// pool connects again, and every commit that returned is there afterwards.
TEST(PostgresqlBackend, ARestartedServerIsReconnectedAndNothingAcknowledgedIsLost) {
  if (!duban::testing::on_postgresql()) GTEST_SKIP() << "needs PostgreSQL";
  const std::string dir = "/tmp/duban-pg-restart-" + std::to_string(::getpid());
  const auto script = (duban::testing::source_dir() / "tests/support/pg_cluster.sh").string();
  ASSERT_EQ(duban::testing::run_command("bash " + script + " start " + dir).exit_code, 0);
  struct Stop {
    std::string command;
    ~Stop() { duban::testing::run_command(command); }
  } stop{"bash " + script + " stop " + dir};
  auto admin = duban::testing::read_file(dir + "/url");
  admin.erase(admin.find_last_not_of("\n ") + 1);
  DatabaseOptions options;
  options.backend = Backend::postgresql;
  options.postgresql = admin;
  options.pool_size = 2;
  auto store = open_store(options, ZoneOffset{});
  auto w = write_through(*store, [&] {
    EXPECT_EQ(duban::testing::run_command("bash " + script + " restart " + dir).exit_code, 0);
  });
  const auto& acknowledged = w.acknowledged;
  EXPECT_GT(w.unavailable, 0) << "the restart was seen";
  EXPECT_EQ(w.after, 100) << "and the writes went on after it";
  auto uow = store->begin(Intent::read);
  // A commit cut off by the restart has an unknown outcome: it may be there too.
  EXPECT_GE(uow->items().count(), static_cast<std::int64_t>(acknowledged.size()));
  for (auto id : acknowledged) EXPECT_TRUE(uow->items().find(id)) << id;
}

// A primary with a synchronous standby (tests/support/pg_standby.sh: pg_basebackup, synchronous
// commit), reached through a two-host URI with target_session_attrs=read-write. The primary is
// killed while a writer commits item after item and the standby promoted: the commits in flight
// fail as `unavailable`, the pool finds the new primary, and every commit that returned is on it.
TEST(PostgresqlBackend, AFailoverToTheStandbyLosesNoAcknowledgedWrite) {
  if (!duban::testing::on_postgresql()) GTEST_SKIP() << "needs PostgreSQL";
  const std::string dir = "/tmp/duban-pg-failover-" + std::to_string(::getpid());
  const auto script = (duban::testing::source_dir() / "tests/support/pg_standby.sh").string();
  auto started = duban::testing::run_command("bash " + script + " start " + dir + " 2>&1");
  ASSERT_EQ(started.exit_code, 0) << started.out;
  struct Stop {
    std::string command;
    ~Stop() { duban::testing::run_command(command); }
  } stop{"bash " + script + " stop " + dir};
  auto url = duban::testing::read_file(dir + "/url");
  url.erase(url.find_last_not_of("\n ") + 1);
  DatabaseOptions options;
  options.backend = Backend::postgresql;
  options.postgresql = url;
  options.pool_size = 2;
  auto store = open_store(options, ZoneOffset{});
  auto w = write_through(*store, [&] {
    auto r = duban::testing::run_command("bash " + script + " failover " + dir + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.out;
  });
  const auto& acknowledged = w.acknowledged;
  EXPECT_GT(w.unavailable, 0) << "the failover was seen";
  EXPECT_EQ(w.after, 100) << "and the writes went on, on the promoted standby";
  // Read on the new primary through a connection of its own: no acknowledged write is missing.
  auto promoted =
      url.substr(0, url.find("127.0.0.1:", url.find('@'))) + url.substr(url.find(',') + 1);
  options.postgresql = promoted;
  auto check = open_store(options, ZoneOffset{});
  auto uow = check->begin(Intent::read);
  EXPECT_GE(uow->items().count(), static_cast<std::int64_t>(acknowledged.size()));
  int missing = 0;
  for (auto id : acknowledged) missing += !uow->items().find(id);
  EXPECT_EQ(missing, 0) << "of " << acknowledged.size() << " acknowledged";
}

TEST(PostgresqlBackend, PasswordsNeverShowInWhatIsPrinted) {
  EXPECT_EQ(postgresql::redact("postgresql://duban:s3cret@db1:5432,db2:5432/duban"),
            "postgresql://duban@db1:5432,db2:5432/duban");
  EXPECT_EQ(postgresql::redact("postgresql://duban@db/duban?sslmode=require&password=x&a=b"),
            "postgresql://duban@db/duban?sslmode=require&password=***&a=b");
}

}  // namespace
}  // namespace duban::store
