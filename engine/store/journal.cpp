#include "store/journal.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "domain/errors.hpp"
#include "store/guard.hpp"
#include "store/migrations.hpp"
#include "store/row.hpp"

namespace duban::store {

std::string sha256_hex(const std::string& data) {
  // Fetched once: EVP_sha256() makes OpenSSL 3 look the algorithm up again on every digest.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!kSha256 || EVP_Digest(data.data(), data.size(), digest, &length, kSha256, nullptr) != 1) {
    throw Error(Errc::storage_error, {"SHA-256 计算失败", "SHA-256 failed"});
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

namespace {

// JSON string literal with the escapes RFC 8259 requires; UTF-8 passes through unchanged.
void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  // Runs of characters that need no escape are appended at once.
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        static const char* hex = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
        out.append(esc, sizeof esc);
      }
    }
  }
  out.append(s, run, std::string::npos);
  out += '"';
}

// {"field":["before","after"],...} with fields in sorted order (std::map keeps them sorted).
std::string changes_text(const JournalEntry& e) {
  std::string out = "{";
  bool first = true;
  for (const auto& [field, values] : e.changes) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, field);
    out += ":[";
    append_json_string(out, values.first);
    out += ',';
    append_json_string(out, values.second);
    out += ']';
  }
  return out + "}";
}

std::map<std::string, std::pair<std::string, std::string>> parse_changes(const std::string& text) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return out;
  for (auto& [field, values] : j.items()) {
    if (values.is_array() && values.size() == 2 && values[0].is_string() && values[1].is_string())
      out[field] = {values[0].get<std::string>(), values[1].get<std::string>()};
  }
  return out;
}

}  // namespace

namespace {
// The canonical form from the entry and the two columns already formatted for the row.
std::string canonical_form(const JournalEntry& e, const std::string& at,
                           const std::string& changes) {
  // Keys in sorted order, no white space: the same entry always gives the same text.
  std::string out;
  out.reserve(160 + changes.size() + e.reason.size() + e.subject.size());
  out += "{\"actor\":";
  append_json_string(out, e.actor);
  out += ",\"at\":";
  append_json_string(out, at);
  out += ",\"changes\":";
  out += changes;
  out += ",\"event\":";
  append_json_string(out, e.event);
  if (e.pinned_clock) out += ",\"pinned_clock\":true";
  out += ",\"reason\":";
  append_json_string(out, e.reason);
  out += ",\"seq\":" + std::to_string(e.seq) + ",\"state_after\":";
  append_json_string(out, e.state_after);
  out += ",\"state_before\":";
  append_json_string(out, e.state_before);
  out += ",\"subject\":";
  append_json_string(out, e.subject);
  out += '}';
  return out;
}

std::string chain_hash(const std::string& prev_hash, const JournalEntry& entry,
                       const std::string& at, const std::string& changes) {
  return sha256_hex(prev_hash + "\n" + canonical_form(entry, at, changes));
}
}  // namespace

std::string canonical_form(const JournalEntry& e) {
  return canonical_form(e, format_utc(e.at), changes_text(e));
}

std::string chain_hash(const std::string& prev_hash, const JournalEntry& entry) {
  return sha256_hex(prev_hash + "\n" + canonical_form(entry));
}

struct JournalWriter::Prepared {
  long long seq = 0, subject_prev = 0, head_seq = 0;
  int pinned = 0;
  std::string hash, at, actor, subject, event, before, after, changes, reason, prev, head_hash;
  soci::statement head, insert, advance;
  Prepared(soci::session& s, const Dialect& d)
      : head((s.prepare << std::string("SELECT seq, hash FROM journal_head WHERE id = 1") +
                               d.lock_suffix(),
              soci::into(head_seq), soci::into(head_hash))),
        insert((s.prepare << "INSERT INTO journal (seq, at, actor, subject, event, state_before,"
                             " state_after, changes, reason, pinned_clock, prev_hash, hash,"
                             " subject_prev) VALUES (:seq, :at, :actor, :subject, :event,"
                             " :before, :after, :changes, :reason, :pinned, :prev, :hash,"
                             " :subject_prev)",
                soci::use(seq), soci::use(at), soci::use(actor), soci::use(subject),
                soci::use(event), soci::use(before), soci::use(after), soci::use(changes),
                soci::use(reason), soci::use(pinned), soci::use(prev), soci::use(hash),
                soci::use(subject_prev))),
        advance((s.prepare << "UPDATE journal_head SET seq = :seq, hash = :hash WHERE id = 1",
                 soci::use(head_seq), soci::use(head_hash))) {}
};

