#include "store/journal.hpp"

#include <algorithm>

#include "domain/errors.hpp"
#include "store/guard.hpp"
#include "store/journal_hash.hpp"
#include "store/journal_rows.hpp"
#include "store/row.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

using namespace journal_rows;

struct JournalWriter::Prepared {
  long long seq = 0, subject_prev = 0, head_seq = 0, tail_seq = 0;
  int pinned = 0;
  std::string hash, at, actor, subject, event, before, after, changes, reason, prev, head_hash,
      tail_hash, tail_at;
  // The chain continues from its last entry; the head row is a lock for backends that need one.
  soci::statement tail, lock_head, insert, advance;
  Prepared(soci::session& s, const SqlBackend& b, const long long& county)
      : tail((s.prepare << "SELECT seq, hash, at FROM journal WHERE county_id = :c"
                           " ORDER BY seq DESC LIMIT 1",
              soci::use(county), soci::into(tail_seq), soci::into(tail_hash), soci::into(tail_at))),
        lock_head((s.prepare << std::string("SELECT seq FROM journal_head WHERE county_id = :c") +
                                    b.lock_row(),
                   soci::use(county), soci::into(head_seq))),
        insert((s.prepare << "INSERT INTO journal (county_id, seq, at, actor, subject, event,"
                             " state_before, state_after, changes, reason, pinned_clock,"
                             " prev_hash, hash, subject_prev) VALUES (:c, :seq, :at, :actor,"
                             " :subject, :event, :before, :after, :changes, :reason, :pinned,"
                             " :prev, :hash, :subject_prev)",
                soci::use(county), soci::use(seq), soci::use(at), soci::use(actor),
                soci::use(subject), soci::use(event), soci::use(before), soci::use(after),
                soci::use(changes), soci::use(reason), soci::use(pinned), soci::use(prev),
                soci::use(hash), soci::use(subject_prev))),
        advance((s.prepare << "UPDATE journal_head SET seq = :seq, hash = :hash"
                              " WHERE county_id = :c",
                 soci::use(head_seq), soci::use(head_hash), soci::use(county))) {}
};

JournalWriter::JournalWriter(soci::session& session, const SqlBackend& backend,
                             const long long& county)
    : session_(session), backend_(backend), county_(county) {}
JournalWriter::~JournalWriter() = default;

JournalWriter::Prepared& JournalWriter::prepared() {
  if (!prepared_) prepared_ = std::make_unique<Prepared>(session_, backend_, county_);
  return *prepared_;
}

void JournalWriter::begin(bool cached) {
  if (!cached) tail_loaded_ = false;
  formatted_.clear();
}

JournalWriter::Prepared& JournalWriter::tail() {
  auto& p = prepared();
  if (!tail_loaded_) {
    // Once per unit of work: a write unit holds SQLite's write lock (or, through lock_head, the
    // head's row lock elsewhere), so no one else appends until it ends.
    if (*backend_.lock_row()) execute_single(p.lock_head, [] {});
    p.tail_seq = 0;
    p.tail_hash = kNoHash;
    p.tail_at.clear();
    execute_single(p.tail, [] {});
    tail_loaded_ = true;
  }
  return p;
}

void JournalWriter::hold() {
  if (!*backend_.lock_row()) return;  // writers queue at BEGIN already (SQLite)
  guarded("journal.hold", [&] { tail(); });
}

void JournalWriter::link(JournalEntry& e) {
  guarded("journal.link", [&] {
    auto& p = tail();
    // The columns that are hashed are formatted once, for the hash now and the row later.
    if (last_at_text_.empty() || e.at != last_at_) {
      last_at_ = e.at;
      last_at_text_ = format_utc(e.at);
    }
    // Time never runs backwards in the journal: an entry dated before the last one (a clock set
    // back, a DUBAN_NOW in the past) is refused before anything is written. Fixed-width UTC
    // times compare as text.
    if (last_at_text_ < p.tail_at) {
      throw Error(Errc::clock_behind,
                  {"时钟(" + last_at_text_ + ")早于日志最后一条的时间(" + p.tail_at +
                       "):请检查系统时间或 DUBAN_NOW,未写入任何数据",
                   "the clock (" + last_at_text_ + ") is before the journal's last entry (" +
                       p.tail_at + "): check the system time or DUBAN_NOW; nothing was written"});
    }
    Formatted f{last_at_text_, changes_text(e)};
    e.seq = ++p.tail_seq;
    e.prev_hash = p.tail_hash;
    e.hash = chain_hash(e.prev_hash, e, f.at, f.changes);
    p.tail_hash = e.hash;
    p.tail_at = f.at;
    if (formatted_.empty()) formatted_first_ = e.seq;
    formatted_.push_back(std::move(f));
  });
}

