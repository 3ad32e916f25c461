// The item store's reminder queries: the items whose next reminder has come, and every item that
// can be reminded (to arm them again when the calendar or the ladder changed).
#include "store/guard.hpp"
#include "store/item_rows.hpp"
#include "store/items.hpp"
#include "store/row.hpp"

namespace duban::store {

using item_rows::decode_due;
using item_rows::decode_state;

std::vector<ReminderCandidate> ItemStore::due_for_reminder(Instant now, std::size_t limit) {
  return guarded("items.due_for_reminder", [&] {
    std::vector<ReminderCandidate> out;
    long long at = now.time_since_epoch().count();
    // remind_at is set only on items awaiting rectification with a due date; the state is read to
    // re-check before acting (a reminder is never sent for an item that moved on).
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT id, due_date, remind_at, state, unit_id, owner, title,"
                             " round_id, assigned_at, acknowledged_by FROM items"
                             " WHERE remind_at <= :now ORDER BY remind_at LIMIT " +
                                 std::to_string(limit),
         soci::use(at));
    for (const auto& r : rows) {
      ReminderCandidate c;
      c.id = int64_at(r, 0);
      auto due = decode_due(c.id, r.get<std::string>(1));
      c.remind_at = Instant{std::chrono::seconds{int64_at(r, 2)}};
      c.state = decode_state(c.id, r.get<std::string>(3));
      c.unit = r.get<std::string>(4);
      c.owner = r.get<std::string>(5);
      c.title = r.get<std::string>(6);
      c.round = r.get<std::string>(7);
      if (c.state == ItemState::assigned && r.get_indicator(8) == soci::i_ok &&
          r.get<std::string>(9).empty()) {
        c.awaiting_ack_since = Instant{std::chrono::seconds{int64_at(r, 8)}};
      }
      if (due) c.due = *due;
      if (!due) c.state = ItemState::closed;  // nothing to remind of: the caller disarms it
      out.push_back(std::move(c));
    }
    return out;
  });
}

void ItemStore::for_each_remindable(const std::function<void(const Remindable&)>& each) {
  guarded("items.remindable", [&] {
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT id, due_date, remind_at, state, assigned_at, acknowledged_by"
                             " FROM items WHERE due_date <> '' AND suspended_on = '' AND " +
                                 awaiting_rectification_sql() + " ORDER BY id");
    for (const auto& r : rows) {
      Remindable it;
      it.id = int64_at(r, 0);
      if (r.get_indicator(2) == soci::i_ok) {
        it.remind_at = Instant{std::chrono::seconds{int64_at(r, 2)}};
      }
      if (decode_state(it.id, r.get<std::string>(3)) == ItemState::assigned &&
          r.get_indicator(4) == soci::i_ok && r.get<std::string>(5).empty()) {
        it.awaiting_ack_since = Instant{std::chrono::seconds{int64_at(r, 4)}};
      }
      auto due = decode_due(it.id, r.get<std::string>(1));
      if (!due) continue;
      it.due = *due;
      each(it);
    }
  });
}

}  // namespace duban::store
