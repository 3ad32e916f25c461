// The roster's values: ID numbers checked by their GB 11643 check character and shown masked;
// household kinds and marks as rosters write them.
#include "domain/roster.hpp"

#include <gtest/gtest.h>

namespace duban {
namespace {

TEST(Roster, AnIdNumberIsCheckedByItsCheckCharacter) {
  // 11010519491231002X: the standard's own example.
  EXPECT_EQ(normal_id_number("11010519491231002X"), "11010519491231002X");
  EXPECT_EQ(normal_id_number(" 11010519491231002x "), "11010519491231002X");
  Text why;
  EXPECT_FALSE(normal_id_number("110105194912310021", &why));
  EXPECT_NE(why.en.find("check character does not match"), std::string::npos);
  EXPECT_EQ(why.en.find("1101051949"), std::string::npos) << "the number is never in the message";
  EXPECT_FALSE(normal_id_number("11010519491231002", &why));
  EXPECT_NE(why.en.find("18 characters, this one 17"), std::string::npos);
  EXPECT_FALSE(normal_id_number("1101051949123100AX", &why));
  EXPECT_NE(why.en.find("character 17"), std::string::npos) << why.en;
  // Typed into Excel as a number: the last digits are gone, and the message says why.
  EXPECT_FALSE(normal_id_number("5.20101198001011E+17", &why));
  EXPECT_NE(why.en.find("stored as a number (scientific notation)"), std::string::npos) << why.en;
  EXPECT_EQ(masked_id("002X"), "**************002X");
  EXPECT_EQ(masked_id(""), "");
}

TEST(Roster, KindsAndMarksAsRostersWriteThem) {
  EXPECT_EQ(household_kind_from("非建档立卡户"), HouseholdKind::unregistered);
  EXPECT_EQ(household_kind_from("非贫困户"), HouseholdKind::unregistered);
  EXPECT_EQ(household_kind_from(" 脱贫户 "), HouseholdKind::lifted);
  EXPECT_EQ(household_kind_from("返贫户"), HouseholdKind::poor);
  EXPECT_FALSE(household_kind_from("外星户"));
  EXPECT_EQ(village_kind_from("非贫困村"), VillageKind::non_poor);
  EXPECT_EQ(household_tags_from("危房;大病、低保,五保，残疾人户"), 31u);
  EXPECT_EQ(household_tags_from("疑似危房户"), 1u);
  EXPECT_EQ(household_tags_from(""), 0u);
  std::string unknown;
  EXPECT_FALSE(household_tags_from("危房;危楼", &unknown));
  EXPECT_EQ(unknown, "危楼");
  EXPECT_EQ(household_tags_zh(1u | 16u), "危房、残疾");
  EXPECT_EQ(household_tags_codes(1u | 16u), "dilapidated,disability");
  EXPECT_EQ(household_tags_from(household_tags_codes(31u)), 31u);
}

}  // namespace
}  // namespace duban
