#include "store/journal_hash.hpp"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "domain/errors.hpp"

namespace duban::store {

std::string sha256_hex(const std::string& data) {
  // Fetched once: EVP_sha256() makes OpenSSL 3 look the algorithm up again on every digest.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  // One context per thread, reset for each digest, instead of one allocated per digest.
  struct Context {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Context context;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!kSha256 || !context.ctx || EVP_DigestInit_ex2(context.ctx, kSha256, nullptr) != 1 ||
      EVP_DigestUpdate(context.ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context.ctx, digest, &length) != 1) {
    throw Error(Errc::storage_error, {"SHA-256 计算失败", "SHA-256 failed"});
  }
  static const char* hex = "0123456789abcdef";
  std::string out(length * 2, '\0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 0xF];
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

}  // namespace

// {"field":["before","after"],...} with fields in sorted order (std::map keeps them sorted).
std::string changes_text(const JournalEntry& e) {
  std::size_t size = 2;
  for (const auto& [field, values] : e.changes)
    size += field.size() + values.first.size() + values.second.size() + 10;
  std::string out;
  out.reserve(size + size / 8);
  out += '{';
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

namespace {
// The canonical form from the entry and the two columns already formatted for the row.
void append_canonical(std::string& out, const JournalEntry& e, const std::string& at,
                      const std::string& changes) {
  // Keys in sorted order, no white space: the same entry always gives the same text.
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
  out += ",\"seq\":";
  out += std::to_string(e.seq);
  out += ",\"state_after\":";
  append_json_string(out, e.state_after);
  out += ",\"state_before\":";
  append_json_string(out, e.state_before);
  out += ",\"subject\":";
  append_json_string(out, e.subject);
  out += '}';
}
}  // namespace

std::string canonical_form(const JournalEntry& e, const std::string& at,
                           const std::string& changes) {
  std::string out;
  out.reserve(160 + changes.size() + e.reason.size() + e.subject.size());
  append_canonical(out, e, at, changes);
  return out;
}

std::string chain_hash(const std::string& prev_hash, const JournalEntry& entry,
                       const std::string& at, const std::string& changes) {
  std::string text;
  text.reserve(prev_hash.size() + 161 + changes.size() + entry.reason.size() +
               entry.subject.size() + entry.actor.size());
  text += prev_hash;
  text += '\n';
  append_canonical(text, entry, at, changes);
  return sha256_hex(text);
}

std::string canonical_form(const JournalEntry& e) {
  return canonical_form(e, format_utc(e.at), changes_text(e));
}

std::string chain_hash(const std::string& prev_hash, const JournalEntry& entry) {
  return sha256_hex(prev_hash + "\n" + canonical_form(entry));
}

}  // namespace duban::store
