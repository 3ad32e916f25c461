// The item store's reminder queries: the items whose next reminder has come, and every item that
// can be reminded (to arm them again when the calendar or the ladder changed).
#include <algorithm>

#include "store/guard.hpp"
#include "store/item_rows.hpp"
#include "store/items.hpp"
#include "store/row.hpp"

namespace duban::store {

namespace {
// When the item's assignment was made, while no one has acknowledged it (NULL otherwise): the one
// SQL form of RectificationItem::awaits_acknowledgement(), for both queries below.
const char* const kAwaitingAckSince =
    "CASE WHEN state = 'assigned' AND acknowledged_by = '' THEN assigned_at END";
// The date an item's reminders follow: its deadline, or a standing item's (长期坚持) next progress
// report; and its title as reminders show it, a standing item's marked as a report that is due.
const char* const kReminderDue = "CASE WHEN standing = 1 THEN report_due ELSE due_date END";
const char* const kReminderTitle =
    "CASE WHEN standing = 1 THEN '【长期坚持·进展报告】' || title ELSE title END";
}  // namespace

using item_rows::decode_due;
using item_rows::decode_state;

std::vector<ReminderCandidate> ItemStore::due_for_reminder(Instant now, std::size_t limit) {
  return guarded("items.due_for_reminder", [&] {
    std::vector<ReminderCandidate> out;
    long long at = now.time_since_epoch().count();
    // Fetched in blocks into vectors (a 09:00 tick finds a third of all items: row by row, each
    // column of each row would be a value of its own). remind_at is set only on items awaiting
    // rectification with a due date; the state is read to re-check before acting (a reminder is
    // never sent for an item that moved on).
    const std::size_t block = std::max<std::size_t>(1, std::min<std::size_t>(limit, 1000));
    std::vector<long long> ids(block), remind(block), ack(block);
    std::vector<soci::indicator> ack_ind(block);
    std::vector<std::string> due(block), state(block), unit(block), owner(block), title(block),
        round(block);
    soci::statement st =
        (session_.prepare << "SELECT id, " + std::string(kReminderDue) +
                                 ", remind_at, state, unit_id, owner, " +
                                 std::string(kReminderTitle) +
                                 ","
                                 " round_id, " +
                                 std::string(kAwaitingAckSince) +
                                 " FROM items WHERE county_id = :c AND"
                                 " remind_at <= :now ORDER BY remind_at LIMIT " +
                                 std::to_string(limit),
         soci::use(county_), soci::use(at), soci::into(ids), soci::into(due), soci::into(remind),
         soci::into(state), soci::into(unit), soci::into(owner), soci::into(title),
         soci::into(round), soci::into(ack, ack_ind));
    for (bool more = st.execute(true); more; more = st.fetch()) {
      for (std::size_t i = 0; i < ids.size(); ++i) {
        ReminderCandidate c;
        c.id = ids[i];
        auto d = decode_due(c.id, due[i]);
        c.remind_at = Instant{std::chrono::seconds{remind[i]}};
        c.state = decode_state(c.id, state[i]);
        c.unit = std::move(unit[i]);
        c.owner = std::move(owner[i]);
        c.title = std::move(title[i]);
        c.round = std::move(round[i]);
        if (ack_ind[i] == soci::i_ok) c.awaiting_ack_since = Instant{std::chrono::seconds{ack[i]}};
        if (d) c.due = *d;
        if (!d) c.state = ItemState::closed;  // nothing to remind of: the caller disarms it
        out.push_back(std::move(c));
      }
      for (auto* v : {&ids, &remind, &ack}) v->resize(block);
      for (auto* v : {&due, &state, &unit, &owner, &title, &round}) v->resize(block);
      ack_ind.resize(block);
    }
    return out;
  });
}

void ItemStore::for_each_remindable(const std::function<void(const Remindable&)>& each) {
  guarded("items.remindable", [&] {
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT id, " + std::string(kReminderDue) + ", remind_at, " +
                                 std::string(kAwaitingAckSince) +
                                 " FROM items WHERE county_id = :c"
                                 " AND " +
                                 std::string(kReminderDue) + " <> '' AND suspended_on = '' AND " +
                                 awaiting_rectification_sql() + " ORDER BY id",
         soci::use(county_));
    for (const auto& r : rows) {
      Remindable it;
      it.id = int64_at(r, 0);
      if (r.get_indicator(2) == soci::i_ok) {
        it.remind_at = Instant{std::chrono::seconds{int64_at(r, 2)}};
      }
      if (r.get_indicator(3) == soci::i_ok) {
        it.awaiting_ack_since = Instant{std::chrono::seconds{int64_at(r, 3)}};
      }
      auto due = decode_due(it.id, r.get<std::string>(1));
      if (!due) continue;
      it.due = *due;
      each(it);
    }
  });
}

}  // namespace duban::store
