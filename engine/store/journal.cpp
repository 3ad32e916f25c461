#include "store/journal.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "domain/errors.hpp"
#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

std::string sha256_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
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
  for (unsigned char c : s) {
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
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
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

std::string canonical_form(const JournalEntry& e) {
  // Keys in sorted order, no white space: the same entry always gives the same text.
  std::string out = "{\"actor\":";
  append_json_string(out, e.actor);
  out += ",\"at\":";
  append_json_string(out, format_utc(e.at));
  out += ",\"changes\":" + changes_text(e) + ",\"event\":";
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
  return out + "}";
}

std::string chain_hash(const std::string& prev_hash, const JournalEntry& entry) {
  return sha256_hex(prev_hash + "\n" + canonical_form(entry));
}

struct JournalWriter::Prepared {
  long long seq = 0;
  int pinned = 0;
  std::string hash, at, actor, subject, event, before, after, changes, reason, prev;
  soci::statement head, insert, advance;
  Prepared(soci::session& s, const Dialect& d)
      : head((s.prepare << std::string("SELECT seq, hash FROM journal_head WHERE id = 1") +
                               d.lock_suffix(),
              soci::into(seq), soci::into(hash))),
        insert((s.prepare << "INSERT INTO journal (seq, at, actor, subject, event, state_before,"
                             " state_after, changes, reason, pinned_clock, prev_hash, hash) VALUES"
                             " (:seq, :at, :actor, :subject, :event, :before, :after, :changes,"
                             " :reason, :pinned, :prev, :hash)",
                soci::use(seq), soci::use(at), soci::use(actor), soci::use(subject),
                soci::use(event), soci::use(before), soci::use(after), soci::use(changes),
                soci::use(reason), soci::use(pinned), soci::use(prev), soci::use(hash))),
        advance((s.prepare << "UPDATE journal_head SET seq = :seq, hash = :hash WHERE id = 1",
                 soci::use(seq), soci::use(hash))) {}
};

JournalWriter::JournalWriter(soci::session& session, const Dialect& dialect)
    : session_(session), dialect_(dialect) {}
JournalWriter::~JournalWriter() = default;

JournalWriter::Prepared& JournalWriter::prepared() {
  if (!prepared_) prepared_ = std::make_unique<Prepared>(session_, dialect_);
  return *prepared_;
}

void JournalWriter::append_all(std::vector<JournalEntry>& entries) {
  if (entries.empty()) return;
  guarded("journal.append", [&] {
    auto& p = prepared();
    long long seq = 0;
    std::string hash;
    execute_single(p.head, [&] {
      seq = p.seq;
      hash = p.hash;
    });
    p.seq = seq;
    p.hash = hash;
    for (auto& e : entries) {
      e.seq = ++p.seq;
      e.prev_hash = p.hash;
      e.hash = chain_hash(p.hash, e);
      p.at = format_utc(e.at);
      p.actor = e.actor;
      p.subject = e.subject;
      p.event = e.event;
      p.before = e.state_before;
      p.after = e.state_after;
      p.changes = changes_text(e);
      p.reason = e.reason;
      p.pinned = e.pinned_clock ? 1 : 0;
      p.prev = e.prev_hash;
      p.hash = e.hash;
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
  return e;
}
const char* kColumns =
    "SELECT seq, at, actor, subject, event, state_before, state_after, changes, reason,"
    " pinned_clock, prev_hash, hash FROM journal";
}  // namespace

std::vector<JournalEntry> JournalWriter::read(const std::string& subject) {
  return guarded("journal.read", [&] {
    auto& session = session_;
    std::vector<JournalEntry> out;
    soci::rowset<soci::row> rows =
        (session.prepare << std::string(kColumns) + " WHERE subject = :s ORDER BY seq",
         soci::use(subject));
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
      if (chain_hash(prev, e) != e.hash || changes_text(e) != r.get<std::string>(7)) {
        broken(e.seq, "日志第 " + n + " 条内容与其哈希不符(记录被改动)" + what,
               "journal entry #" + n + " does not match its hash (the entry was altered)" + what);
        return result;
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
    }
    return result;
  });
}

}  // namespace duban::store