JournalWriter::JournalWriter(soci::session& session, const Dialect& dialect)
    : session_(session), dialect_(dialect) {}
JournalWriter::~JournalWriter() = default;

JournalWriter::Prepared& JournalWriter::prepared() {
  if (!prepared_) prepared_ = std::make_unique<Prepared>(session_, dialect_);
  return *prepared_;
}

void JournalWriter::begin() { head_loaded_ = false; }

JournalWriter::Prepared& JournalWriter::head() {
  auto& p = prepared();
  if (!head_loaded_) {
    // Read once per unit of work: a write unit holds the write lock (SQLite) or, with this read,
    // the head's row lock (PostgreSQL), so no one else appends until it ends.
    p.head_seq = 0;
    p.head_hash = std::string(64, '0');
    execute_single(p.head, [] {});
    head_loaded_ = true;
  }
  return p;
}

std::int64_t JournalWriter::next_seq() {
  return guarded("journal.head", [&] { return static_cast<std::int64_t>(head().head_seq + 1); });
}

void JournalWriter::append_all(std::vector<JournalEntry>& entries) {
  if (entries.empty()) return;
  guarded("journal.append", [&] {
    auto& p = head();
    for (auto& e : entries) {
      // An entry numbered in advance (Transaction::record) must get the number it was given.
      if (e.seq != 0 && e.seq != p.head_seq + 1) {
        throw Error(Errc::internal,
                    {"日志序号不连续:预留第 " + std::to_string(e.seq) + " 条,实为第 " +
                         std::to_string(p.head_seq + 1) + " 条",
                     "journal sequence out of step: entry reserved #" + std::to_string(e.seq) +
                         ", next is #" + std::to_string(p.head_seq + 1)});
      }
      e.seq = ++p.head_seq;
      e.prev_hash = p.head_hash;
      // The columns that are hashed are formatted once, for the hash and for the row.
      p.at = format_utc(e.at);
      p.changes = changes_text(e);
      e.hash = chain_hash(e.prev_hash, e, p.at, p.changes);
      p.head_hash = e.hash;
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
    }
    p.advance.execute(true);
  });
}

namespace {
JournalEntry entry_from_row(const soci::row& r) {
  JournalEntry e;
  e.seq = int64_at(r, 0);
  e.at = parse_utc(r.get<std::string>(1)).value_or(Instant{});
  e.actor = r.get<std::string>(2);
  e.subject = r.get<std::string>(3);
  e.event = r.get<std::string>(4);
  e.state_before = r.get<std::string>(5);
  e.state_after = r.get<std::string>(6);
  e.changes = parse_changes(r.get<std::string>(7));
  e.reason = r.get<std::string>(8);
  e.pinned_clock = int_at(r, 9) != 0;
  e.prev_hash = r.get<std::string>(10);
  e.hash = r.get<std::string>(11);
  e.subject_prev = int64_at(r, 12);
  return e;
}
const char* kColumns =
    "SELECT seq, at, actor, subject, event, state_before, state_after, changes, reason,"
    " pinned_clock, prev_hash, hash, subject_prev FROM journal";

/// The item id of an "item:N" subject; 0 for any other subject.
std::int64_t item_of(const std::string& subject) {
  if (subject.rfind("item:", 0) != 0) return 0;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(subject.data() + 5, subject.data() + subject.size(), id);
  return ec == std::errc{} && end == subject.data() + subject.size() && id > 0 ? id : 0;
}
}  // namespace

