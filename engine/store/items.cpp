#include "store/items.hpp"

#include "domain/errors.hpp"
#include "store/guard.hpp"
#include "store/item_rows.hpp"
#include "store/item_where.hpp"
#include "store/row.hpp"

namespace duban::store {

using item_rows::decode_due;
using item_rows::decode_source;
using item_rows::decode_state;

namespace {

const char* kSelect =
    "SELECT id, round_id, source, category, title, manifestation, measures, result, evidence,"
    " unit_id, owner, due_date, state, rework_count, rectified_by, version, journal_seq,"
    " journal_hash, remind_at, assigned_at, acknowledged_by, acknowledged_at, suspended_on,"
    " extension_due, extension_reason, extension_by, extra, standing, report_due FROM items";

// Evidence is written as a JSON list of strings; anything else (or the same list written
// otherwise) was not written by duban.
std::vector<std::string> decode_evidence(std::int64_t id, const std::string& text) {
  auto evidence = evidence_from_json(text);
  if (evidence_to_json(evidence) != text) {
    undecodable("items", std::to_string(id), "evidence", text);
  }
  return evidence;
}

RectificationItem from_row(const soci::row& r) {
  RectificationItem it;
  it.id = int64_at(r, 0);
  it.round = r.get<std::string>(1);
  it.source = decode_source(it.id, r.get<std::string>(2));
  it.category = r.get<std::string>(3);
  it.title = r.get<std::string>(4);
  it.manifestation = r.get<std::string>(5);
  it.measures = r.get<std::string>(6);
  it.result = r.get<std::string>(7);
  it.evidence = decode_evidence(it.id, r.get<std::string>(8));
  it.unit = r.get<std::string>(9);
  it.owner = r.get<std::string>(10);
  it.due = decode_due(it.id, r.get<std::string>(11));
  it.state = decode_state(it.id, r.get<std::string>(12));
  it.rework_count = int_at(r, 13);
  it.rectified_by = r.get<std::string>(14);
  it.version = int64_at(r, 15);
  it.journal_seq = int64_at(r, 16);
  it.journal_hash = r.get<std::string>(17);
  if (r.get_indicator(18) == soci::i_ok)
    it.remind_at = Instant{std::chrono::seconds{int64_at(r, 18)}};
  item_rows::LedgerColumns ledger;
  ledger.read(r, 19);
  ledger.store(it);
  return it;
}

// One item's columns as bound values; the prepared statements read from and write into these.
struct Columns {
  long long id = 0, version = 0, due_at = 0, journal_seq = 0, remind_at = 0;
  std::string journal_hash;
  soci::indicator due_ind = soci::i_null, remind_ind = soci::i_null;
  std::string round, source, category, title, manifestation, measures, result, evidence, unit,
      owner, due_date, state, rectified_by, at;
  Instant at_instant{};  ///< what `at` was formatted from: a load mostly writes the same time
  int rework = 0;
  item_rows::LedgerColumns ledger;

