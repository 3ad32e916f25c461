#include "store/outbox.hpp"

#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

namespace {

const char* kDeliveryColumns =
    "SELECT id, reminder_id, recipient, role, unit_id, channel, address, status, attempts,"
    " next_attempt_at, batch, last_error, fallback_of, sent_at FROM deliveries";

// Runs `st`, prepared with `id` bound, once for each of `ids`.
void run_for_each(soci::statement& st, long long& id, const std::vector<std::int64_t>& ids) {
  for (auto i : ids) {
    id = i;
    st.execute(true);
  }
}

Instant instant_of(long long seconds) { return Instant{std::chrono::seconds{seconds}}; }

Delivery delivery_from(const soci::row& r, std::size_t at = 0) {
  Delivery d;
  d.id = int64_at(r, at + 0);
  d.reminder_id = int64_at(r, at + 1);
  d.recipient = r.get<std::string>(at + 2);
  d.role = r.get<std::string>(at + 3);
  d.unit = r.get<std::string>(at + 4);
  d.channel = r.get<std::string>(at + 5);
  d.address = r.get<std::string>(at + 6);
  auto status = r.get<std::string>(at + 7);
  auto s = delivery_status_from(status);
  if (!s) undecodable("deliveries", std::to_string(d.id), "status", status);
  d.status = *s;
  d.attempts = int_at(r, at + 8);
  d.next_attempt_at = instant_of(int64_at(r, at + 9));
  d.batch = r.get<std::string>(at + 10);
  d.last_error = r.get<std::string>(at + 11);
  if (r.get_indicator(at + 12) == soci::i_ok) d.fallback_of = int64_at(r, at + 12);
  auto sent = r.get<std::string>(at + 13);
  if (!sent.empty()) d.sent_at = parse_utc(sent);
  return d;
}

const char* kReminderColumns =
    "SELECT id, subject, rung, due_at, fire_at, queued_at, escalation, summary, status, note"
    " FROM reminders";

QueuedReminder reminder_from(const soci::row& r, std::size_t at = 0) {
  QueuedReminder q;
  q.id = int64_at(r, at + 0);
  q.subject = r.get<std::string>(at + 1);
  q.rung = r.get<std::string>(at + 2);
  auto when = [&](std::size_t i, const char* column) {
    auto text = r.get<std::string>(at + i);
    auto t = parse_utc(text);
    if (!t) undecodable("reminders", std::to_string(q.id), column, text);
    return *t;
  };
  q.due_at = when(3, "due_at");
  q.fire_at = when(4, "fire_at");
  q.queued_at = when(5, "queued_at");
  q.escalation = int_at(r, at + 6) != 0;
  q.summary = r.get<std::string>(at + 7);
  q.status = r.get<std::string>(at + 8);
  q.note = r.get<std::string>(at + 9);
  return q;
}

}  // namespace

