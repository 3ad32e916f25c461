#pragma once
// Units (责任单位) and the people in them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duban {

/// township 乡镇, department 县直单位, village 村, work_team 驻村工作队, office
/// 领导小组办公室/督导组.
enum class UnitKind { township, department, village, work_team, office };

/// What a user may do: the leading group (领导小组及办公室), the supervision group (督导组),
/// a third-party evaluator (第三方评估机构), a member of a responsible unit, a system
/// administrator (系统管理员: users, passwords and tokens; reads everything, changes no case), or
/// a read-only viewer (只读查看: reads everything, changes nothing).
enum class Access { leading_group, supervision, evaluator, member, admin, viewer };

std::string_view to_string(UnitKind kind);
std::optional<UnitKind> unit_kind_from(std::string_view text);
std::string_view label_zh(UnitKind kind);
std::string_view to_string(Access access);
std::string_view label_zh(Access access);
std::optional<Access> access_from(std::string_view text);
/// Sees every unit's items (all but a unit's member).
bool reads_county(Access access);
/// Changes no case: no item, round, score or recommendation (admin and viewer).
bool read_only(Access access);

struct Contact {
  std::string name;
  std::string role;  ///< job title, e.g. 党委书记, 扶贫专干
  std::string email;
  std::string phone;
  std::string user;   ///< login id; empty if the contact does not use duban
  bool head = false;  ///< the unit's head (单位负责人): told on the due date and when overdue
  Access access = Access::member;
};

struct Unit {
  std::string id;
  std::string name;
  UnitKind kind = UnitKind::township;
  std::string parent;  ///< empty for a top-level unit
  bool key = false;    ///< 重点乡镇
  std::vector<Contact> contacts;
};

/// A person who acts in duban; the actor recorded in the journal.
struct User {
  std::string id;
  std::string name;
  std::string unit;
  Access access = Access::member;
};

/// A user as the directory keeps it: from the configuration (units.yaml) or made through the API,
/// and whether it may log in (configured still, and not disabled by an administrator).
struct UserRecord {
  User user;
  std::string role, email, phone;
  std::string origin = "config";  ///< config | api
  bool active = true;             ///< config: still configured; api: always
  std::string disabled_at;        ///< "" unless disabled (an administrator; kept across syncs)
};

/// What changed when the configured units and users were mirrored into the database.
struct SyncCounts {
  int units = 0;
  int users = 0;
  int deactivated = 0;                       ///< units no longer configured (kept, inactive)
  std::vector<std::string> deactivated_ids;  ///< "unit:x", "user:y" turned off now
  std::vector<std::string> reactivated_ids;
};

}  // namespace duban