  void load(const RectificationItem& it, ZoneOffset zone, Instant now) {
    id = it.id;
    version = it.version;
    journal_seq = it.journal_seq;
    journal_hash = it.journal_hash;
    round = it.round;
    source = to_string(it.source);
    category = it.category;
    title = it.title;
    manifestation = it.manifestation;
    measures = it.measures;
    result = it.result;
    evidence = evidence_to_json(it.evidence);
    unit = it.unit;
    owner = it.owner;
    due_date = it.due ? format_date(*it.due) : "";
    state = to_string(it.state);
    rectified_by = it.rectified_by;
    if (at.empty() || now != at_instant) {
      at = format_utc(now);
      at_instant = now;
    }
    rework = it.rework_count;
    due_ind = it.due ? soci::i_ok : soci::i_null;
    due_at = it.due ? end_of_day(*it.due, zone).time_since_epoch().count() : 0;
    remind_ind = it.remind_at ? soci::i_ok : soci::i_null;
    remind_at = it.remind_at ? it.remind_at->time_since_epoch().count() : 0;
    ledger.load(it);
  }
  RectificationItem item() const {
    RectificationItem it;
    it.id = id;
    it.round = round;
    it.source = decode_source(id, source);
    it.category = category;
    it.title = title;
    it.manifestation = manifestation;
    it.measures = measures;
    it.result = result;
    it.evidence = decode_evidence(id, evidence);
    it.unit = unit;
    it.owner = owner;
    it.due = decode_due(id, due_date);
    it.state = decode_state(id, state);
    it.rework_count = rework;
    it.rectified_by = rectified_by;
    it.version = version;
    it.journal_seq = journal_seq;
    it.journal_hash = journal_hash;
    if (remind_ind == soci::i_ok) it.remind_at = Instant{std::chrono::seconds{remind_at}};
    ledger.store(it);
    return it;
  }
};

}  // namespace

struct ItemStore::Prepared {
  Columns in, out;
  long long key = 0;
  // A transition writes the columns the machine's effects can change; the lead unit (indexed)
  // and the acknowledgement and ledger columns only when they change, so that most transitions
  // leave items_by_unit alone and write no more than they did before the ledger. Title, source,
  // category and round are never changed by a transition.
  soci::statement find, insert, update, ledger, move, next_id, remind;
  Prepared(soci::session& s, const long long& county)
      : find((s.prepare << std::string(kSelect) + " WHERE id = :id AND county_id = :c",
              soci::use(key), soci::use(county), soci::into(out.id), soci::into(out.round),
              soci::into(out.source), soci::into(out.category), soci::into(out.title),
              soci::into(out.manifestation), soci::into(out.measures), soci::into(out.result),
              soci::into(out.evidence), soci::into(out.unit), soci::into(out.owner),
              soci::into(out.due_date), soci::into(out.state), soci::into(out.rework),
              soci::into(out.rectified_by), soci::into(out.version), soci::into(out.journal_seq),
              soci::into(out.journal_hash), soci::into(out.remind_at, out.remind_ind),
              soci::into(out.ledger.assigned_at, out.ledger.assigned_ind),
              soci::into(out.ledger.acknowledged_by),
              soci::into(out.ledger.acknowledged_at, out.ledger.acknowledged_ind),
              soci::into(out.ledger.suspended_on), soci::into(out.ledger.extension_due),
              soci::into(out.ledger.extension_reason), soci::into(out.ledger.extension_by),
              soci::into(out.ledger.extra), soci::into(out.ledger.standing),
              soci::into(out.ledger.report_due))),
        // The id is chosen before the insert (next_id), so that the item's first journal entry,
        // which names it, is linked and hashed before the row is written.
        insert((s.prepare << "INSERT INTO items (county_id, id, round_id, source, category,"
                             " title, manifestation, measures, result, evidence, unit_id, owner,"
                             " due_date, due_at, state, rework_count, rectified_by, created_at,"
                             " updated_at, version, journal_seq, journal_hash, remind_at,"
                             " assigned_at) VALUES (:c, :id, :round,"
                             " :source, :category, :title, :manifestation, :measures, :result,"
                             " :evidence, :unit, :owner, :due_date, :due_at, :state, :rework,"
                             " :rectified_by, :at, :at2, 1, :journal_seq, :journal_hash,"
                             " :remind_at, :assigned_at)",
                soci::use(county), soci::use(in.id), soci::use(in.round), soci::use(in.source),
                soci::use(in.category), soci::use(in.title), soci::use(in.manifestation),
                soci::use(in.measures), soci::use(in.result), soci::use(in.evidence),
                soci::use(in.unit), soci::use(in.owner), soci::use(in.due_date),
                soci::use(in.due_at, in.due_ind), soci::use(in.state), soci::use(in.rework),
                soci::use(in.rectified_by), soci::use(in.at), soci::use(in.at),
                soci::use(in.journal_seq), soci::use(in.journal_hash),
                soci::use(in.remind_at, in.remind_ind),
                soci::use(in.ledger.assigned_at, in.ledger.assigned_ind))),
        update((s.prepare << "UPDATE items SET measures = :measures, result = :result,"
                             " evidence = :evidence, owner = :owner, due_date = :due_date,"
                             " due_at = :due_at, state = :state, rework_count = :rework,"
                             " rectified_by = :rectified_by, updated_at = :at,"
                             " journal_seq = :journal_seq, journal_hash = :journal_hash,"
                             " remind_at = :remind_at,"
                             " version = version + 1 WHERE id = :id AND county_id = :c"
                             " AND version = :version",
                soci::use(in.measures), soci::use(in.result), soci::use(in.evidence),
                soci::use(in.owner), soci::use(in.due_date), soci::use(in.due_at, in.due_ind),
                soci::use(in.state), soci::use(in.rework), soci::use(in.rectified_by),
                soci::use(in.at), soci::use(in.journal_seq), soci::use(in.journal_hash),
                soci::use(in.remind_at, in.remind_ind), soci::use(in.id), soci::use(county),
                soci::use(in.version))),
        ledger((s.prepare << "UPDATE items SET assigned_at = :assigned_at,"
                             " acknowledged_by = :acknowledged_by,"
                             " acknowledged_at = :acknowledged_at, suspended_on = :suspended_on,"
                             " extension_due = :extension_due,"
                             " extension_reason = :extension_reason, extension_by = :extension_by,"
                             " extra = :extra, standing = :standing, report_due = :report_due"
                             " WHERE id = :id AND county_id = :c",
                soci::use(in.ledger.assigned_at, in.ledger.assigned_ind),
                soci::use(in.ledger.acknowledged_by),
                soci::use(in.ledger.acknowledged_at, in.ledger.acknowledged_ind),
                soci::use(in.ledger.suspended_on), soci::use(in.ledger.extension_due),
                soci::use(in.ledger.extension_reason), soci::use(in.ledger.extension_by),
                soci::use(in.ledger.extra), soci::use(in.ledger.standing),
                soci::use(in.ledger.report_due), soci::use(in.id), soci::use(county))),
        move((s.prepare << "UPDATE items SET unit_id = :unit WHERE id = :id AND county_id = :c",
              soci::use(in.unit), soci::use(in.id), soci::use(county))),
        // A county's items are numbered 1, 2, … on its own: its writers queue (SQLite's one
        // writer; elsewhere the journal head's row lock, taken as a write unit begins), so its
        // largest id plus one holds for the unit. Read backwards along the key, one row.
        next_id((s.prepare << "SELECT id FROM items WHERE county_id = :c ORDER BY id DESC LIMIT 1",
                 soci::use(county), soci::into(key))),
        remind((s.prepare << "UPDATE items SET remind_at = :at WHERE id = :id AND county_id = :c",
                soci::use(in.remind_at, in.remind_ind), soci::use(in.id), soci::use(county))) {}
};

ItemStore::ItemStore(soci::session& session, const SqlBackend& backend, ZoneOffset zone,
                     const long long& county)
    : session_(session), backend_(backend), zone_(zone), county_(county) {}
ItemStore::~ItemStore() = default;

ItemStore::Prepared& ItemStore::prepared() {
  if (!prepared_) prepared_ = std::make_unique<Prepared>(session_, county_);
  return *prepared_;
}

std::optional<RectificationItem> ItemStore::find(std::int64_t id) {
  return guarded("items.find", [&] {
    auto& p = prepared();
    p.key = id;
    std::optional<RectificationItem> found;
    execute_single(p.find, [&] { found = p.out.item(); });
    return found;
  });
}

void ItemStore::begin(bool cached) {
  if (!cached) last_id_.reset();
  // A load of the last unit that rolled back left nothing set aside (DDL is transactional).
  set_aside_.clear();
  loading_ = false;
}

std::int64_t ItemStore::next_id() {
  return guarded("items.next_id", [&] {
    if (last_id_) return static_cast<std::int64_t>(*last_id_ + 1);
    // Once per unit of work: the county's writers queue, so no one else inserts meanwhile.
    auto& p = prepared();
    p.key = 0;
    execute_single(p.next_id, [] {});
    last_id_ = p.key;
    return static_cast<std::int64_t>(p.key + 1);
  });
}

std::int64_t ItemStore::insert(const RectificationItem& item, Instant now) {
  const auto id = item.id != 0 ? item.id : next_id();
  return guarded("items.insert", [&] {
    auto& p = prepared();
    p.in.load(item, zone_, now);
    p.in.id = id;
    p.insert.execute(true);
    // A new item has at most its assignment's time; the rest of the ledger comes with transitions.
    if (p.in.ledger.beyond_assignment()) p.ledger.execute(true);
    if (last_id_ && id > *last_id_) last_id_ = id;
    return id;
  });
}

void ItemStore::update(const RectificationItem& before, const RectificationItem& after,
                       Instant now) {
  guarded("items.update", [&] {
    auto& p = prepared();
    p.in.load(after, zone_, now);
    p.in.id = before.id;
    p.in.version = before.version;
    p.update.execute(true);
    if (p.update.get_affected_rows() != 1) {
      throw Error(Errc::conflict, {"事项 " + std::to_string(before.id) + " 已被他人修改,请重试",
                                   "item " + std::to_string(before.id) +
                                       " was changed by someone else; try again"});
    }
    if (after.unit != before.unit) p.move.execute(true);
    item_rows::LedgerColumns was;
    was.load(before);
    if (!(p.in.ledger == was)) p.ledger.execute(true);
  });
}

std::string awaiting_rectification_sql(const std::string& column) {
  std::string names;
  for (auto s : kAllItemStates) {
    if (!awaits_rectification(s)) continue;
    names += (names.empty() ? "'" : ", '") + std::string(to_string(s)) + "'";
  }
  return column + " IN (" + names + ")";
}

void ItemStore::for_each(const ItemFilter& f,
                         const std::function<void(const RectificationItem&)>& each) {
  guarded("items.list", [&] {
    ItemWhere where(f, backend_, zone_, county_, true);
    // A page picks its ids first, from the indexes alone, and then reads those rows: read row by
    // row, a unit's page would look up every item that matches before keeping the first n.
    auto sql = f.limit > 0 ? std::string(kSelect) +
                                 " WHERE (county_id, id) IN (SELECT county_id, id FROM items" +
                                 where.where() + where.tail() + ")" + where.order()
                           : std::string(kSelect) + where.where() + where.tail();
    soci::details::prepare_temp_type pt = session_.prepare << sql;
    where.bind(pt);
    soci::rowset<soci::row> rows(pt);
    for (const auto& r : rows) each(from_row(r));
  });
}

std::int64_t ItemStore::count(const ItemFilter& f) {
  return guarded("items.count", [&] {
    ItemWhere where(f, backend_, zone_, county_, false);
    long long n = 0;
    {
      // Run once, at the end of this block: its shape changes with the filter.
      soci::details::once_temp_type once = session_ << "SELECT COUNT(*) FROM items" + where.where();
      where.bind(once);
      once, soci::into(n);
    }
    return static_cast<std::int64_t>(n);
  });
}

std::vector<std::int64_t> ItemStore::unit_changes(const std::vector<std::string>& units) {
  return guarded("items.unit_changes", [&] {
    // The units' counters and the directory's (unit ''), in one query run once.
    std::vector<std::int64_t> out(units.size() + 1, 0);
    std::string sql = "SELECT unit_id, n FROM unit_changes WHERE county_id = :c AND unit_id IN (''";
    for (std::size_t i = 0; i < units.size(); ++i) sql += ", :u" + std::to_string(i);
    sql += ")";
    std::vector<std::string> ids(units.size() + 1);
    std::vector<long long> values(units.size() + 1);
    {
      soci::details::once_temp_type once = session_ << sql;
      once, soci::use(county_);
      for (const auto& u : units) once, soci::use(u);
      once, soci::into(ids), soci::into(values);
    }
    for (std::size_t r = 0; r < ids.size(); ++r) {
      for (std::size_t i = 0; i <= units.size(); ++i) {
        if ((i < units.size() ? units[i] : std::string()) == ids[r]) out[i] = values[r];
      }
    }
    return out;
  });
}

std::vector<RectificationItem> ItemStore::list(const ItemFilter& f) {
  std::vector<RectificationItem> out;
  for_each(f, [&](const RectificationItem& it) { out.push_back(it); });
  return out;
}

OpenCounts ItemStore::open_and_overdue(Instant now) {
  return guarded("items.open_and_overdue", [&] {
    long long open = 0, overdue = 0, at = now.time_since_epoch().count();
    const auto where = " FROM items WHERE county_id = :c AND " + awaiting_rectification_sql();
    session_ << "SELECT COUNT(*)" + where, soci::use(county_), soci::into(open);
    // A suspended item's clock stands still: it is not overdue while suspended.
    session_ << "SELECT COUNT(*)" + where + " AND suspended_on = '' AND due_at <= :now",
        soci::use(county_), soci::use(at), soci::into(overdue);
    return OpenCounts{open, overdue};
  });
}

void ItemStore::for_each_stamp(const std::function<void(const ItemStamp&)>& each) {
  guarded("items.stamps", [&] {
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT id, version, created_at, updated_at, due_date, due_at"
                             " FROM items WHERE county_id = :c ORDER BY id",
         soci::use(county_));
    for (const auto& r : rows) {
      ItemStamp st;
      st.id = int64_at(r, 0);
      st.version = int64_at(r, 1);
      st.created_at = r.get<std::string>(2);
      st.updated_at = r.get<std::string>(3);
      st.due_date = r.get<std::string>(4);
      if (r.get_indicator(5) == soci::i_ok) st.due_at = int64_at(r, 5);
      each(st);
    }
  });
}

void ItemStore::set_remind_at(std::int64_t id, std::optional<Instant> at) {
  guarded("items.set_remind_at", [&] {
    auto& p = prepared();
    p.in.remind_at = at ? at->time_since_epoch().count() : 0;
    p.in.remind_ind = at ? soci::i_ok : soci::i_null;
    p.in.id = id;
    p.remind.execute(true);
  });
}

std::int64_t ItemStore::count() {
  return guarded("items.count", [&] {
    long long n = 0;
    session_ << "SELECT COUNT(*) FROM items WHERE county_id = :c", soci::use(county_),
        soci::into(n);
    return static_cast<std::int64_t>(n);
  });
}

}  // namespace duban::store
