// 事项流转: assign, rectify, verify, reject, close and reopen, with the journal in the same
// transaction. The item machine decides; this file checks who may ask and records what changed.
#include "app/item_cases.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

void check_permission(const User& actor, const RectificationItem& item, ItemEventKind event) {
  switch (event) {
    case ItemEventKind::assign:
      require_access(actor, {Access::leading_group, Access::evaluator},
                     {"交办事项", "assign items"});
      break;
    case ItemEventKind::rectify:
      // Only a user of the lead unit reports its own rectification.
      require_member_of(actor, item.unit, false, {"填报整改结果", "rectify this item"});
      break;
    case ItemEventKind::verify:
    case ItemEventKind::reject:
      require_access(actor, {Access::leading_group, Access::supervision},
                     {"验收事项", "verify or reject items"});
      break;
    case ItemEventKind::close:
    case ItemEventKind::reopen:
      require_access(actor, {Access::leading_group},
                     {"销号或重新打开事项", "close or reopen items"});
      break;
  }
}

std::optional<Date> parse_due(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto d = parse_date(text)) return d;
  throw Error(Errc::invalid_argument,
              {"整改时限格式应为 YYYY-MM-DD:" + text, "due must be a date YYYY-MM-DD: " + text});
}

}  // namespace

ItemChanged change_item(Services& services, const ChangeItem& request) {
  auto actor = require_actor(services, request.actor);
  auto new_due = parse_due(request.due);
  std::string unit = request.unit.empty() ? "" : resolve_unit(services, request.unit);
  auto now = services.clock.now();
  ItemChanged changed;
  services.store.write([&](soci::session&) {
    auto found = services.store.items().find(request.id);
    if (!found) {
      throw Error(Errc::not_found, {"事项不存在:" + std::to_string(request.id),
                                    "no such item: " + std::to_string(request.id)});
    }
    const auto before = *found;
    auto after = before;
    check_permission(actor, before, request.event);

    ItemEvent event;
    event.kind = request.event;
    event.actor = actor.id;
    event.reason = request.reason;
    event.unit = unit.empty() ? before.unit : unit;
    event.owner = request.owner.empty() ? before.owner : request.owner;
    event.measures = request.measures.empty() ? before.measures : request.measures;
    event.due = new_due ? new_due : before.due;
    event.result = request.result;
    event.rectified_by = before.rectified_by;
    auto transition = apply_item_event(before.state, event);

    after.state = transition.to;
    switch (request.event) {
      case ItemEventKind::assign:
        after.unit = event.unit;
        after.owner = event.owner;
        after.measures = event.measures;
        after.due = event.due;
        break;
      case ItemEventKind::rectify:
        after.result = request.result;
        after.evidence.insert(after.evidence.end(), request.evidence.begin(),
                              request.evidence.end());
        after.rectified_by = actor.id;
        break;
      case ItemEventKind::reject:
      case ItemEventKind::reopen:
        if (new_due) after.due = new_due;
        break;
      case ItemEventKind::verify:
      case ItemEventKind::close:
        break;
    }
    if (transition.rework) ++after.rework_count;

    services.store.items().update(after, now);
    ++after.version;
    auto entry = journal_entry(
        now, actor.id, item_subject(after.id), std::string(to_string(request.event)),
        std::string(to_string(before.state)), std::string(to_string(after.state)), request.reason);
    entry.changes = item_changes(before, after);
    services.store.journal().append(entry);
    changed.from = before.state;
    changed.item = after;
  });
  return changed;
}

}  // namespace duban::app
