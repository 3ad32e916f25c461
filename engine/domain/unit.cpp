#include "domain/unit.hpp"

#include <array>
#include <utility>

namespace duban {

namespace {
constexpr std::array kUnitKinds = {
    std::pair{UnitKind::township, "township"}, std::pair{UnitKind::department, "department"},
    std::pair{UnitKind::village, "village"},   std::pair{UnitKind::work_team, "work_team"},
    std::pair{UnitKind::office, "office"},
};
constexpr std::array kAccess = {
    std::pair{Access::leading_group, "leading_group"},
    std::pair{Access::supervision, "supervision"},
    std::pair{Access::evaluator, "evaluator"},
    std::pair{Access::member, "member"},
};
}  // namespace

std::string_view to_string(UnitKind kind) {
  for (auto [k, name] : kUnitKinds)
    if (k == kind) return name;
  return "?";
}

std::optional<UnitKind> unit_kind_from(std::string_view text) {
  for (auto [k, name] : kUnitKinds)
    if (text == name) return k;
  return std::nullopt;
}

std::string_view label_zh(UnitKind kind) {
  switch (kind) {
    case UnitKind::township:
      return "乡镇";
    case UnitKind::department:
      return "县直单位";
    case UnitKind::village:
      return "村";
    case UnitKind::work_team:
      return "驻村工作队";
    case UnitKind::office:
      return "办公室";
  }
  return "?";
}

std::string_view to_string(Access access) {
  for (auto [a, name] : kAccess)
    if (a == access) return name;
  return "?";
}

std::optional<Access> access_from(std::string_view text) {
  for (auto [a, name] : kAccess)
    if (text == name) return a;
  return std::nullopt;
}

}  // namespace duban
