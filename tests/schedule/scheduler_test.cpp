// The scheduler ticking on ManualClock in-process: no real waiting.
#include "schedule/scheduler.hpp"

#include "app/item_cases.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {
namespace {

class SchedulerOnManualClock : public Engine {};

TEST_F(SchedulerOnManualClock, SweepsAtStartThenAtEveryIntervalAsTheClockAdvances) {
  auto item = app::add_item(services(), {"office", "", "国家", "", "问题", "", "longtan"});
  app::ChangeItem assign{"office", item.id, ItemEventKind::assign, "", "",
                         "赵",     "核查",  "2020-06-01",          "", {}};
  app::change_item(services(), assign);
  std::vector<std::string> log;
  schedule::Scheduler scheduler(*store_, clock_, std::chrono::seconds(60),
                                [&](const std::string& line) { log.push_back(line); });
  scheduler.start();
  EXPECT_EQ(scheduler.sweeps(), 1);
  EXPECT_EQ(scheduler.last()->overdue_items, 0);  // due at the end of 1 June, China time
  clock_.advance(std::chrono::seconds(59));
  EXPECT_EQ(scheduler.sweeps(), 1);
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(scheduler.sweeps(), 2);
  // 1 June 09:00 → 2 June 00:00 China time: 15 hours, one sweep a minute.
  clock_.advance(std::chrono::hours(15) - std::chrono::minutes(1));
  EXPECT_EQ(scheduler.sweeps(), 2 + 15 * 60 - 1);
  EXPECT_EQ(scheduler.last()->overdue_items, 1);
  EXPECT_EQ(format_utc(scheduler.last()->at), "2020-06-01T16:00:00Z");
  ASSERT_EQ(log.size(), 2u) << "logged when the counts change";
  scheduler.stop();
  clock_.advance(std::chrono::hours(1));
  EXPECT_EQ(scheduler.sweeps(), 2 + 15 * 60 - 1);
}

TEST(ManualClockTimers, FireInTimeOrderAtTheirOwnInstantAndNotAfterCancel) {
  ManualClock clock(*parse_utc("2020-01-01T00:00:00Z"));
  std::vector<std::string> fired;
  clock.at(*parse_utc("2020-01-01T00:10:00Z"),
           [&] { fired.push_back("b@" + format_utc(clock.now())); });
  clock.at(*parse_utc("2020-01-01T00:05:00Z"),
           [&] { fired.push_back("a@" + format_utc(clock.now())); });
  auto c = clock.at(*parse_utc("2020-01-01T00:07:00Z"), [&] { fired.push_back("c"); });
  clock.cancel(c);
  clock.advance(std::chrono::minutes(20));
  EXPECT_EQ(fired, (std::vector<std::string>{"a@2020-01-01T00:05:00Z", "b@2020-01-01T00:10:00Z"}));
  EXPECT_EQ(format_utc(clock.now()), "2020-01-01T00:20:00Z");
  EXPECT_EQ(clock.pending(), 0u);
}

}  // namespace
}  // namespace duban::testing