// The statements a tick runs once per reminder and per delivery, prepared once per session.
// RETURNING gives the id of a row inserted, or revived from cancelled, and no row when the unique
// key was there already (SQLite 3.35+, PostgreSQL).
struct SociOutbox::Prepared {
  std::string subject, rung, due, fire, queued, summary, note;
  int escalation = 0;
  long long reminder_id = 0;
  soci::indicator reminder_ind = soci::i_null;
  long long d_reminder = 0, d_next = 0, d_fallback = 0, d_id = 0;
  soci::indicator d_fallback_ind = soci::i_null, d_id_ind = soci::i_null;
  std::string d_recipient, d_role, d_unit, d_channel, d_address, d_status, d_error;
  soci::statement insert_reminder, insert_delivery;
  Prepared(soci::session& s, const long long& county)
      : insert_reminder(
            (s.prepare << "INSERT INTO reminders (county_id, subject, rung, due_at, fire_at,"
                          " queued_at, escalation, summary, status, note) VALUES (:c, :s, :r, :d,"
                          " :f, :q, :e, :sum, 'queued', :note)"
                          " ON CONFLICT (county_id, subject, rung, due_at) DO"
                          " UPDATE SET status = 'queued', fire_at = excluded.fire_at,"
                          " queued_at = excluded.queued_at, summary = excluded.summary,"
                          " note = excluded.note WHERE reminders.status = 'cancelled'"
                          " RETURNING id",
             soci::use(county), soci::use(subject), soci::use(rung), soci::use(due),
             soci::use(fire), soci::use(queued), soci::use(escalation), soci::use(summary),
             soci::use(note), soci::into(reminder_id, reminder_ind))),
        insert_delivery(
            (s.prepare << "INSERT INTO deliveries (county_id, reminder_id, recipient, role,"
                          " unit_id, channel, address, status, attempts, next_attempt_at,"
                          " last_error, fallback_of) VALUES (:c, :rid, :who, :role, :unit, :ch,"
                          " :addr, :st, 0, :next, :err, :fb)"
                          " ON CONFLICT (county_id, reminder_id, channel, address) DO"
                          " UPDATE SET status = excluded.status, next_attempt_at ="
                          " excluded.next_attempt_at, batch = '', last_error = ''"
                          " WHERE deliveries.status = 'cancelled' RETURNING id",
             soci::use(county), soci::use(d_reminder), soci::use(d_recipient), soci::use(d_role),
             soci::use(d_unit), soci::use(d_channel), soci::use(d_address), soci::use(d_status),
             soci::use(d_next), soci::use(d_error), soci::use(d_fallback, d_fallback_ind),
             soci::into(d_id, d_id_ind))) {}
};

SociOutbox::SociOutbox(soci::session& session, const SqlBackend& backend, const long long& county)
    : session_(session), backend_(backend), county_(county) {}
SociOutbox::~SociOutbox() = default;

SociOutbox::Prepared& SociOutbox::prepared() {
  if (!prepared_) prepared_ = std::make_unique<Prepared>(session_, county_);
  return *prepared_;
}

bool SociOutbox::queue(QueuedReminder& q, std::vector<Delivery>& deliveries) {
  return guarded("outbox.queue", [&] {
    auto& p = prepared();
    p.subject = q.subject;
    p.rung = q.rung;
    p.due = format_utc(q.due_at);
    p.fire = format_utc(q.fire_at);
    p.queued = format_utc(q.queued_at);
    p.escalation = q.escalation ? 1 : 0;
    p.summary = q.summary;
    p.note = q.note;
    p.reminder_ind = soci::i_null;
    // The unique key makes a second queueing of the same reminder a no-op, whoever tries it. Only
    // a reminder cancelled before it was sent comes back (an item reopened with its old deadline).
    bool got = execute_single(p.insert_reminder, [] {});
    if (!got || p.reminder_ind != soci::i_ok) return false;
    q.id = p.reminder_id;
    for (auto& d : deliveries) {
      d.reminder_id = q.id;
      add_delivery(d);
    }
    return true;
  });
}

void SociOutbox::add_delivery(Delivery& d) {
  guarded("outbox.add_delivery", [&] {
    auto& p = prepared();
    p.d_reminder = d.reminder_id;
    p.d_next = d.next_attempt_at.time_since_epoch().count();
    p.d_fallback = d.fallback_of.value_or(0);
    p.d_fallback_ind = d.fallback_of ? soci::i_ok : soci::i_null;
    p.d_recipient = d.recipient;
    p.d_role = d.role;
    p.d_unit = d.unit;
    p.d_channel = d.channel;
    p.d_address = d.address;
    p.d_status = std::string(to_string(d.status));
    p.d_error = d.last_error;
    p.d_id_ind = soci::i_null;
    bool got = execute_single(p.insert_delivery, [] {});
    if (got && p.d_id_ind == soci::i_ok) d.id = p.d_id;
  });
}

