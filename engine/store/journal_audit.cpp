// `audit verify`'s walk of the chain, and the audit's other reads and writes beside the journal:
// rows without history, signed checkpoints, the security log.
#include <map>
#include <unordered_map>

#include "domain/errors.hpp"
#include "store/guard.hpp"
#include "store/journal.hpp"
#include "store/journal_hash.hpp"
#include "store/journal_rows.hpp"
#include "store/row.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

using namespace journal_rows;

std::vector<std::int64_t> JournalWriter::items_without_rows() {
  return guarded("journal.items_without_rows", [&] {
    std::vector<std::int64_t> out;
    soci::rowset<soci::row> rows =
        (session_.prepare
             << "SELECT DISTINCT CAST(substr(subject, 6) AS INTEGER) AS id FROM journal"
                " WHERE county_id = :c AND substr(subject, 1, 5) = 'item:' AND"
                " CAST(substr(subject, 6) AS INTEGER) NOT IN (SELECT id FROM items"
                " WHERE county_id = :c2) ORDER BY id",
         soci::use(county_), soci::use(county_));
    for (const auto& r : rows) out.push_back(int64_at(r, 0));
    return out;
  });
}

std::optional<Checkpoint> JournalWriter::last_entry() {
  return guarded("journal.last_entry", [&]() -> std::optional<Checkpoint> {
    Checkpoint c;
    long long seq = 0;
    session_ << "SELECT seq, hash, at FROM journal WHERE county_id = :c ORDER BY seq DESC LIMIT 1",
        soci::use(county_), soci::into(seq), soci::into(c.hash), soci::into(c.at);
    if (!session_.got_data()) return std::nullopt;
    c.seq = seq;
    return c;
  });
}

std::optional<std::string> JournalWriter::hash_at(std::int64_t seq) {
  return guarded("journal.hash_at", [&]() -> std::optional<std::string> {
    std::string hash;
    long long s = seq;
    session_ << "SELECT hash FROM journal WHERE county_id = :c AND seq = :s", soci::use(county_),
        soci::use(s), soci::into(hash);
    if (!session_.got_data()) return std::nullopt;
    return hash;
  });
}

void JournalWriter::add_checkpoint(Checkpoint& c) {
  guarded("journal.add_checkpoint", [&] {
    long long seq = c.seq;
    session_ << "INSERT INTO checkpoints (county_id, seq, hash, at, statement, signature,"
                " public_key) VALUES (:c, :seq, :hash, :at, :statement, :signature, :key)",
        soci::use(county_), soci::use(seq), soci::use(c.hash), soci::use(c.at),
        soci::use(c.statement), soci::use(c.signature), soci::use(c.public_key);
    long long id = 0;
    session_ << "SELECT MAX(id) FROM checkpoints WHERE county_id = :c", soci::use(county_),
        soci::into(id);
    c.id = id;
  });
}

std::vector<Checkpoint> JournalWriter::checkpoints() {
  return guarded("journal.checkpoints", [&] {
    std::vector<Checkpoint> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT id, seq, hash, at, statement, signature, public_key"
                             " FROM checkpoints WHERE county_id = :c ORDER BY id",
         soci::use(county_));
    for (const auto& r : rows) {
      Checkpoint c;
      c.id = int64_at(r, 0);
      c.seq = int64_at(r, 1);
      c.hash = r.get<std::string>(2);
      c.at = r.get<std::string>(3);
      c.statement = r.get<std::string>(4);
      c.signature = r.get<std::string>(5);
      c.public_key = r.get<std::string>(6);
      out.push_back(std::move(c));
    }
    return out;
  });
}

void JournalWriter::add_denial(const Denial& d) {
  guarded("denials.add", [&] {
    session_ << "INSERT INTO denials (county_id, at, actor, action, subject, code, reason_zh,"
                " reason_en) VALUES (:c, :at, :actor, :action, :subject, :code, :zh, :en)",
        soci::use(county_), soci::use(d.at), soci::use(d.actor), soci::use(d.action),
        soci::use(d.subject), soci::use(d.code), soci::use(d.reason_zh), soci::use(d.reason_en);
  });
}

std::vector<Denial> JournalWriter::denials(const std::string& since) {
  return guarded("denials.list", [&] {
    std::vector<Denial> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT id, at, actor, action, subject, code, reason_zh, reason_en"
                             " FROM denials WHERE county_id = :c AND at >= :since ORDER BY id",
         soci::use(county_), soci::use(since));
    for (const auto& r : rows) {
      out.push_back({int64_at(r, 0), r.get<std::string>(1), r.get<std::string>(2),
                     r.get<std::string>(3), r.get<std::string>(4), r.get<std::string>(5),
                     r.get<std::string>(6), r.get<std::string>(7)});
    }
    return out;
  });
}

