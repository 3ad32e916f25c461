// The item store on a real SQLite file: the acknowledgement and ledger columns written and read
// back, and the items whose reminder came fetched in blocks, in order, with what they await.
#include <gtest/gtest.h>

#include "store/soci_store.hpp"
#include "support/test_database.hpp"
#include "support/test_support.hpp"

namespace duban::store {
namespace {

using duban::testing::TempDir;

Instant t(long long seconds) { return Instant{std::chrono::seconds{seconds}}; }

RectificationItem item(std::int64_t id, long long remind_at) {
  RectificationItem it;
  it.id = id;
  it.title = "问题" + std::to_string(id);
  it.unit = "longtan";
  it.owner = "赵某七";
  it.due = parse_date("2026-09-30");
  it.state = ItemState::assigned;
  it.remind_at = t(remind_at);
  return it;
}

TEST(ItemStore, TheLedgerColumnsAreWrittenOnlyAsTheyChangeAndReadBack) {
  TempDir dir;
  duban::testing::TestDatabase db(dir / "i.db");
  auto store = open_store(db.options(), ZoneOffset{});
  auto it = item(1, 100);
  it.assigned_at = t(50);
  it.suspended_on = parse_date("2026-09-10");  // not what an insert usually has: written too
  {
    auto uow = store->begin(Intent::write);
    uow->items().insert(it, t(50));
    uow->commit();
  }
  auto uow = store->begin(Intent::write);
  auto stored = *uow->items().find(1);
  EXPECT_EQ(stored.assigned_at, t(50));
  EXPECT_EQ(stored.suspended_on, parse_date("2026-09-10"));
  auto after = stored;
  after.acknowledged_by = "longtan";
  after.acknowledged_at = t(60);
  after.suspended_on.reset();
  after.extension_due = parse_date("2026-10-31");
  after.extension_reason = "资金未到位";
  after.extension_by = "longtan";
  uow->items().update(stored, after, t(60));
  auto back = *uow->items().find(1);
  EXPECT_EQ(back.acknowledged_by, "longtan");
  EXPECT_EQ(back.acknowledged_at, t(60));
  EXPECT_FALSE(back.suspended_on);
  EXPECT_EQ(back.extension_due, parse_date("2026-10-31"));
  EXPECT_EQ(back.extension_reason, "资金未到位");
  EXPECT_EQ(back.extension_by, "longtan");
  EXPECT_EQ(back.version, 2);
  uow->commit();
}

TEST(ItemStore, ItemsWhoseReminderCameAreFetchedInBlocksInOrder) {
  TempDir dir;
  duban::testing::TestDatabase db(dir / "r.db");
  auto store = open_store(db.options(), ZoneOffset{});
  {
    auto uow = store->begin(Intent::write);
    for (std::int64_t id = 1; id <= 2600; ++id) {
      auto it = item(id, 10'000 - id);  // the newest first: the order must come from remind_at
      if (id % 2 == 0) it.assigned_at = t(id);
      if (id % 4 == 0) it.acknowledged_by = "longtan";
      uow->items().insert(it, t(1));
    }
    uow->commit();
  }
  auto uow = store->begin(Intent::read);
  auto due = uow->items().due_for_reminder(t(10'000 - 101), 2500);  // items 101 … 2600
  ASSERT_EQ(due.size(), 2500u);
  EXPECT_EQ(due.front().id, 2600);
  EXPECT_EQ(due.back().id, 101);
  for (std::size_t i = 1; i < due.size(); ++i) ASSERT_LT(due[i - 1].remind_at, due[i].remind_at);
  for (const auto& c : due) {
    ASSERT_EQ(c.title, "问题" + std::to_string(c.id));
    ASSERT_EQ(c.due, *parse_date("2026-09-30"));
    // Awaiting acknowledgement: assigned in duban (even ids), not acknowledged (not 4, 8, …).
    ASSERT_EQ(c.awaiting_ack_since.has_value(), c.id % 2 == 0 && c.id % 4 != 0) << c.id;
    if (c.awaiting_ack_since) {
      ASSERT_EQ(*c.awaiting_ack_since, t(c.id));
    }
  }
  EXPECT_EQ(uow->items().due_for_reminder(t(10'000 - 101), 10).size(), 10u);
  EXPECT_TRUE(uow->items().due_for_reminder(t(0), 10).empty());
  uow->commit();
}

}  // namespace
}  // namespace duban::store
