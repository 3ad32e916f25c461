#include "domain/roster.hpp"

#include <array>

namespace duban {

namespace {

struct Names {
  std::string_view code, zh;
};

constexpr std::array<Names, 3> kVillage{
    {{"lifted", "脱贫村"}, {"non_poor", "非贫困村"}, {"poor", "贫困村"}}};
constexpr std::array<Names, 3> kHousehold{
    {{"poor", "贫困户"}, {"lifted", "脱贫户"}, {"unregistered", "非建档立卡户"}}};
constexpr std::array<Names, 5> kTag{{{"dilapidated", "危房"},
                                     {"serious_illness", "大病"},
                                     {"subsistence", "低保"},
                                     {"five_guarantees", "五保"},
                                     {"disability", "残疾"}}};

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  // The ideographic space U+3000 that Chinese input methods type.
  const std::string_view wide = "\xe3\x80\x80";
  while (s.starts_with(wide)) s.remove_prefix(wide.size());
  while (s.ends_with(wide)) s.remove_suffix(wide.size());
  return s;
}

template <std::size_t N>
std::optional<std::size_t> index_of(const std::array<Names, N>& names, std::string_view text) {
  text = trimmed(text);
  for (std::size_t i = 0; i < N; ++i)
    if (text == names[i].code || text == names[i].zh) return i;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(VillageKind k) { return kVillage[static_cast<std::size_t>(k)].code; }
std::string_view label_zh(VillageKind k) { return kVillage[static_cast<std::size_t>(k)].zh; }
std::string_view to_string(HouseholdKind k) { return kHousehold[static_cast<std::size_t>(k)].code; }
std::string_view label_zh(HouseholdKind k) { return kHousehold[static_cast<std::size_t>(k)].zh; }

std::string_view to_string(HouseholdTag t) {
  for (std::size_t i = 0; i < kTag.size(); ++i)
    if (static_cast<unsigned>(t) == 1u << i) return kTag[i].code;
  return "";
}

std::string_view label_zh(HouseholdTag t) {
  for (std::size_t i = 0; i < kTag.size(); ++i)
    if (static_cast<unsigned>(t) == 1u << i) return kTag[i].zh;
  return "";
}

std::optional<VillageKind> village_kind_from(std::string_view text) {
  if (auto i = index_of(kVillage, text)) return static_cast<VillageKind>(*i);
  return std::nullopt;
}

std::optional<HouseholdKind> household_kind_from(std::string_view text) {
  if (auto i = index_of(kHousehold, text)) return static_cast<HouseholdKind>(*i);
  text = trimmed(text);
  // What rosters also write: 非贫困户 (the seed's 附件3), 一般户, 已脱贫户, 返贫户 (a poor
  // household again: 贫困户, "若是返贫户,请注明").
  if (text == "非贫困户" || text == "一般户" || text == "非建档户")
    return HouseholdKind::unregistered;
  if (text == "已脱贫户" || text == "脱贫不稳定户") return HouseholdKind::lifted;
  if (text == "未脱贫户" || text == "返贫户") return HouseholdKind::poor;
  return std::nullopt;
}

std::optional<HouseholdTag> household_tag_from(std::string_view text) {
  text = trimmed(text);
  for (std::size_t i = 0; i < kTag.size(); ++i) {
    // 危房户, 疑似危房户, 大病户, 低保户, 五保户, 残疾人户: a longer name holding the mark's.
    if (text == kTag[i].code || text.find(kTag[i].zh) != std::string_view::npos)
      return static_cast<HouseholdTag>(1u << i);
  }
  return std::nullopt;
}

std::optional<unsigned> household_tags_from(std::string_view text, std::string* unknown) {
  unsigned tags = 0;
  std::string part;
  auto take = [&]() -> bool {
    const std::string t(trimmed(part));
    part.clear();
    if (t.empty()) return true;
    auto tag = household_tag_from(t);
    if (!tag) {
      if (unknown) *unknown = t;
      return false;
    }
    tags |= static_cast<unsigned>(*tag);
    return true;
  };
  static const std::string_view kSeparators[] = {";", "；", "、", ",", "，"};
  for (std::size_t i = 0; i < text.size();) {
    bool separator = false;
    for (auto s : kSeparators) {
      if (text.substr(i).starts_with(s)) {
        if (!take()) return std::nullopt;
        i += s.size();
        separator = true;
        break;
      }
    }
    if (!separator) part += text[i++];
  }
  if (!take()) return std::nullopt;
  return tags;
}

std::string household_tags_zh(unsigned tags) {
  std::string out;
  for (std::size_t i = 0; i < kTag.size(); ++i) {
    if (!(tags & (1u << i))) continue;
    // Appended piece by piece: `"、" + std::string(…)` trips GCC 12's -Wrestrict at -O3.
    if (!out.empty()) out += "、";
    out += kTag[i].zh;
  }
  return out;
}

std::string household_tags_codes(unsigned tags) {
  std::string out;
  for (std::size_t i = 0; i < kTag.size(); ++i) {
    if (!(tags & (1u << i))) continue;
    if (!out.empty()) out += ',';
    out += kTag[i].code;
  }
  return out;
}

std::optional<std::string> normal_id_number(std::string_view text, Text* why) {
  text = trimmed(text);
  auto refuse = [&](Text t) -> std::optional<std::string> {
    if (why) *why = std::move(t);
    return std::nullopt;
  };
  // Typed into Excel as a number, an ID number is kept as a double: shown in scientific
  // notation, its last three digits gone. Say so: it cannot be repaired, only typed again.
  if (text.find_first_of(".eE+") != std::string_view::npos &&
      text.find_first_not_of("0123456789.eE+-") == std::string_view::npos) {
    return refuse({"身份证号被存成了数字(科学计数法),后几位已丢失:请把该列设为“文本”格式后重新录入",
                   "the ID number was stored as a number (scientific notation), its last digits "
                   "lost: format the column as text and enter the numbers again"});
  }
  if (text.size() != 18) {
    return refuse({"身份证号应为 18 位,此处为 " + std::to_string(text.size()) + " 个字符",
                   "an ID number has 18 characters, this one " + std::to_string(text.size())});
  }
  std::string id(text);
  if (id[17] == 'x') id[17] = 'X';
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') {
      return refuse({"身份证号第 " + std::to_string(i + 1) + " 位应为数字",
                     "character " + std::to_string(i + 1) + " of an ID number must be a digit"});
    }
    sum += (id[i] - '0') * kWeights[i];
  }
  if (id[17] != kCheck[sum % 11]) {
    return refuse({"身份证号校验位不符(可能抄错了一位)",
                   "the ID number's check character does not match (a digit miscopied?)"});
  }
  return id;
}

std::string masked_id(std::string_view tail) {
  if (tail.empty()) return "";
  return std::string(14, '*') + std::string(tail);
}

}  // namespace duban
