#include "app/resolve_unit.hpp"

#include "config/diagnostics.hpp"
#include "domain/errors.hpp"

namespace duban::app {

UnitIndex::UnitIndex(store::UnitDirectory& directory) {
  for (const auto& u : directory.list_units()) {
    by_id_[u.id] = u.id;
    names_[u.id] = u.name;
    if (!by_name_.emplace(u.name, u.id).second) ambiguous_names_.insert(u.name);
    all_names_.push_back(u.id);
    all_names_.push_back(u.name);
  }
}

std::optional<std::string> UnitIndex::lookup(const std::string& text, Text& error) const {
  if (auto it = by_id_.find(text); it != by_id_.end()) return it->second;
  if (ambiguous_names_.count(text)) {
    error = {"单位名称“" + text + "”不唯一,请用单位编号",
             "unit name " + text + " is ambiguous; use the unit id"};
    return std::nullopt;
  }
  if (auto it = by_name_.find(text); it != by_name_.end()) return it->second;
  auto hint = config::did_you_mean(text, all_names_);
  error = {"责任单位不存在:" + text + (hint.empty() ? "" : "(是否为 " + hint + "?)"),
           "unknown unit: " + text + (hint.empty() ? "" : " (did you mean " + hint + "?)")};
  return std::nullopt;
}

std::string UnitIndex::name_of(const std::string& id) const {
  auto it = names_.find(id);
  return it == names_.end() ? id : it->second;
}

std::string resolve_unit(store::UnitDirectory& directory, const std::string& id_or_name) {
  if (id_or_name.empty()) {
    throw Error(Errc::missing_field,
                {"须指定牵头单位(--unit)", "the lead unit (--unit) is required"});
  }
  Text error;
  if (auto id = UnitIndex(directory).lookup(id_or_name, error)) return *id;
  throw Error(Errc::not_found, error);
}

}  // namespace duban::app