int SociOutbox::cancel(const std::string& subject, std::optional<Instant> keep_due,
                       const std::string& reason) {
  return guarded("outbox.cancel", [&] {
    std::string keep = keep_due ? format_utc(*keep_due) : std::string();
    const std::string which =
        " FROM reminders WHERE county_id = :c AND subject = :s AND status = 'queued'"
        " AND due_at <> :keep";
    int n = 0;
    session_ << "SELECT COUNT(*)" + which, soci::use(county_), soci::use(subject), soci::use(keep),
        soci::into(n);
    if (n == 0) return 0;
    session_ << "UPDATE deliveries SET status = 'cancelled', last_error = :why WHERE county_id ="
                " :county AND status IN ('pending', 'retrying') AND reminder_id IN (SELECT id" +
                    which + ")",
        soci::use(reason), soci::use(county_), soci::use(county_), soci::use(subject),
        soci::use(keep);
    session_ << "UPDATE reminders SET status = 'cancelled', note = :why WHERE county_id = :c"
                " AND subject = :s AND status = 'queued' AND due_at <> :keep",
        soci::use(reason), soci::use(county_), soci::use(subject), soci::use(keep);
    return n;
  });
}

std::vector<Delivery> SociOutbox::deliveries(const std::string& where, const std::string& tail,
                                             std::optional<long long> bound) {
  std::vector<Delivery> out;
  soci::details::prepare_temp_type pt = session_.prepare << std::string(kDeliveryColumns) +
                                                                " WHERE county_id = :c AND " +
                                                                where + tail;
  pt, soci::use(county_);
  if (bound) pt, soci::use(*bound);
  soci::rowset<soci::row> rows(pt);
  for (const auto& r : rows) out.push_back(delivery_from(r));
  return out;
}

std::vector<Delivery> SociOutbox::sendable(Instant now, std::size_t limit) {
  return guarded("outbox.sendable", [&] {
    return deliveries(
        "status IN ('pending', 'retrying') AND next_attempt_at <= :now",
        " ORDER BY next_attempt_at, id LIMIT " + std::to_string(limit) + backend_.skip_locked(),
        now.time_since_epoch().count());
  });
}

std::vector<Delivery> SociOutbox::expired_claims(Instant now) {
  return guarded("outbox.expired_claims", [&] {
    return deliveries("status = 'sending' AND lease_until <= :now", " ORDER BY batch, id",
                      now.time_since_epoch().count());
  });
}

