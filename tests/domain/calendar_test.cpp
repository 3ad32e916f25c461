#include "domain/calendar.hpp"

#include <gtest/gtest.h>

#include "domain/round.hpp"
#include "domain/workflow.hpp"

namespace duban {
namespace {

using namespace std::chrono_literals;
const ZoneOffset kCst{};

Instant at(const char* local) { return *parse_local_time(local, kCst); }

TEST(Calendar, HalfYearStepsAreDueAtTheEndOf31July) {
  DateRule rule{7, 31, 0};
  EXPECT_EQ(format_date(rule.resolve(2020)), "2020-07-31");
}

TEST(Calendar, AnnualStepsAreDueOnTheLastDayOfFebruaryNextYear) {
  DateRule rule{2, std::nullopt, 1};
  EXPECT_EQ(format_date(rule.resolve(2020)), "2021-02-28");  // 2021 is not a leap year
  EXPECT_EQ(format_date(rule.resolve(2023)), "2024-02-29");  // 2024 is
  EXPECT_EQ(format_date(rule.resolve(2099)), "2100-02-28");  // 2100 is not (century)
  EXPECT_EQ(format_date(rule.resolve(1999)), "2000-02-29");  // 2000 is (400 years)
}

TEST(Calendar, EndOfDayIsMidnightLocalTimeWhichIs1600UtcInChina) {
  auto due = end_of_day(*parse_date("2020-07-31"), kCst);
  EXPECT_EQ(format_instant(due, ZoneOffset{0min}), "2020-07-31 16:00:00 +00:00");
  EXPECT_EQ(format_instant(due, kCst), "2020-08-01 00:00:00 +08:00");
}

TEST(Calendar, TimestampsAndDatesFormatWithFixedWidthsAndRoundTrip) {
  EXPECT_EQ(format_date(*parse_date("0005-03-04")), "0005-03-04");
  EXPECT_EQ(format_date(Date{std::chrono::year{12345}, std::chrono::January, std::chrono::day{9}}),
            "12345-01-09");
  auto t = *parse_utc("2020-12-31T23:05:09Z");
  EXPECT_EQ(format_utc(t), "2020-12-31T23:05:09Z");
  EXPECT_EQ(format_instant(t, kCst), "2021-01-01 07:05:09 +08:00");
  EXPECT_EQ(format_instant(t, ZoneOffset{-(9h + 30min)}), "2020-12-31 13:35:09 -09:30");
  EXPECT_EQ(ZoneOffset{14h}.str(), "+14:00");
}

TEST(Calendar, At2359OnTheDueDayItIsNotOverdueAndAt0000NextDayItIs) {
  auto due = end_of_day(*parse_date("2020-07-31"), kCst);
  EXPECT_FALSE(is_overdue(due, at("2020-07-31T23:59:59")));
  EXPECT_FALSE(is_overdue(due, at("2020-07-31T23:59")));
  EXPECT_TRUE(is_overdue(due, at("2020-08-01T00:00")));
}

TEST(Calendar, TheZoneDecidesWhichDayItIs) {
  // 2020-07-31 20:00 UTC is already 1 August in China, still 31 July in UTC.
  auto instant = *parse_local_time("2020-07-31T20:00", ZoneOffset{0min});
  EXPECT_EQ(format_date(local_date(instant, kCst)), "2020-08-01");
  EXPECT_EQ(format_date(local_date(instant, ZoneOffset{0min})), "2020-07-31");
  auto due_utc = end_of_day(*parse_date("2020-07-31"), ZoneOffset{0min});
  EXPECT_FALSE(is_overdue(due_utc, instant));
  EXPECT_TRUE(is_overdue(end_of_day(*parse_date("2020-07-31"), kCst), instant));
}

TEST(Calendar, ObservationListIsDueSevenDaysBeforeTheObservation) {
  // The workflow's own rule, not the arithmetic redone here.
  auto workflow = default_workflow();
  EXPECT_EQ(workflow.observation_list_days_before, 7);
  auto list_due = workflow.observation_list_due(*parse_date("2020-03-05"));
  EXPECT_EQ(format_date(list_due), "2020-02-27");
  auto leap = workflow.observation_list_due(*parse_date("2020-03-06"));
  EXPECT_EQ(format_date(Date{leap}), "2020-02-28");
}

TEST(Calendar, StatusColours) {
  auto due = end_of_day(*parse_date("2020-07-31"), kCst);
  EXPECT_EQ(status_of(due, at("2020-07-20"), 3), Status::green);
  EXPECT_EQ(status_of(due, at("2020-07-28T23:59"), 3), Status::green);
  EXPECT_EQ(status_of(due, at("2020-07-29T00:00"), 3), Status::yellow);  // exactly 3 days left
  EXPECT_EQ(status_of(due, at("2020-07-31T23:59"), 3), Status::yellow);
  EXPECT_EQ(status_of(due, at("2020-08-01T00:00"), 3), Status::red);
}

TEST(Calendar, ParsesAndRejectsDates) {
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("2023-13-01"));
  EXPECT_FALSE(parse_date("2023/01/01"));
  EXPECT_FALSE(parse_date("23-01-01"));
  EXPECT_FALSE(ZoneOffset::parse("+8"));
  EXPECT_EQ(ZoneOffset::parse("-05:30")->offset, -330min);
}

TEST(Round, ParsesRoundIds) {
  EXPECT_EQ(RoundId::parse("2020-H1")->kind, RoundKind::half_year);
  EXPECT_EQ(RoundId::parse("2020-Y")->kind, RoundKind::annual);
  EXPECT_EQ(RoundId::parse("2020-Y")->str(), "2020-Y");
  EXPECT_FALSE(RoundId::parse("2020-H2"));
  EXPECT_FALSE(RoundId::parse("20-Y"));
}

TEST(Round, StepsByNumberCodeOrChineseLabel) {
  EXPECT_EQ(step_from("5"), StepId::data_aggregation);
  EXPECT_EQ(step_from("data_aggregation"), StepId::data_aggregation);
  EXPECT_EQ(step_from("沟通反馈"), StepId::feedback);
  EXPECT_FALSE(step_from("8"));
}

}  // namespace
}  // namespace duban
