// What both backends promise alike, run on each (labels sqlite and postgresql), and what only
// PostgreSQL's connection can get wrong.
#include <gtest/gtest.h>

#include <functional>
#include <set>

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

TEST(PostgresqlBackend, PasswordsNeverShowInWhatIsPrinted) {
  EXPECT_EQ(postgresql::redact("postgresql://duban:s3cret@db1:5432,db2:5432/duban"),
            "postgresql://duban@db1:5432,db2:5432/duban");
  EXPECT_EQ(postgresql::redact("postgresql://duban@db/duban?sslmode=require&password=x&a=b"),
            "postgresql://duban@db/duban?sslmode=require&password=***&a=b");
}

}  // namespace
}  // namespace duban::store