bool SociOutbox::take_over(const std::string& batch, const Lease& lease, Instant now) {
  return guarded("outbox.take_over", [&] {
    std::string b = batch, node = lease.node;
    long long until = lease.until.time_since_epoch().count(), at = now.time_since_epoch().count();
    // Another process that takes it first leaves a lease that has not run out: no row then.
    soci::statement st = (session_.prepare << "UPDATE deliveries SET claimed_by = :node,"
                                              " lease_until = :until WHERE county_id = :c AND"
                                              " batch = :b AND status = 'sending' AND"
                                              " (lease_until <= :now OR claimed_by = :me)",
                          soci::use(node), soci::use(until), soci::use(county_), soci::use(b),
                          soci::use(at), soci::use(node));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

std::vector<std::int64_t> SociOutbox::claim(const std::vector<std::int64_t>& ids,
                                            const std::string& batch, const Lease& lease) {
  return guarded("outbox.claim", [&] {
    long long id = 0, until = lease.until.time_since_epoch().count();
    std::string b = batch, node = lease.node;
    // Only what is still to be sent: a row another process claimed meanwhile is left to it.
    soci::statement st =
        (session_.prepare << "UPDATE deliveries SET status = 'sending', batch = :b,"
                             " claimed_by = :node, lease_until = :until WHERE county_id = :c AND"
                             " id = :id AND status IN ('pending', 'retrying')",
         soci::use(b), soci::use(node), soci::use(until), soci::use(county_), soci::use(id));
    std::vector<std::int64_t> claimed;
    for (auto i : ids) {
      id = i;
      st.execute(true);
      if (st.get_affected_rows() == 1) claimed.push_back(i);
    }
    return claimed;
  });
}

void SociOutbox::mark_sent(const std::string& batch, const std::string& node, Instant at) {
  guarded("outbox.mark_sent", [&] {
    std::string when = format_utc(at);
    session_ << "UPDATE deliveries SET status = 'sent', sent_at = :at, attempts = attempts + 1,"
                " last_error = '', claimed_by = '', lease_until = 0 WHERE county_id = :c AND"
                " batch = :b AND status = 'sending' AND claimed_by = :node",
        soci::use(when), soci::use(county_), soci::use(batch), soci::use(node);
  });
}

void SociOutbox::mark_failed(const std::string& batch, const std::string& node,
                             const std::string& error, std::optional<Instant> retry_at) {
  guarded("outbox.mark_failed", [&] {
    std::string status = retry_at ? "retrying" : "dead";
    long long next = retry_at ? retry_at->time_since_epoch().count() : 0;
    session_ << "UPDATE deliveries SET status = :st, attempts = attempts + 1, last_error = :err,"
                " next_attempt_at = CASE WHEN :dead = 1 THEN next_attempt_at ELSE :next END,"
                " claimed_by = '', lease_until = 0"
                " WHERE county_id = :c AND batch = :b AND status = 'sending' AND"
                " claimed_by = :node",
        soci::use(status), soci::use(error), soci::use(retry_at ? 0 : 1), soci::use(next),
        soci::use(county_), soci::use(batch), soci::use(node);
  });
}

bool SociOutbox::retry(std::int64_t delivery_id, Instant now) {
  return guarded("outbox.retry", [&] {
    long long id = delivery_id, at = now.time_since_epoch().count();
    // A new batch on the next dispatch: a person asked for it again, so it is a new message.
    soci::statement st = (session_.prepare << "UPDATE deliveries SET status = 'pending',"
                                              " batch = '', next_attempt_at = :at WHERE"
                                              " county_id = :c AND id = :id AND status = 'dead'",
                          soci::use(at), soci::use(county_), soci::use(id));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

void SociOutbox::replace(std::int64_t id, const std::string& note) {
  guarded("outbox.replace", [&] {
    long long key = id;
    session_ << "UPDATE deliveries SET status = 'cancelled', last_error = :note WHERE"
                " county_id = :c AND id = :id AND status IN ('pending', 'retrying')",
        soci::use(note), soci::use(county_), soci::use(key);
  });
}

void SociOutbox::postpone(const std::vector<std::int64_t>& ids, Instant at) {
  guarded("outbox.postpone", [&] {
    long long id = 0, when = at.time_since_epoch().count();
    soci::statement st =
        (session_.prepare << "UPDATE deliveries SET next_attempt_at = :at WHERE county_id = :c"
                             " AND id = :id AND status IN ('pending', 'retrying')",
         soci::use(when), soci::use(county_), soci::use(id));
    run_for_each(st, id, ids);
  });
}

std::optional<QueuedReminder> SociOutbox::reminder(std::int64_t id) {
  return guarded("outbox.reminder", [&] {
    long long key = id;
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string(kReminderColumns) + " WHERE county_id = :c AND id = :id",
         soci::use(county_), soci::use(key));
    std::optional<QueuedReminder> out;
    for (const auto& r : rows) out = reminder_from(r);
    return out;
  });
}

std::optional<Delivery> SociOutbox::delivery(std::int64_t id) {
  return guarded("outbox.delivery", [&] {
    auto found = deliveries("id = :id", "", id);
    return found.empty() ? std::nullopt : std::optional<Delivery>(found.front());
  });
}

std::vector<std::pair<QueuedReminder, Delivery>> SociOutbox::list(const OutboxFilter& f) {
  return guarded("outbox.list", [&] {
    std::string sql =
        "SELECT r.id, r.subject, r.rung, r.due_at, r.fire_at, r.queued_at, r.escalation,"
        " r.summary, r.status, r.note, d.id, d.reminder_id, d.recipient, d.role, d.unit_id,"
        " d.channel, d.address, d.status, d.attempts, d.next_attempt_at, d.batch, d.last_error,"
        " d.fallback_of, d.sent_at FROM deliveries d JOIN reminders r ON r.county_id = d.county_id"
        " AND r.id = d.reminder_id"
        " WHERE r.county_id = :c";
    std::string status = f.status ? std::string(to_string(*f.status)) : "";
    if (f.status) sql += " AND d.status = :st";
    if (!f.to.empty()) sql += " AND (d.recipient = :to OR d.address = :to2)";
    if (!f.subject.empty()) sql += " AND r.subject = :subject";
    sql += " ORDER BY d.id DESC LIMIT " + std::to_string(f.limit);
    soci::details::prepare_temp_type pt = session_.prepare << sql;
    pt, soci::use(county_);
    if (f.status) pt, soci::use(status);
    if (!f.to.empty()) pt, soci::use(f.to), soci::use(f.to);
    if (!f.subject.empty()) pt, soci::use(f.subject);
    soci::rowset<soci::row> rows(pt);
    std::vector<std::pair<QueuedReminder, Delivery>> out;
    for (const auto& r : rows) out.emplace_back(reminder_from(r, 0), delivery_from(r, 10));
    return out;
  });
}

std::vector<std::pair<DeliveryStatus, std::int64_t>> SociOutbox::counts() {
  return guarded("outbox.counts", [&] {
    std::vector<std::pair<DeliveryStatus, std::int64_t>> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT status, COUNT(*) FROM deliveries WHERE county_id = :c"
                             " GROUP BY status ORDER BY status",
         soci::use(county_));
    for (const auto& r : rows) {
      if (auto s = delivery_status_from(r.get<std::string>(0)))
        out.emplace_back(*s, int64_at(r, 1));
    }
    return out;
  });
}

std::string SociOutbox::meta(const std::string& key) {
  return guarded("meta.read", [&] {
    std::string value;
    soci::indicator ind = soci::i_null;
    session_ << "SELECT value FROM meta WHERE county_id = :c AND key = :k", soci::use(county_),
        soci::use(key), soci::into(value, ind);
    return session_.got_data() && ind == soci::i_ok ? value : std::string();
  });
}

void SociOutbox::set_meta(const std::string& key, const std::string& value) {
  guarded("meta.write", [&] {
    session_ << "INSERT INTO meta (county_id, key, value) VALUES (:c, :k, :v)"
                " ON CONFLICT (county_id, key) DO UPDATE SET value = excluded.value",
        soci::use(county_), soci::use(key), soci::use(value);
  });
}

void SociOutbox::record_rearming(const Rearming& r) {
  guarded("rearmings.insert", [&] {
    long long at = r.at.time_since_epoch().count(), items = r.items;
    session_ << "INSERT INTO rearmings (county_id, at, what, items) VALUES (:c, :at, :what,"
                " :items)",
        soci::use(county_), soci::use(at), soci::use(r.what), soci::use(items);
  });
}

std::vector<Rearming> SociOutbox::rearmings() {
  return guarded("rearmings.list", [&] {
    std::vector<Rearming> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT at, what, items FROM rearmings WHERE county_id = :c"
                             " ORDER BY id",
         soci::use(county_));
    for (const auto& r : rows) {
      out.push_back(Rearming{Instant{std::chrono::seconds{int64_at(r, 0)}}, r.get<std::string>(1),
                             int64_at(r, 2)});
    }
    return out;
  });
}

}  // namespace duban::store
