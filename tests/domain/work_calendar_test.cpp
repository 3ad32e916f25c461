// Working days follow the State Council's arrangement shipped in config/calendar/ (from
// ../shared/reference/cn-holidays.md), and a county's own days off.
#include "domain/work_calendar.hpp"

#include <gtest/gtest.h>

#include "config/loaders.hpp"

namespace duban {
namespace {

Date d(const char* text) { return *parse_date(text); }

WorkCalendar shipped() {
  config::Diagnostics diagnostics;
  auto cal =
      config::load_calendar(DUBAN_SOURCE_DIR "/config/calendar", "config/calendar", diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << (diagnostics.empty() ? "" : diagnostics.list()[0].str());
  return cal;
}

TEST(WorkCalendar, ShipsThisYearAndLastAndNeverInventsNextYear) {
  auto cal = shipped();
  EXPECT_TRUE(cal.covers(2025));
  EXPECT_TRUE(cal.covers(2026));
  EXPECT_FALSE(cal.covers(2027));  // not yet published on 2026-11-29
  EXPECT_EQ(cal.uncovered(d("2026-12-01"), d("2027-02-01")), std::vector<int>{2027});
}

TEST(WorkCalendar, HolidaysAreOffAndAdjustedWeekendsAreWorked) {
  auto cal = shipped();
  EXPECT_FALSE(cal.is_working_day(d("2026-10-05")));  // 国庆节, a Monday
  EXPECT_EQ(cal.reason(d("2026-10-05")), "国庆节");
  EXPECT_TRUE(cal.is_working_day(d("2026-10-10")));   // a Saturday worked (调休)
  EXPECT_TRUE(cal.is_working_day(d("2026-09-20")));   // a Sunday worked
  EXPECT_FALSE(cal.is_working_day(d("2026-09-19")));  // an ordinary Saturday
  EXPECT_TRUE(cal.is_working_day(d("2026-09-30")));   // an ordinary Wednesday
  EXPECT_FALSE(cal.is_working_day(d("2026-02-16")));  // 春节
  EXPECT_TRUE(cal.is_working_day(d("2026-02-28")));   // Saturday worked after 春节
  EXPECT_FALSE(cal.is_working_day(d("2025-01-01")));
  EXPECT_TRUE(cal.is_working_day(d("2025-01-26")));  // 2025's Spring Festival Sunday worked
}

TEST(WorkCalendar, AddingWorkingDaysSkipsTheNationalDayWeekAndCountsItsSaturday) {
  auto cal = shipped();
  // Tue 29 Sep + 1 = Wed 30 Sep; + 2 skips 1–7 Oct (off) and lands on Thu 8 Oct.
  EXPECT_EQ(cal.add_working_days(d("2026-09-29"), 1), d("2026-09-30"));
  EXPECT_EQ(cal.add_working_days(d("2026-09-29"), 2), d("2026-10-08"));
  EXPECT_EQ(cal.add_working_days(d("2026-09-29"), 3), d("2026-10-09"));
  EXPECT_EQ(cal.add_working_days(d("2026-09-29"), 4), d("2026-10-10"));  // Saturday, worked
  EXPECT_EQ(cal.add_working_days(d("2026-09-29"), 5), d("2026-10-12"));
  // Backwards: 3 working days before Mon 12 Oct are Sat 10, Fri 9, Thu 8 Oct.
  EXPECT_EQ(cal.add_working_days(d("2026-10-12"), -3), d("2026-10-08"));
  EXPECT_EQ(cal.add_working_days(d("2026-10-08"), -1), d("2026-09-30"));
  // A Sunday worked before the holiday: 1 working day before Mon 21 Sep is Sun 20 Sep.
  EXPECT_EQ(cal.add_working_days(d("2026-09-21"), -1), d("2026-09-20"));
  EXPECT_EQ(cal.working_days_between(d("2026-09-29"), d("2026-10-12")), 5);
}

TEST(WorkCalendar, StepsAgreeWithCountingDayByDayOverTwoYears) {
  auto cal = shipped();
  auto start = std::chrono::sys_days{d("2025-01-01")};
  for (int i = 0; i < 730; i += 7) {
    Date from{start + std::chrono::days{i}};
    for (int n : {1, 2, 5, 10, 23, -1, -4, -11}) {
      auto day = std::chrono::sys_days{from};
      int left = n < 0 ? -n : n;
      while (left > 0) {
        day += std::chrono::days{n < 0 ? -1 : 1};
        if (cal.is_working_day(Date{day})) --left;
      }
      ASSERT_EQ(cal.add_working_days(from, n), Date{day}) << format_date(from) << " " << n;
    }
  }
}

TEST(WorkCalendar, AYearWithoutAFileCountsWeekendsOnly) {
  WorkCalendar none;
  EXPECT_EQ(none.add_working_days(d("2027-10-01"), 1), d("2027-10-04"));  // Fri → Mon
  EXPECT_TRUE(none.is_working_day(d("2027-10-01")));
}

TEST(WorkCalendar, ACountyDayOffAndAFingerprintThatChanges) {
  auto cal = shipped();
  auto before = cal.fingerprint();
  EXPECT_EQ(before, shipped().fingerprint());
  cal.add_day_off(d("2026-11-20"), "县庆");
  EXPECT_FALSE(cal.is_working_day(d("2026-11-20")));
  EXPECT_EQ(cal.add_working_days(d("2026-11-19"), 1), d("2026-11-23"));
  EXPECT_NE(cal.fingerprint(), before);
}

}  // namespace
}  // namespace duban
