#include "domain/item.hpp"

#include <nlohmann/json.hpp>

#include "domain/enum_names.hpp"

namespace duban {

namespace {
constexpr auto kStates = enum_names<ItemState>({{ItemState::identified, "identified", "已发现"},
                                                {ItemState::assigned, "assigned", "已交办"},
                                                {ItemState::rectified, "rectified", "已整改"},
                                                {ItemState::verified, "verified", "已验收"},
                                                {ItemState::closed, "closed", "已销号"}});
constexpr auto kSources =
    enum_names<ItemSource>({{ItemSource::national, "national", "国家"},
                            {ItemSource::provincial, "provincial", "省级"},
                            {ItemSource::municipal, "municipal", "市级"},
                            {ItemSource::county, "county", "县级"},
                            {ItemSource::self_inspection, "self_inspection", "自查"}});
static_assert(kStates.values() == kAllItemStates, "every item state has its names, in order");
}  // namespace

std::string_view to_string(ItemState state) { return kStates.code(state); }
std::string_view label_zh(ItemState state) { return kStates.zh(state); }
std::optional<ItemState> item_state_from(std::string_view text) { return kStates.parse(text); }
std::optional<ItemState> item_state_from_code(std::string_view text) {
  return kStates.parse_code(text);
}

std::string_view to_string(ItemSource source) { return kSources.code(source); }
std::string_view label_zh(ItemSource source) { return kSources.zh(source); }
std::optional<ItemSource> item_source_from(std::string_view text) { return kSources.parse(text); }
std::optional<ItemSource> item_source_from_code(std::string_view text) {
  return kSources.parse_code(text);
}

std::string evidence_to_json(const std::vector<std::string>& evidence) {
  if (evidence.empty()) return "[]";  // most items; every import row and journal entry asks
  return nlohmann::json(evidence).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> evidence_from_json(const std::string& text) {
  if (text == "[]") return {};
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string extra_to_json(const std::vector<std::pair<std::string, std::string>>& extra) {
  if (extra.empty()) return "";
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [name, value] : extra) j[name] = value;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::vector<std::pair<std::string, std::string>>> extra_from_json(
    const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  if (text.empty()) return out;
  auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  for (const auto& [name, value] : j.items()) {
    if (!value.is_string()) return std::nullopt;
    out.emplace_back(name, value.get<std::string>());
  }
  return out;
}

namespace {
struct Apply {
  RectificationItem& item;
  void operator()(const AssignmentSet& e) const {
    if (e.at && (!item.assigned_at || item.unit != e.unit || item.owner != e.owner)) {
      item.assigned_at = e.at;
      item.acknowledged_by.clear();
      item.acknowledged_at.reset();
    }
    item.unit = e.unit;
    item.owner = e.owner;
    item.measures = e.measures;
    item.due = e.due;
  }
  void operator()(const RectificationReported& e) const {
    item.result = e.result;
    item.evidence.insert(item.evidence.end(), e.evidence.begin(), e.evidence.end());
    item.rectified_by = e.by;
  }
  void operator()(const ReworkCounted&) const { ++item.rework_count; }
  void operator()(const DueChanged& e) const { item.due = e.due; }
  void operator()(const Acknowledged& e) const {
    item.acknowledged_by = e.by;
    item.acknowledged_at = e.at;
  }
  void operator()(const ExtensionRequested& e) const {
    item.extension_due = e.due;
    item.extension_reason = e.reason;
    item.extension_by = e.by;
  }
  void operator()(const ExtensionSettled&) const {
    item.extension_due.reset();
    item.extension_reason.clear();
    item.extension_by.clear();
  }
  void operator()(const Suspended& e) const { item.suspended_on = e.on; }
  void operator()(const Resumed&) const { item.suspended_on.reset(); }
  void operator()(const ProgressReported& e) const { item.report_due = e.next_due; }
};
}  // namespace

void apply_effects(RectificationItem& item, const std::vector<ItemEffect>& effects) {
  for (const auto& e : effects) std::visit(Apply{item}, e);
}

}  // namespace duban
