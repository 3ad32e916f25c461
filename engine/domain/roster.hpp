#pragma once
// 花名册: the villages and households of a round's field evaluation (第三篇, 抽村原则 and
// 抽户原则), and the rules of their values: the kinds of village and household, the marks of a
// marginal household (重点边缘户), and how an ID number (身份证号) is kept: never whole, only a
// keyed hash and its last four characters.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/text.hpp"

namespace duban {

enum class VillageKind {
  lifted,    ///< 脱贫村: a poor village that has exited poverty
  non_poor,  ///< 非贫困村
  poor,      ///< 贫困村: not exited yet
};
inline constexpr VillageKind kAllVillageKinds[] = {VillageKind::lifted, VillageKind::non_poor,
                                                   VillageKind::poor};

enum class HouseholdKind {
  poor,          ///< 贫困户
  lifted,        ///< 脱贫户
  unregistered,  ///< 非建档立卡户
};
inline constexpr HouseholdKind kAllHouseholdKinds[] = {HouseholdKind::poor, HouseholdKind::lifted,
                                                       HouseholdKind::unregistered};

/// The marks of a marginal household (疑似危房户、大病户、低保户、五保户、残疾人户), as bits.
enum class HouseholdTag : unsigned {
  dilapidated = 1,      ///< 危房
  serious_illness = 2,  ///< 大病
  subsistence = 4,      ///< 低保
  five_guarantees = 8,  ///< 五保
  disability = 16,      ///< 残疾
};
inline constexpr HouseholdTag kAllHouseholdTags[] = {
    HouseholdTag::dilapidated, HouseholdTag::serious_illness, HouseholdTag::subsistence,
    HouseholdTag::five_guarantees, HouseholdTag::disability};

std::string_view to_string(VillageKind kind);    ///< "lifted", "non_poor", "poor"
std::string_view label_zh(VillageKind kind);     ///< "脱贫村", "非贫困村", "贫困村"
std::string_view to_string(HouseholdKind kind);  ///< "poor", "lifted", "unregistered"
std::string_view label_zh(HouseholdKind kind);   ///< "贫困户", "脱贫户", "非建档立卡户"
std::string_view to_string(HouseholdTag tag);    ///< "dilapidated", …
std::string_view label_zh(HouseholdTag tag);     ///< "危房", …
/// A kind by its code or its Chinese name (also 非贫困户 for 非建档立卡户, 已脱贫户 for 脱贫户).
std::optional<VillageKind> village_kind_from(std::string_view text);
std::optional<HouseholdKind> household_kind_from(std::string_view text);
std::optional<HouseholdTag> household_tag_from(std::string_view text);

/// The marks a roster cell lists, separated by ";", "；", "、", "," or "，" (each by its Chinese
/// name, its code, or a longer name holding it: 疑似危房户, 大病户, 残疾人户); nullopt with the
/// mark it does not know in `unknown`.
std::optional<unsigned> household_tags_from(std::string_view text, std::string* unknown = nullptr);
/// The marks as a roster writes them: "危房、大病" (empty for none).
std::string household_tags_zh(unsigned tags);
/// The marks by code, in their order: "dilapidated,serious_illness".
std::string household_tags_codes(unsigned tags);

struct RosterVillage {
  std::string township;  ///< the township's unit id
  std::string name;      ///< the village (村) as the roster names it
  std::string unit;      ///< the village's own unit id when the units file has it; else empty
  VillageKind kind = VillageKind::non_poor;
  std::int64_t population = 0;       ///< 人口数
  std::int64_t poor_population = 0;  ///< 贫困人口数 (建档立卡未脱贫人口)
};

struct RosterHousehold {
  std::string number;    ///< 户编号: a household's key in the roster; importing again updates it
  std::string township;  ///< unit id
  std::string village;   ///< the village's name, as in RosterVillage::name
  std::string head;      ///< 户主姓名
  std::string id_hash;   ///< the head's ID number, keyed hash (hex); never the number itself
  std::string id_tail;   ///< its last four characters
  std::int64_t people = 0;  ///< 人口数
  HouseholdKind kind = HouseholdKind::unregistered;
  bool edge = false;       ///< 边缘户 (脱贫不稳定户, 边缘易致贫户)
  bool monitored = false;  ///< 监测户 (脱贫监测户)
  unsigned tags = 0;       ///< HouseholdTag bits
};

/// An ID number (居民身份证号码, GB 11643-1999) as written in a roster: 18 characters, 17 digits
/// and a check character (a digit or X) that matches them; spaces around it are ignored and a
/// lower-case x is taken as X. nullopt with `why` when it is not one; `why` never holds the number.
std::optional<std::string> normal_id_number(std::string_view text, Text* why = nullptr);

/// How an ID number is shown everywhere: its last four characters after fourteen asterisks
/// ("**************1234"); empty when there is none.
std::string masked_id(std::string_view tail);

}  // namespace duban
