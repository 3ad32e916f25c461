// 整改时限 as offices write them, read into dates (or a standing item), each reading explained.
#include "domain/deadline_text.hpp"

#include <gtest/gtest.h>

namespace duban {
namespace {

DeadlineContext round_2020() {
  DeadlineContext c;
  c.year = 2020;
  c.year_from = {"轮次 2020-H1", "round 2020-H1"};
  c.immediate_due = parse_date("2020-06-15");
  c.immediate_rule = {"导入后10个工作日", "10 working days after the import"};
  return c;
}

std::string read(const std::string& text, const DeadlineContext& c = round_2020()) {
  Text error;
  auto d = read_deadline(text, c, error);
  if (!d) return "error: " + error.en;
  if (d->kind == DeadlineKind::standing) return "standing";
  return (d->kind == DeadlineKind::immediate ? "immediate " : "") + format_date(*d->due);
}

TEST(DeadlineText, TheFormsOfficesWrite) {
  EXPECT_EQ(read("2020-05-15"), "2020-05-15");
  EXPECT_EQ(read("2018年5月15日"), "2018-05-15");
  EXPECT_EQ(read("2018年5月15日前"), "2018-05-15");
  EXPECT_EQ(read("2018年5月15号之前"), "2018-05-15");
  EXPECT_EQ(read("2018/5/15"), "2018-05-15");
  EXPECT_EQ(read("2018.5.15"), "2018-05-15");
  EXPECT_EQ(read("5月15日前"), "2020-05-15");
  EXPECT_EQ(read("于5月15日前"), "2020-05-15");
  EXPECT_EQ(read("2020年6月底前"), "2020-06-30");
  EXPECT_EQ(read("2020年2月底前完成"), "2020-02-29");  // a leap year
  EXPECT_EQ(read("6月底前"), "2020-06-30");
  EXPECT_EQ(read("次年2月底前"), "2021-02-28");  // the seed's 综合评定 deadline
  EXPECT_EQ(read("年底前"), "2020-12-31");
  EXPECT_EQ(read("2019年底前"), "2019-12-31");
  EXPECT_EQ(read("立行立改"), "immediate 2020-06-15");
  EXPECT_EQ(read("长期坚持"), "standing");
  // What a Chinese input method types: full-width digits and an ideographic space.
  EXPECT_EQ(read("２０２０年６月３０日\xE3\x80\x80"), "2020-06-30");
}

TEST(DeadlineText, EachReadingSaysHowItWasRead) {
  Text error;
  auto d = read_deadline("5月15日前", round_2020(), error);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->reading.zh, "5月15日前 → 2020-05-15(年份取自轮次 2020-H1)");
  EXPECT_EQ(d->reading.en, "5月15日前 → 2020-05-15 (the year from round 2020-H1)");
  d = read_deadline("2020年6月底前", round_2020(), error);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->reading.en, "2020年6月底前 → 2020-06-30 (the last day of that month)");
  d = read_deadline("立行立改", round_2020(), error);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->reading.en, "立行立改 → 2020-06-15 (act at once: 10 working days after the import)");
}

TEST(DeadlineText, WhatCannotBeReadIsRefusedSayingWhy) {
  EXPECT_EQ(read("2020-02-30").rfind("error: due is not a valid date (YYYY-MM-DD): 2020-02-30", 0),
            0u);
  EXPECT_NE(read("2021年2月29日").find("no such day"), std::string::npos);
  EXPECT_NE(read("2020年13月1日").find("not a valid date"), std::string::npos);
  EXPECT_NE(read("尽快").find("accepted: 2020-05-15, 2020年5月15日"), std::string::npos);
  EXPECT_NE(read("20/5/15").find("not a valid date"), std::string::npos);  // a two-digit year
  DeadlineContext no_year = round_2020();
  no_year.year.reset();
  EXPECT_EQ(read("5月15日前", no_year),
            "error: the due \"5月15日前\" has no year: fill in the round column, or give --year");
  EXPECT_EQ(read("年底前", no_year).rfind("error: the due \"年底前\" has no year", 0), 0u);
  EXPECT_EQ(read("2020年5月15日", no_year), "2020-05-15");  // a full date needs no year
}

}  // namespace
}  // namespace duban