std::vector<std::pair<std::string, std::int64_t>> JournalWriter::item_event_counts() {
  return guarded("journal.item_event_counts", [&] {
    std::vector<std::pair<std::string, std::int64_t>> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT event, COUNT(*) FROM journal WHERE county_id = :c AND"
                             " substr(subject, 1, 5) = 'item:' GROUP BY event ORDER BY event",
         soci::use(county_));
    for (const auto& r : rows) out.emplace_back(r.get<std::string>(0), int64_at(r, 1));
    return out;
  });
}

std::vector<std::string> JournalWriter::other_subjects() {
  return guarded("journal.other_subjects", [&] {
    std::vector<std::string> out;
    soci::rowset<std::string> rows =
        (session_.prepare << std::string("SELECT DISTINCT subject FROM journal WHERE county_id"
                                         " = :c AND ") +
                                 kNotItemSubject + " ORDER BY subject",
         soci::use(county_));
    for (const auto& s : rows) out.push_back(s);
    return out;
  });
}

AuditResult JournalWriter::verify() {
  return guarded("journal.verify", [&] {
    auto& session = session_;
    AuditResult result;
    std::string prev = kNoHash, prev_at;
    long long expected_seq = 1;
    // Every problem is reported, not only the first: a later tampering must not hide behind an
    // earlier one. After a broken entry the walk goes on from what is stored.
    auto broken = [&](long long seq, const std::string& subject, std::string zh, std::string en) {
      result.add(seq, subject, std::move(zh), std::move(en));
    };
    // The chain's tail is anchored twice over: the head row names the last entry of the last
    // batch that was not all about items, and each item row its own last entry (seq and hash).
    long long head_seq = 0;
    std::string head_hash = kNoHash, hash_at_head = kNoHash;
    session << "SELECT seq, hash FROM journal_head WHERE county_id = :c", soci::use(county_),
        soci::into(head_seq), soci::into(head_hash);
    struct Anchor {
      long long named_seq = 0;
      std::string named_hash;
      long long last_seq = 0;  ///< its last entry found in the journal
      std::string last_hash;
    };
    std::unordered_map<std::int64_t, Anchor> items;
    {
      soci::rowset<soci::row> rows =
          (session.prepare
               << "SELECT id, journal_seq, journal_hash FROM items WHERE county_id = :c",
           soci::use(county_));
      for (const auto& r : rows) {
        items[int64_at(r, 0)] = {int64_at(r, 1), r.get<std::string>(2), 0, {}};
      }
    }
    soci::rowset<soci::row> rows =
        (session.prepare << std::string(kColumns) + " WHERE county_id = :c ORDER BY seq",
         soci::use(county_));
    for (const auto& r : rows) {
      auto e = entry_from_row(r);
      auto n = std::to_string(e.seq);
      // What is hashed is what is stored, byte for byte: the time as its text, not as parsed.
      const auto& at = r.get<std::string>(1);
      auto what = " (" + e.subject + " " + e.event + ", " + at + ")";
      if (e.seq != expected_seq) {
        auto gap = std::to_string(expected_seq);
        if (e.seq > expected_seq + 1) gap += "–" + std::to_string(e.seq - 1);
        broken(expected_seq, "", "日志第 " + gap + " 条缺失",
               "journal entry #" + gap + " is missing");
      }
      if (e.prev_hash != prev) {
        broken(e.seq, e.subject, "日志第 " + n + " 条与前一条的链接不符" + what,
               "journal entry #" + n + " does not link to the entry before it" + what);
      }
      // What is hashed is the changes column exactly as stored, byte for byte.
      const auto& stored_changes = r.get<std::string>(7);
      if (chain_hash(e.prev_hash, e, at, stored_changes) != e.hash) {
        broken(e.seq, e.subject, "日志第 " + n + " 条内容与其哈希不符(记录被改动)" + what,
               "journal entry #" + n + " does not match its hash (the entry was altered)" + what);
      }
      if (auto format = int64_at(r, 13); format != kCanonicalFormat) {
        broken(e.seq, e.subject,
               "日志第 " + n + " 条的规范格式版本 " + std::to_string(format) + " 未知" + what,
               "journal entry #" + n + " names canonical form version " + std::to_string(format) +
                   ", which this duban does not know" + what);
      }
      // Stored as 0 or 1; hashed as a flag, so any other number would pass for 1 unnoticed.
      if (auto pinned = int64_at(r, 9); pinned != 0 && pinned != 1) {
        broken(e.seq, e.subject, "日志第 " + n + " 条的 pinned_clock 不是 0 或 1" + what,
               "journal entry #" + n + " has a pinned_clock other than 0 or 1" + what);
      }
      if (at < prev_at) {
        broken(e.seq, e.subject, "日志第 " + n + " 条的时间早于前一条(" + prev_at + ")" + what,
               "journal entry #" + n + " is dated before the entry before it (" + prev_at + ")" +
                   what);
      }
      // Each of an item's entries links to the one before it (how `item journal` reads it).
      if (auto id = item_of(e.subject); id != 0) {
        if (auto found = items.find(id); found != items.end()) {
          auto& anchor = found->second;
          if (e.subject_prev != anchor.last_seq) {
            broken(e.seq, e.subject, "日志第 " + n + " 条未链接到该事项的上一条记录" + what,
                   "journal entry #" + n + " does not link to the item's entry before it" + what);
          }
          anchor.last_seq = e.seq;
          anchor.last_hash = e.hash;
        }
      } else if (e.subject_prev != 0) {
        broken(e.seq, e.subject,
               "日志第 " + n + " 条不属于事项,却链接到第 " + std::to_string(e.subject_prev) +
                   " 条" + what,
               "journal entry #" + n + " is not about an item but links to entry #" +
                   std::to_string(e.subject_prev) + what);
      }
      if (e.seq == head_seq) hash_at_head = e.hash;
      prev = e.hash;
      prev_at = std::max(prev_at, at);
      expected_seq = e.seq + 1;
      ++result.entries;
    }
    const auto last = std::to_string(expected_seq - 1);
    if (head_seq > expected_seq - 1 || head_seq < 0) {
      broken(expected_seq, "",
             "日志末尾被删除:记录的最后一条为第 " + std::to_string(head_seq) + " 条,实有 " +
                 std::to_string(result.entries) + " 条",
             "entries were removed from the end of the journal: the head says #" +
                 std::to_string(head_seq) + ", found " + std::to_string(result.entries));
    } else if (head_hash != hash_at_head) {
      broken(head_seq ? head_seq : 1, "",
             "日志头与第 " + std::to_string(head_seq) + " 条不符:日志末尾被删除或改动",
             "the journal's head does not match entry #" + std::to_string(head_seq) +
                 ": entries were removed from the end of the journal, or altered");
    }
    // Then every item against its history, in id order so that the report does not vary.
    std::map<std::int64_t, const Anchor*> ordered;
    for (const auto& [id, a] : items) ordered.emplace(id, &a);
    for (const auto& [id, anchor] : ordered) {
      const auto& a = *anchor;
      const auto item = std::to_string(id), named = std::to_string(a.named_seq),
                 found = std::to_string(a.last_seq);
      const auto subject = "item:" + item;
      if (a.last_seq == 0 && a.named_seq == 0) {
        broken(0, subject, "事项 " + item + " 在日志中没有任何记录(不是由本系统写入的)",
               "item " + item + " has no history in the journal (it was not written by duban)");
      } else if (a.named_seq > expected_seq - 1) {
        broken(expected_seq, subject,
               "日志末尾被删除:事项 " + item + " 记录的最后一条日志为第 " + named +
                   " 条,日志只到第 " + last + " 条",
               "entries were removed from the end of the journal: item " + item + " names entry #" +
                   named + ", the journal ends at #" + last);
      } else if (a.named_seq != a.last_seq) {
        broken(a.named_seq ? a.named_seq : a.last_seq, subject,
               "事项 " + item + " 记录的最后一条日志为第 " + named +
                   " 条,日志中该事项的最后一条为第 " + found + " 条",
               "item " + item + " names journal entry #" + named +
                   " as its last, but its last in the journal is #" + found);
      } else if (a.named_hash != a.last_hash) {
        broken(a.named_seq, subject,
               "事项 " + item + " 的最后一条日志(第 " + named + " 条)与事项记下的哈希不符",
               "item " + item + "'s last journal entry #" + named +
                   " does not match the hash the item keeps (the entry was altered)");
      }
    }
    return result;
  });
}

}  // namespace duban::store
