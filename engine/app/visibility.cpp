#include "app/visibility.hpp"

#include <algorithm>
#include <map>

namespace duban::app {

bool ItemScope::sees(const std::string& unit) const {
  return all || std::find(units.begin(), units.end(), unit) != units.end();
}

std::vector<std::string> with_sub_units(store::UnitDirectory& directory, const std::string& unit) {
  std::multimap<std::string, std::string> children;
  for (const auto& u : directory.list_units()) children.emplace(u.parent, u.id);
  std::vector<std::string> out{unit};
  // Breadth first; the hierarchy has no cycle (config/load_units checks the levels).
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto [from, to] = children.equal_range(out[i]);
    for (auto it = from; it != to; ++it) out.push_back(it->second);
  }
  return out;
}

ItemScope item_scope(store::UnitDirectory& directory, const User& actor) {
  if (reads_county(actor.access)) return {};
  return {false, with_sub_units(directory, actor.unit)};
}

Error no_such_item(std::int64_t id) {
  return Error(Errc::not_found,
               {"事项不存在:" + std::to_string(id), "no such item: " + std::to_string(id)});
}

void require_sight(const ItemScope& scope, const User& actor, const RectificationItem& item,
                   const Text& action) {
  if (scope.sees(item.unit)) return;
  auto missing = no_such_item(item.id);
  Error refusal(
      Errc::permission_denied,
      {"用户 " + actor.id + " 不属于单位 " + item.unit + ",无权" + action.zh,
       "user " + actor.id + " is not a member of unit " + item.unit + " and may not " + action.en});
  refusal.conceal_as(missing.code(), missing.text());
  throw refusal;
}

void require_sight(store::UnitDirectory& directory, const User& actor,
                   const RectificationItem& item, const Text& action) {
  if (reads_county(actor.access) || item.unit == actor.unit) return;
  require_sight(item_scope(directory, actor), actor, item, action);
}

}  // namespace duban::app
