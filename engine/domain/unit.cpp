#include "domain/unit.hpp"

#include "domain/enum_names.hpp"

namespace duban {

namespace {
constexpr auto kUnitKinds = enum_names<UnitKind>({{UnitKind::township, "township", "乡镇"},
                                                  {UnitKind::department, "department", "县直单位"},
                                                  {UnitKind::village, "village", "村"},
                                                  {UnitKind::work_team, "work_team", "驻村工作队"},
                                                  {UnitKind::office, "office", "办公室"}});
constexpr auto kAccess = enum_names<Access>({{Access::leading_group, "leading_group", "领导小组"},
                                             {Access::supervision, "supervision", "督导组"},
                                             {Access::evaluator, "evaluator", "第三方评估机构"},
                                             {Access::member, "member", "单位成员"},
                                             {Access::admin, "admin", "系统管理员"},
                                             {Access::viewer, "viewer", "只读查看"}});
}  // namespace

std::string_view to_string(UnitKind kind) { return kUnitKinds.code(kind); }
std::optional<UnitKind> unit_kind_from(std::string_view text) {
  return kUnitKinds.parse_code(text);
}
std::string_view label_zh(UnitKind kind) { return kUnitKinds.zh(kind); }
std::string_view to_string(Access access) { return kAccess.code(access); }
std::string_view label_zh(Access access) { return kAccess.zh(access); }
std::optional<Access> access_from(std::string_view text) { return kAccess.parse_code(text); }
bool reads_county(Access access) { return access != Access::member; }
bool read_only(Access access) { return access == Access::admin || access == Access::viewer; }

}  // namespace duban
