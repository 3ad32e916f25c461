#include "domain/item.hpp"

#include <array>

namespace duban {

namespace {
struct StateNames {
  ItemState state;
  std::string_view code, zh;
};
constexpr std::array<StateNames, 5> kStates = {{
    {ItemState::identified, "identified", "已发现"},
    {ItemState::assigned, "assigned", "已交办"},
    {ItemState::rectified, "rectified", "已整改"},
    {ItemState::verified, "verified", "已验收"},
    {ItemState::closed, "closed", "已销号"},
}};
struct SourceNames {
  ItemSource source;
  std::string_view code, zh;
};
constexpr std::array<SourceNames, 5> kSources = {{
    {ItemSource::national, "national", "国家"},
    {ItemSource::provincial, "provincial", "省级"},
    {ItemSource::municipal, "municipal", "市级"},
    {ItemSource::county, "county", "县级"},
    {ItemSource::self_inspection, "self_inspection", "自查"},
}};
}  // namespace

std::string_view to_string(ItemState state) { return kStates.at(static_cast<int>(state)).code; }
std::string_view label_zh(ItemState state) { return kStates.at(static_cast<int>(state)).zh; }
std::optional<ItemState> item_state_from(std::string_view text) {
  for (const auto& s : kStates)
    if (text == s.code || text == s.zh) return s.state;
  return std::nullopt;
}

std::string_view to_string(ItemSource source) { return kSources.at(static_cast<int>(source)).code; }
std::string_view label_zh(ItemSource source) { return kSources.at(static_cast<int>(source)).zh; }
std::optional<ItemSource> item_source_from(std::string_view text) {
  for (const auto& s : kSources)
    if (text == s.code || text == s.zh) return s.source;
  return std::nullopt;
}

}  // namespace duban
