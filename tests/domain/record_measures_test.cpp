#include "domain/record_measures.hpp"

#include <gtest/gtest.h>

#include "machines/item_machine.hpp"

namespace duban {
namespace {

JournalEntry entry(const std::string& at, std::string event, std::string before, std::string after,
                   std::map<std::string, std::pair<std::string, std::string>> changes = {}) {
  JournalEntry e;
  e.at = *parse_utc(at);
  e.event = std::move(event);
  e.state_before = std::move(before);
  e.state_after = std::move(after);
  e.changes = std::move(changes);
  return e;
}

TEST(RecordMeasures, TheHistoryIsReadByTheMachinesEventNames) {
  // record_measures.cpp reads journal entries by these names.
  EXPECT_EQ(to_string(ItemEventKind::reject), "reject");
  EXPECT_EQ(to_string(ItemEventKind::extend), "extend");
  EXPECT_EQ(to_string(ItemEventKind::approve_extension), "approve-extension");
  EXPECT_EQ(to_string(ItemEventKind::ack), "ack");
  EXPECT_EQ(to_string(ItemEventKind::assign), "assign");
  EXPECT_EQ(to_string(ItemEventKind::reassign), "reassign");
}

TEST(RecordMeasures, RectifiedOnItsDueDayLocalTimeIsOnTime) {
  const ZoneOffset zone;  // +08:00
  const Period h1 = period_of(*RoundId::parse("2020-H1"));
  EXPECT_EQ(format_date(h1.to), "2020-06-30");
  auto history = [](const std::string& rectified_at) {
    return std::vector<JournalEntry>{
        entry("2020-03-01T01:00:00Z", "create", "", "assigned", {{"due", {"", "2020-04-30"}}}),
        entry(rectified_at, "rectify", "assigned", "rectified")};
  };
  RecordFigures f;
  // 23:59 on 30 April in Beijing is 15:59 UTC: on time; a minute past midnight is late by a day.
  add_item_history(f, history("2020-04-30T15:59:00Z"), h1, *parse_utc("2020-07-20T00:00:00Z"),
                   zone);
  add_item_history(f, history("2020-04-30T16:01:00Z"), h1, *parse_utc("2020-07-20T00:00:00Z"),
                   zone);
  EXPECT_EQ(f.items_due, 2);
  EXPECT_EQ(f.on_time, 1);
  EXPECT_EQ(f.overdue_days, 1);
  EXPECT_DOUBLE_EQ(f.on_time_rate(), 50);
  // Nothing due: full marks for the rate.
  EXPECT_DOUBLE_EQ(RecordFigures{}.on_time_rate(), 100);
}

}  // namespace
}  // namespace duban
