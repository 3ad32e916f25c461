// 事项流转: assign, rectify, verify, reject, close and reopen; acknowledgement (签收) and the
// deadline ledger (延期申请 and its decision, 暂停 and 恢复); with the journal in the same
// transaction. The item machine decides the next state and the effects; this file checks who may
// ask, writes what the machine decided and records it.
#include "app/clean_requests.hpp"
#include "app/denials.hpp"
#include "app/input_dates.hpp"
#include "app/item_cases.hpp"
#include "app/item_change_core.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/reminders.hpp"
#include "app/resolve_unit.hpp"
#include "app/transaction.hpp"
#include "app/visibility.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

void check_permission(const User& actor, const RectificationItem& item, ItemEventKind event) {
  switch (event) {
    case ItemEventKind::assign:
    case ItemEventKind::reassign:
      require_access(actor, {Access::leading_group, Access::evaluator},
                     {"交办事项", "assign items"});
      break;
    case ItemEventKind::rectify:
      // Only a user of the lead unit reports its own rectification.
      require_member_of(actor, item.unit, false, {"填报整改结果", "rectify this item"});
      break;
    case ItemEventKind::ack:
      require_member_of(actor, item.unit, false, {"签收事项", "acknowledge this item"});
      break;
    case ItemEventKind::extend:
      require_member_of(actor, item.unit, false, {"申请延期", "ask for an extension"});
      break;
    case ItemEventKind::report:
      require_member_of(actor, item.unit, false, {"报告进展", "report progress"});
      break;
    case ItemEventKind::approve_extension:
    case ItemEventKind::refuse_extension:
      require_access(actor, {Access::leading_group}, {"审批延期申请", "decide extension requests"});
      break;
    case ItemEventKind::suspend:
    case ItemEventKind::resume:
      require_access(actor, {Access::leading_group}, {"暂停或恢复事项", "suspend or resume items"});
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

DecidedChange decide_item_change(const config::Config& config, const User& actor,
                                 const RectificationItem& before, const ChangeItem& request,
                                 const std::string& unit, std::optional<Date> new_due,
                                 Instant now) {
  check_permission(actor, before, request.event);
  // What the request says, completed with what the item already has where assign allows it.
  ItemEvent event;
  event.kind = request.event;
  event.actor = actor.id;
  event.reason = request.reason;
  event.unit = unit.empty() ? before.unit : unit;
  event.owner = request.owner.empty() ? before.owner : request.owner;
  event.measures = request.measures.empty() ? before.measures : request.measures;
  event.due = new_due ? new_due : before.due;
  event.new_due = new_due;
  event.result = request.result;
  event.evidence = request.evidence;
  event.rectified_by = before.rectified_by;
  event.at = now;
  event.today = local_date(now, config.zone);
  event.current_due = before.due;
  event.acknowledged_by = before.acknowledged_by;
  event.suspended_on = before.suspended_on;
  event.pending_extension = before.extension_due;
  event.standing = before.standing;
  if (request.event == ItemEventKind::report && before.standing) {
    // The next report is due a period after the one this report answers (or after today, for a
    // report long overdue: the periods missed are not owed one by one).
    const auto& period = config.workflow.deadlines.standing_report;
    Date next = before.report_due ? *before.report_due : event.today;
    do {
      next = period.after(next, config.calendar);
    } while (std::chrono::sys_days{next} <= std::chrono::sys_days{event.today});
    event.next_report = next;
  }
  auto transition = [&] {
    try {
      return apply_item_event(before.state, event);
    } catch (const Error& e) {
      // Assigning an assigned item again is a reassignment: say which command that is.
      if (e.code() != Errc::invalid_transition || event.kind != ItemEventKind::assign ||
          before.state != ItemState::assigned) {
        throw;
      }
      throw Error(e.code(), {e.text().zh + "(改派请用 item reassign,并说明理由)",
                             e.text().en + " (to reassign it, use item reassign with a reason)"});
    }
  }();
  DecidedChange decided{before, std::move(transition)};
  decided.after.state = decided.transition.to;
  apply_effects(decided.after, decided.transition.effects);
  return decided;
}

RectificationItem write_item_change(Transaction& tx, const config::Config& config,
                                    const User& actor, const RectificationItem& before,
                                    DecidedChange decided, ItemEventKind kind,
                                    const std::string& reason, Instant now) {
  auto after = std::move(decided.after);
  // Reminders follow the new deadline and state, in this transaction.
  arm_item(tx, config, before, after, decided.transition.effects, now);
  auto entry = journal_entry(now, actor.id, item_subject(after.id), std::string(to_string(kind)),
                             std::string(to_string(before.state)),
                             std::string(to_string(after.state)), reason);
  entry.changes = item_changes(before, after);
  entry.subject_prev = before.journal_seq;
  auto link = tx.record(std::move(entry), std::move(decided.transition.effects));
  after.journal_seq = link.seq;
  after.journal_hash = std::move(link.hash);
  tx.items().update(before, after, now);
  ++after.version;
  return after;
}

namespace {
ItemChanged change_item_refusable(Services& services, const ChangeItem& raw) {
  const auto request = cleaned(raw);
  auto new_due = parse_due(request.due);
  if (new_due) require_plausible({"整改时限", "due"}, *new_due, services.config.plausible_years);
  // Reload and decide inside the transaction: what the machine sees is what gets written. The
  // time, too, is read once this unit may write: a writer that waited for another must not stamp
  // its entry earlier than the one before it (clock_behind).
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  auto actor = require_actor(tx.directory(), request.actor);
  std::string unit = request.unit.empty() ? "" : resolve_unit(tx.directory(), request.unit);
  auto found = tx.items().find(request.id);
  if (!found) throw no_such_item(request.id);
  const auto event = std::string(to_string(request.event));
  require_sight(tx.directory(), actor, *found,
                {"对该事项执行" + std::string(label_zh(request.event)) + "(" + event + ")",
                 event + " this item"});
  if (request.expected_version && *request.expected_version != found->version) {
    throw Error(Errc::conflict,
                {"事项 " + std::to_string(request.id) + " 已被他人改动(当前版本 " +
                     std::to_string(found->version) + ",请求基于版本 " +
                     std::to_string(*request.expected_version) + "),请刷新后重试",
                 "item " + std::to_string(request.id) + " was changed meanwhile (version " +
                     std::to_string(found->version) + ", the request was based on " +
                     std::to_string(*request.expected_version) + "); reload and retry"});
  }
  const auto before = *found;
  auto decided = decide_item_change(services.config, actor, before, request, unit, new_due, now);
  auto after = write_item_change(tx, services.config, actor, before, std::move(decided),
                                 request.event, request.reason, now);
  tx.commit();
  return ItemChanged{before.state, after, before.due};
}
}  // namespace

ItemChanged change_item(Services& services, const ChangeItem& raw) {
  return recording_refusals(
      services,
      {raw.actor, "item " + std::string(to_string(raw.event)), "item:" + std::to_string(raw.id)},
      [&] { return change_item_refusable(services, raw); });
}

}  // namespace duban::app