std::vector<JournalEntry> JournalWriter::read(const std::string& subject) {
  return guarded("journal.read", [&] {
    auto& session = session_;
    std::vector<JournalEntry> out;
    long long last = 0;
    soci::indicator ind = soci::i_null;
    if (auto item = item_of(subject)) {
      long long id = item;
      session << "SELECT journal_seq FROM items WHERE id = :id", soci::use(id),
          soci::into(last, ind);
      if (!session.got_data()) last = 0;
    }
    if (last > 0) {
      // An item's history: from the item row back along the links, newest first.
      for (long long seq = last; seq > 0;) {
        soci::rowset<soci::row> rows =
            (session.prepare << std::string(kColumns) + " WHERE seq = :seq", soci::use(seq));
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
    const std::string where = item_of(subject) ? " WHERE subject = :s ORDER BY seq"
                                               : std::string(" WHERE subject = :s AND ") +
                                                     kNotItemSubject + " ORDER BY seq";
    soci::rowset<soci::row> rows =
        (session.prepare << std::string(kColumns) + where, soci::use(subject));
    for (const auto& r : rows) out.push_back(entry_from_row(r));
    return out;
  });
}

std::optional<Instant> JournalWriter::last_at() {
  return guarded("journal.last", [&]() -> std::optional<Instant> {
    std::string at;
    soci::indicator ind = soci::i_null;
    session_ << "SELECT at FROM journal ORDER BY seq DESC LIMIT 1", soci::into(at, ind);
    if (!session_.got_data() || ind != soci::i_ok) return std::nullopt;
    return parse_utc(at);
  });
}

AuditResult JournalWriter::verify() {
  return guarded("journal.verify", [&] {
    auto& session = session_;
    AuditResult result;
    std::string prev = std::string(64, '0');
    long long expected_seq = 1;
    auto broken = [&](long long seq, std::string zh, std::string en) {
      result.ok = false;
      result.first_broken_seq = seq;
      result.problem_zh = std::move(zh);
      result.problem_en = std::move(en);
    };
    // Each item row names its last entry, and each of an item's entries the one before it: both
    // must agree with the chain's order. Items are read first: id -> (named last, last seen).
    std::unordered_map<std::int64_t, std::pair<long long, long long>> items;
    {
      soci::rowset<soci::row> rows = (session.prepare << "SELECT id, journal_seq FROM items");
      for (const auto& r : rows) items[int64_at(r, 0)] = {int64_at(r, 1), 0};
    }
    soci::rowset<soci::row> rows = (session.prepare << std::string(kColumns) + " ORDER BY seq");
    for (const auto& r : rows) {
      auto e = entry_from_row(r);
      auto n = std::to_string(e.seq);
      auto what = " (" + e.subject + " " + e.event + ", " + format_utc(e.at) + ")";
      if (e.seq != expected_seq) {
        broken(expected_seq, "日志第 " + std::to_string(expected_seq) + " 条缺失",
               "journal entry #" + std::to_string(expected_seq) + " is missing");
        return result;
      }
      if (e.prev_hash != prev) {
        broken(e.seq, "日志第 " + n + " 条与前一条的链接不符" + what,
               "journal entry #" + n + " does not link to the entry before it" + what);
        return result;
      }
      // A tampered changes column may no longer parse back to what was hashed; compare the raw
      // column too, so an edit there cannot hide behind a lenient parse.
      const auto changes = changes_text(e);
      if (chain_hash(prev, e, format_utc(e.at), changes) != e.hash ||
          changes != r.get<std::string>(7)) {
        broken(e.seq, "日志第 " + n + " 条内容与其哈希不符(记录被改动)" + what,
               "journal entry #" + n + " does not match its hash (the entry was altered)" + what);
        return result;
      }
      if (auto found = items.find(item_of(e.subject)); found != items.end()) {
        auto& last_seen = found->second.second;
        if (e.subject_prev != last_seen) {
          broken(e.seq, "日志第 " + n + " 条未链接到该事项的上一条记录" + what,
                 "journal entry #" + n + " does not link to the item's entry before it" + what);
          return result;
        }
        last_seen = e.seq;
      }
      prev = e.hash;
      ++expected_seq;
      ++result.entries;
    }
    long long head_seq = 0;
    std::string head_hash;
    session << "SELECT seq, hash FROM journal_head WHERE id = 1", soci::into(head_seq),
        soci::into(head_hash);
    if (head_seq != result.entries || head_hash != prev) {
      broken(result.entries + 1,
             "日志末尾被删除:记录的最后一条为第 " + std::to_string(head_seq) + " 条,实有 " +
                 std::to_string(result.entries) + " 条",
             "entries were removed from the end of the journal: the head says #" +
                 std::to_string(head_seq) + ", found " + std::to_string(result.entries));
      return result;
    }
    // Then every item against its history (an item whose last entries were cut off).
    std::int64_t first = 0;  // the lowest id at fault, so that the report does not vary
    for (const auto& [id, link] : items) {
      if (link.first != link.second && (first == 0 || id < first)) first = id;
    }
    if (first != 0) {
      const auto& link = items.at(first);
      auto item = std::to_string(first);
      broken(link.second ? link.second : link.first,
             "事项 " + item + " 记录的最后一条日志为第 " + std::to_string(link.first) +
                 " 条,日志中该事项的最后一条为第 " + std::to_string(link.second) + " 条",
             "item " + item + " names journal entry #" + std::to_string(link.first) +
                 " as its last, but its last in the journal is #" + std::to_string(link.second));
      return result;
    }
    return result;
  });
}

}  // namespace duban::store
