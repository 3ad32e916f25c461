#pragma once
// Rectification items (整改事项): a problem found, and what is done about it.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/calendar.hpp"

namespace duban {

/// identified 已发现 → assigned 已交办 → rectified 已整改 → verified 已验收 → closed 已销号.
enum class ItemState { identified, assigned, rectified, verified, closed };
inline constexpr std::array kAllItemStates = {ItemState::identified, ItemState::assigned,
                                              ItemState::rectified, ItemState::verified,
                                              ItemState::closed};
std::string_view to_string(ItemState state);
std::string_view label_zh(ItemState state);
/// The code name or the Chinese label.
std::optional<ItemState> item_state_from(std::string_view text);
/// Only the code name, as the database stores it.
std::optional<ItemState> item_state_from_code(std::string_view text);

/// The one answer to "what kind of state is this", used by the store's queries and the app alike.
/// Waiting for the lead unit to rectify (identified or assigned): only these can be overdue.
constexpr bool awaits_rectification(ItemState s) {
  return s == ItemState::identified || s == ItemState::assigned;
}
/// Written off (销号): nothing more is expected of the item unless it is reopened.
constexpr bool is_final(ItemState s) { return s == ItemState::closed; }
/// Not written off yet.
constexpr bool is_open(ItemState s) { return !is_final(s); }

/// Who found the problem: national, provincial, municipal or county evaluation, or self-inspection.
enum class ItemSource { national, provincial, municipal, county, self_inspection };
std::string_view to_string(ItemSource source);
std::string_view label_zh(ItemSource source);
/// Accepts the code name or the Chinese label (国家, 省级, 市级, 县级, 自查).
std::optional<ItemSource> item_source_from(std::string_view text);
std::optional<ItemSource> item_source_from_code(std::string_view text);

struct RectificationItem {
  std::int64_t id = 0;
  std::string round;  ///< the round whose feedback produced it; empty for outside findings
  ItemSource source = ItemSource::county;
  std::string category;               ///< e.g. 精准识别, 精准帮扶, 政策落实
  std::string title;                  ///< 问题
  std::string manifestation;          ///< 具体表现
  std::string measures;               ///< 整改措施
  std::string result;                 ///< 整改结果
  std::vector<std::string> evidence;  ///< references to evidence (file names, links)
  std::string unit;                   ///< 牵头单位 (unit id)
  std::string owner;                  ///< 责任人
  std::optional<Date> due;            ///< 整改时限, a local calendar day
  ItemState state = ItemState::identified;
  int rework_count = 0;
  std::string rectified_by;  ///< the user who last rectified it; may not verify it
  std::int64_t version = 0;  ///< optimistic concurrency
  /// The seq of its last journal entry: the newest end of its history, which each entry links to
  /// the one before it (JournalEntry::subject_prev).
  std::int64_t journal_seq = 0;
  std::string journal_hash;  ///< and its hash: the item row anchors the journal's tail
  /// When its next reminder falls due (derived from due, the reminder policy and the calendar;
  /// nullopt: none). Scheduling bookkeeping: not journaled, not part of the item's history.
  std::optional<Instant> remind_at;

  // Acknowledgement (签收) and the deadline ledger (延期申请, 暂停): journaled like the rest.
  /// When its current assignment was made: it awaits acknowledgement from then (nullopt: never
  /// assigned in duban, or assigned before acknowledgement existed: nothing to acknowledge).
  std::optional<Instant> assigned_at;
  std::string acknowledged_by;  ///< who acknowledged the current assignment (签收人); empty: no one
  std::optional<Instant> acknowledged_at;
  /// Suspended (暂停) since this local day: the clock stops; resuming moves the due date on by the
  /// days it stood still. nullopt: running.
  std::optional<Date> suspended_on;
  /// A pending extension request (延期申请): the date asked for, why, and by whom.
  std::optional<Date> extension_due;
  std::string extension_reason, extension_by;

  // What a problem list brings beyond duban's own fields, and standing items (长期坚持).
  /// Columns of an imported sheet duban has no field for (备注, 原序号, 完成情况…), by name in the
  /// sheet's order: kept, shown and exported again.
  std::vector<std::pair<std::string, std::string>> extra;
  /// A standing item (长期坚持): no deadline and never overdue; instead a progress report
  /// (进展报告) is due by `report_due`, then every period
  /// (lifecycle.deadlines.standing_report_every).
  bool standing = false;
  std::optional<Date> report_due;

  bool is_suspended() const { return suspended_on.has_value(); }
  /// Assigned, with an assignment made in duban that no one of the unit has acknowledged yet.
  bool awaits_acknowledgement() const {
    return state == ItemState::assigned && assigned_at && acknowledged_by.empty();
  }
};

// Effects: what a transition of the item machine does to the item, produced by the machine's
// actions (never decided by a use case). apply_effects() writes them into an item; observers
// (reminders re-arming on a new due date, rule plugins) read them after commit.

/// assign: the lead unit, owner, measures and deadline are set (交办). A first assignment, or one
/// to another unit or owner, made at `at`, awaits acknowledgement (签收) anew.
struct AssignmentSet {
  std::string unit, owner, measures;
  std::optional<Date> due;  ///< none for a standing item (长期坚持)
  std::optional<Instant> at{};
};
/// rectify: the unit reports its result and evidence (整改结果, 佐证材料); evidence is added.
struct RectificationReported {
  std::string result;
  std::vector<std::string> evidence;
  std::string by;
};
/// reject: the item goes back for rework (返工次数 +1).
struct ReworkCounted {};
/// reject or reopen with a new deadline, an approved extension, a resumed suspension, a
/// reassignment.
struct DueChanged {
  Date due;
};
/// ack: a member of the lead unit acknowledges the assignment (签收).
struct Acknowledged {
  std::string by;
  Instant at;
};
/// extend: the lead unit asks for a later due date, saying why (延期申请).
struct ExtensionRequested {
  Date due;
  std::string reason, by;
};
/// The pending request is settled: approved (a DueChanged follows), refused, or made moot by the
/// rectification.
struct ExtensionSettled {
  bool approved = false;
};
/// suspend: the clock stops from this local day (暂停, e.g. waiting for funds).
struct Suspended {
  Date on;
};
/// resume (or a rectification while suspended): the clock runs again; it stood still `days` days,
/// by which a DueChanged moves the due date on.
struct Resumed {
  int days = 0;
};
/// report: a standing item's progress report (进展报告); the next one is due by `next_due`.
struct ProgressReported {
  std::string text, by;
  Date next_due;
};
using ItemEffect =
    std::variant<AssignmentSet, RectificationReported, ReworkCounted, DueChanged, Acknowledged,
                 ExtensionRequested, ExtensionSettled, Suspended, Resumed, ProgressReported>;

/// The evidence list as stored and journaled: a JSON array of strings, and back (anything that is
/// not such an array reads as no evidence).
std::string evidence_to_json(const std::vector<std::string>& evidence);
std::vector<std::string> evidence_from_json(const std::string& text);
/// Extra fields as a JSON object in their order ("" when there are none), and back; nullopt when
/// the text is not such an object.
std::string extra_to_json(const std::vector<std::pair<std::string, std::string>>& extra);
std::optional<std::vector<std::pair<std::string, std::string>>> extra_from_json(
    const std::string& text);

/// Writes the effects into `item` in order (the state is the transition's, set by the caller).
void apply_effects(RectificationItem& item, const std::vector<ItemEffect>& effects);

}  // namespace duban