void JournalWriter::append_all(std::vector<JournalEntry>& entries) {
  if (entries.empty()) return;
  guarded("journal.append", [&] {
    auto& p = tail();
    bool anchored_by_items = true;
    for (auto& e : entries) {
      if (e.seq == 0) link(e);
      if (formatted_.empty() || formatted_first_ != e.seq) {
        throw Error(Errc::internal,
                    {"日志第 " + std::to_string(e.seq) + " 条未按顺序写入",
                     "journal entry #" + std::to_string(e.seq) + " is written out of order"});
      }
      p.at = std::move(formatted_.front().at);
      p.changes = std::move(formatted_.front().changes);
      formatted_.pop_front();
      ++formatted_first_;
      p.seq = e.seq;
      p.actor = e.actor;
      p.subject = e.subject;
      p.event = e.event;
      p.before = e.state_before;
      p.after = e.state_after;
      p.reason = e.reason;
      p.pinned = e.pinned_clock ? 1 : 0;
      p.prev = e.prev_hash;
      p.hash = e.hash;
      p.subject_prev = e.subject_prev;
      p.insert.execute(true);
      anchored_by_items = anchored_by_items && item_of(e.subject) != 0;
    }
    // An item's row keeps its last entry's seq and hash, so a batch of item entries is anchored
    // where it ends; anything else moves the head to the batch's last entry.
    if (!anchored_by_items) {
      p.head_seq = entries.back().seq;
      p.head_hash = entries.back().hash;
      p.advance.execute(true);
    }
  });
}

void JournalWriter::for_each_item_entry(
    const std::function<void(std::int64_t item, const JournalEntry&)>& each) {
  guarded("journal.for_each_item_entry", [&] {
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string(kColumns) +
                                 " WHERE county_id = :c AND substr(subject, 1, 5) = 'item:'"
                                 " ORDER BY seq",
         soci::use(county_));
    for (const auto& r : rows) {
      auto e = entry_from_row(r);
      if (auto id = item_of(e.subject)) each(id, e);
    }
  });
}

std::vector<JournalEntry> JournalWriter::read(const std::string& subject) {
  return guarded("journal.read", [&] {
    auto& session = session_;
    std::vector<JournalEntry> out;
    long long last = 0;
    soci::indicator ind = soci::i_null;
    if (auto item = item_of(subject)) {
      long long id = item;
      session << "SELECT journal_seq FROM items WHERE id = :id AND county_id = :c", soci::use(id),
          soci::use(county_), soci::into(last, ind);
      if (!session.got_data()) last = 0;
    }
    if (last > 0) {
      // An item's history: from the item row back along the links, newest first.
      for (long long seq = last; seq > 0;) {
        soci::rowset<soci::row> rows =
            (session.prepare << std::string(kColumns) + " WHERE county_id = :c AND seq = :seq",
             soci::use(county_), soci::use(seq));
        auto it = rows.begin();
        if (it == rows.end()) undecodable("journal", std::to_string(seq), "seq", "missing");
        auto e = entry_from_row(*it);
        if (e.subject != subject || e.subject_prev >= e.seq) {
          undecodable("journal", std::to_string(seq), "subject_prev",
                      e.subject + " -> " + std::to_string(e.subject_prev));
        }
        seq = e.subject_prev;
        out.push_back(std::move(e));
      }
      std::reverse(out.begin(), out.end());
      return out;
    }
    // Other subjects through their index; an item without a row (none is ever deleted) by a
    // scan of the journal.
    const std::string where = item_of(subject)
                                  ? " WHERE county_id = :c AND subject = :s ORDER BY seq"
                                  : std::string(" WHERE county_id = :c AND subject = :s AND ") +
                                        kNotItemSubject + " ORDER BY seq";
    soci::rowset<soci::row> rows =
        (session.prepare << std::string(kColumns) + where, soci::use(county_), soci::use(subject));
    for (const auto& r : rows) out.push_back(entry_from_row(r));
    return out;
  });
}

std::vector<JournalEntry> JournalWriter::entries(std::int64_t first, std::int64_t last) {
  return guarded("journal.entries", [&] {
    long long from = first, to = last;
    std::vector<JournalEntry> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string(kColumns) +
                                 " WHERE county_id = :c AND seq >= :f AND seq <= :l ORDER BY seq",
         soci::use(county_), soci::use(from), soci::use(to));
    for (const auto& r : rows) out.push_back(entry_from_row(r));
    return out;
  });
}

std::optional<Instant> JournalWriter::last_at() {
  return guarded("journal.last", [&]() -> std::optional<Instant> {
    std::string at;
    soci::indicator ind = soci::i_null;
    session_ << "SELECT at FROM journal WHERE county_id = :c ORDER BY seq DESC LIMIT 1",
        soci::use(county_), soci::into(at, ind);
    if (!session_.got_data() || ind != soci::i_ok) return std::nullopt;
    return parse_utc(at);
  });
}

}  // namespace duban::store
