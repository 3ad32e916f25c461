// The reminder ladder as a pure function of the deadline, the policy and the working-day calendar.
#include "domain/reminder_policy.hpp"

#include <gtest/gtest.h>

#include "config/loaders.hpp"

namespace duban {
namespace {

const ZoneOffset kCst{};
Date d(const char* text) { return *parse_date(text); }
Instant at(const char* local) { return *parse_local_time(local, kCst); }

WorkCalendar shipped() {
  config::Diagnostics diagnostics;
  return config::load_calendar(DUBAN_SOURCE_DIR "/config/calendar", "config/calendar", diagnostics);
}

std::vector<std::string> keys(const ReminderPolicy& p, const std::vector<Firing>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.key(p) + "@" + format_instant(f.at, kCst));
  return out;
}

TEST(DayOffset, ParsesEnglishAndChinese) {
  EXPECT_EQ(DayOffset::parse("7 days")->days, 7);
  EXPECT_FALSE(DayOffset::parse("7 days")->working);
  EXPECT_TRUE(DayOffset::parse("3 working days")->working);
  EXPECT_TRUE(DayOffset::parse("3个工作日")->working);
  EXPECT_EQ(DayOffset::parse("1 day")->days, 1);
  EXPECT_EQ(DayOffset::parse("10天")->days, 10);
  EXPECT_FALSE(DayOffset::parse("seven days"));
  EXPECT_FALSE(DayOffset::parse("7 weeks"));
  EXPECT_FALSE(DayOffset::parse("-1 days"));
}

TEST(ReminderPolicy, EveryRungOfTheDefaultLadderAcrossTheNationalDayHoliday) {
  auto cal = shipped();
  auto p = default_item_policy();
  // Due Wed 30 Sep 2026: the holiday runs 1–7 Oct, 10 Oct (Sat) is worked.
  auto all = firings_between(p, d("2026-09-30"), at("2026-09-01"), at("2026-10-31"), kCst, cal);
  EXPECT_EQ(keys(p, all), (std::vector<std::string>{
                              "before_7@2026-09-23 09:00:00 +08:00",
                              "before_3@2026-09-27 09:00:00 +08:00",
                              "before_1@2026-09-29 09:00:00 +08:00",
                              "due@2026-09-30 09:00:00 +08:00",
                              // in a window, a repeating rung only its latest occurrence:
                              // escalation on 20 and 27 Oct, overdue 8, 12, 15, 20, 23, 28 Oct
                              "escalation#2@2026-10-27 09:00:00 +08:00",
                              "overdue#6@2026-10-28 09:00:00 +08:00",
                          }));
  // Step by step, the overdue rung repeats every 3 working days from 8 Oct: 8, 12 (10 Oct is a
  // Saturday worked), 15, ...
  auto first =
      firings_between(p, d("2026-09-30"), at("2026-10-01"), at("2026-10-08T09:00"), kCst, cal);
  EXPECT_EQ(keys(p, first), (std::vector<std::string>{"overdue@2026-10-08 09:00:00 +08:00"}));
  EXPECT_EQ(format_instant(
                *next_firing_after(p, d("2026-09-30"), at("2026-10-08T09:00"), kCst, cal), kCst),
            "2026-10-12 09:00:00 +08:00");
  // Escalation after 10 working days: 8,9,10,12,13,14,15,16,19,20 Oct → 20 Oct.
  auto esc =
      firings_between(p, d("2026-09-30"), at("2026-10-20"), at("2026-10-20T23:00"), kCst, cal);
  EXPECT_EQ(keys(p, esc), (std::vector<std::string>{"overdue#4@2026-10-20 09:00:00 +08:00",
                                                    "escalation@2026-10-20 09:00:00 +08:00"}));
}

TEST(ReminderPolicy, AfterDowntimeEachRungOnceAndARepeatingRungOnlyItsLatest) {
  auto cal = shipped();
  auto p = default_item_policy();
  // Down from 2 Nov to 30 Nov 2026 with an item due Fri 6 Nov.
  auto caught =
      firings_between(p, d("2026-11-06"), at("2026-11-02"), at("2026-11-30T12:00"), kCst, cal);
  auto k = keys(p, caught);
  ASSERT_EQ(k.size(), 5u) << ::testing::PrintToString(k);
  EXPECT_EQ(k[0], "before_3@2026-11-03 09:00:00 +08:00");
  EXPECT_EQ(k[1], "before_1@2026-11-05 09:00:00 +08:00");
  EXPECT_EQ(k[2], "due@2026-11-06 09:00:00 +08:00");
  // Repeats collapse to the latest: the overdue rung on Mon 30 Nov (9, 12, 17, 20, 25, 30 Nov: the
  // sixth).
  EXPECT_EQ(k[3], "escalation#2@2026-11-27 09:00:00 +08:00");  // 20 and 27 Nov
  EXPECT_EQ(k[4], "overdue#6@2026-11-30 09:00:00 +08:00");
}

TEST(ReminderPolicy, NothingBeforeTheFirstRungAndNothingTwiceInAWindow) {
  auto cal = shipped();
  auto p = default_item_policy();
  EXPECT_TRUE(
      firings_between(p, d("2026-12-31"), at("2026-11-01"), at("2026-12-23T23:00"), kCst, cal)
          .empty());
  EXPECT_EQ(
      format_instant(*next_firing_after(p, d("2026-12-31"), at("2026-11-01"), kCst, cal), kCst),
      "2026-12-24 09:00:00 +08:00");
  // Windows that meet at an instant: a rung at that instant belongs to the first only if the
  // second starts after it; the scheduler starts the next window one second later.
  auto a = firings_between(p, d("2026-12-31"), at("2026-12-01"), at("2026-12-24T09:00"), kCst, cal);
  auto b =
      firings_between(p, d("2026-12-31"), at("2026-12-24T09:00:01"), at("2026-12-28"), kCst, cal);
  EXPECT_EQ(a.size(), 1u);
  EXPECT_TRUE(b.empty());
}

TEST(ReminderPolicy, AFiveYearOldOverdueItemCostsAHandfulOfSteps) {
  auto cal = shipped();
  auto p = default_item_policy();
  auto fs = firings_between(p, d("2020-06-30"), at("2026-11-01"), at("2026-11-30"), kCst, cal);
  ASSERT_FALSE(fs.empty());
  for (const auto& f : fs) EXPECT_GT(f.occurrence, 100);
}

TEST(AcknowledgeWithin, HoursDaysAndWorkingDaysAcrossTheHoliday) {
  auto cal = shipped();
  EXPECT_EQ(AcknowledgeWithin::parse("24 hours")->str(), "24 hours");
  EXPECT_EQ(AcknowledgeWithin::parse("24小时")->hours, std::chrono::hours{24});
  EXPECT_EQ(AcknowledgeWithin::parse("2个工作日")->str(), "2 working days");
  EXPECT_EQ(AcknowledgeWithin::parse("2 working days")->zh(), "2个工作日");
  EXPECT_EQ(AcknowledgeWithin::parse("1 day")->zh(), "1天");
  EXPECT_EQ(AcknowledgeWithin::parse("24 hours")->zh(), "24小时");
  EXPECT_FALSE(AcknowledgeWithin::parse("0 days"));
  EXPECT_FALSE(AcknowledgeWithin::parse("2 weeks"));
  EXPECT_FALSE(AcknowledgeWithin::parse("hours"));
  auto assigned = at("2026-09-30T16:30");
  auto in = [&](const char* text) {
    return format_instant(AcknowledgeWithin::parse(text)->deadline(assigned, kCst, cal), kCst);
  };
  EXPECT_EQ(in("24 hours"), "2026-10-01 16:30:00 +08:00");
  EXPECT_EQ(in("1 day"), "2026-10-01 16:30:00 +08:00");
  // 1–7 Oct are off: the first working day after 30 Sep is 8 Oct; Sat 10 Oct is worked.
  EXPECT_EQ(in("1 working day"), "2026-10-08 16:30:00 +08:00");
  EXPECT_EQ(in("3 working days"), "2026-10-10 16:30:00 +08:00");
}

TEST(ReminderPolicy, AnAssignmentAwaitingAcknowledgementIsRemindedWhenItsTimeRunsOut) {
  auto cal = shipped();
  auto p = default_item_policy();
  p.acknowledge_within = AcknowledgeWithin::parse("2 working days");
  auto next = [&](std::optional<Instant> since, const char* after) {
    return format_instant(*next_item_reminder(p, d("2026-10-30"), since, at(after), kCst, cal),
                          kCst);
  };
  EXPECT_EQ(next(at("2026-09-30T10:00"), "2026-09-30T10:00"), "2026-10-09 10:00:00 +08:00");
  EXPECT_EQ(next(std::nullopt, "2026-09-30T10:00"), "2026-10-23 09:00:00 +08:00");
  // Once its time has passed, the ladder alone.
  EXPECT_EQ(next(at("2026-09-30T10:00"), "2026-10-09T10:00"), "2026-10-23 09:00:00 +08:00");
  // A time that ends after the next rung does not hold that rung back.
  EXPECT_EQ(next(at("2026-10-21T10:00"), "2026-10-21T10:00"), "2026-10-23 09:00:00 +08:00");
  auto f = next_firing(p, d("2026-10-30"), at("2026-10-09T10:00"), kCst, cal);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->key(p), "before_7");
  auto repeat = next_firing(p, d("2026-10-30"), at("2026-11-03T10:00"), kCst, cal);
  EXPECT_EQ(repeat->key(p), "overdue#2");
}

}  // namespace
}  // namespace duban
