#pragma once
// A unit as people name it: its id or its Chinese name, with a "did you mean" when neither fits.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/text.hpp"
#include "store/repositories.hpp"

namespace duban::app {

/// The active units by id and by name, built once for many lookups (an import of many rows).
class UnitIndex {
 public:
  explicit UnitIndex(store::UnitDirectory& directory);
  /// The unit's id, or nullopt with `error` saying why (unknown with a hint, or an ambiguous name).
  std::optional<std::string> lookup(const std::string& id_or_name, Text& error) const;
  std::string name_of(const std::string& id) const;

 private:
  std::map<std::string, std::string> by_id_, by_name_, names_;
  std::set<std::string> ambiguous_names_;
  std::vector<std::string> all_names_;
};

/// A unit given by id or by its Chinese name; Error(missing_field) when empty, Error(not_found)
/// with a hint otherwise.
std::string resolve_unit(store::UnitDirectory& directory, const std::string& id_or_name);

}  // namespace duban::app
