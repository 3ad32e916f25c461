// 时限变更记录: an item's deadline history, told by its journal (every due-date change, suspension,
// resumption, extension request and decision is an entry of it) and by the rearmings of every
// item's reminders when the working-day calendar or the ladder changed while it was open.
#include <algorithm>

#include "app/queries.hpp"
#include "machines/item_machine.hpp"

namespace duban::app {

namespace {

const std::pair<std::string, std::string>* change_of(const JournalEntry& e, const char* field) {
  auto it = e.changes.find(field);
  return it == e.changes.end() ? nullptr : &it->second;
}

// What a ledger entry says besides the dates.
std::string note_of(const JournalEntry& e) {
  std::string note = e.reason;
  auto add = [&](const std::string& text) { note = text + (note.empty() ? "" : ":" + note); };
  auto kind = item_event_from(e.event);
  if (kind == ItemEventKind::extend) {
    if (const auto* asked = change_of(e, "extension_due")) {
      add("申请延至 " + asked->second + " / asks for " + asked->second);
    }
  } else if (kind == ItemEventKind::suspend) {
    add("时限停止计算 / clock stopped");
  } else if (kind == ItemEventKind::rectify && change_of(e, "extension_due")) {
    add("已整改,延期申请撤销 / rectified: the extension request lapsed");
  }
  return note;
}

}  // namespace

std::vector<DeadlineEvent> deadline_history(const std::vector<JournalEntry>& journal,
                                            const std::vector<Rearming>& rearmings) {
  std::vector<DeadlineEvent> out;
  // The item as its entries left it, to know whether a rearming found it open and running.
  struct Standing {
    Instant from{};
    bool reminded = false;  // awaiting rectification, with a due date, not suspended
  };
  std::vector<Standing> standings;
  std::string state, due, suspended;
  for (const auto& e : journal) {
    const auto* due_change = change_of(e, "due");
    const auto* suspension = change_of(e, "suspended_on");
    const auto* extension = change_of(e, "extension_due");
    if (due_change) due = due_change->second;
    if (suspension) suspended = suspension->second;
    state = e.state_after;
    auto s = item_state_from_code(state);
    standings.push_back({e.at, s && awaits_rectification(*s) && !due.empty() && suspended.empty()});
    if (!due_change && !suspension && !extension) continue;
    DeadlineEvent d;
    d.at = e.at;
    d.actor = e.actor;
    d.event = e.event;
    d.due_before = due_change ? due_change->first : due;
    d.due_after = due;
    d.note = note_of(e);
    out.push_back(std::move(d));
  }
  for (const auto& r : rearmings) {
    // The standing at r.at: the last entry at or before it.
    auto after = std::upper_bound(standings.begin(), standings.end(), r.at,
                                  [](Instant t, const Standing& s) { return t < s.from; });
    if (after == standings.begin() || !std::prev(after)->reminded) continue;
    DeadlineEvent d;
    d.at = r.at;
    d.actor = "duban";
    d.event = "rearm";
    // The due date as of then: the last change at or before it.
    for (const auto& e : out) {
      if (e.at <= r.at) d.due_before = d.due_after = e.due_after;
    }
    d.note = r.what + ";提醒已按新规则重排 / reminders re-armed";
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DeadlineEvent& a, const DeadlineEvent& b) { return a.at < b.at; });
  return out;
}

}  // namespace duban::app
