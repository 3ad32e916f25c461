// 审计校验 of credentials: each password row and token against its journal entries (which hold
// no secret: who set it, when; a token's user, label, expiry and revocation); and of evidence
// files: each record against its entry, each file against its hash.
#include "app/audit_compare.hpp"
#include "app/transaction.hpp"
#include "audit/credentials.hpp"
#include "store/evidence_files.hpp"

namespace duban::app {

namespace {

std::string after(const JournalEntry& e, const std::string& field) {
  auto it = e.changes.find(field);
  return it == e.changes.end() ? "" : it->second.second;
}

}  // namespace

void replay_credentials(Transaction& tx, std::set<std::string>& seen, AuditResult& result) {
  for (const auto& p : tx.credentials().passwords()) {
    auto subject = "credential:" + p.user;
    seen.insert(subject);
    auto entries = tx.journal().read(subject);
    if (entries.empty()) {
      no_history(subject, result);
      continue;
    }
    const auto& e = entries.back();
    compare(subject, e.seq, {{"set_at", p.set_at}, {"set_by", p.set_by}},
            {{"set_at", format_utc(e.at)}, {"set_by", e.actor}}, result);
  }
  for (const auto& t : tx.credentials().tokens("")) {
    auto subject = "token:" + std::to_string(t.id);
    seen.insert(subject);
    auto entries = tx.journal().read(subject);
    if (entries.empty()) {
      no_history(subject, result);
      continue;
    }
    const auto& first = entries.front();
    const auto& last = entries.back();
    compare(subject, first.seq,
            {{"user", t.user},
             {"label", t.label},
             {"expires_at", t.expires_at},
             {"created_at", t.created_at},
             {"created_by", t.created_by}},
            {{"user", after(first, "user")},
             {"label", after(first, "label")},
             {"expires_at", after(first, "expires_at")},
             {"created_at", format_utc(first.at)},
             {"created_by", first.actor}},
            result);
    compare(subject, last.seq, {{"revoked_at", t.revoked_at}},
            {{"revoked_at", last.event == "revoke" ? format_utc(last.at) : ""}}, result);
  }
}

void replay_evidence(Transaction& tx, const std::filesystem::path& folder,
                     std::set<std::string>& seen, AuditResult& result) {
  store::EvidenceFiles files(folder);
  for (const auto& e : tx.evidence().all()) {
    auto subject = "evidence:" + std::to_string(e.id);
    seen.insert(subject);
    auto entries = tx.journal().read(subject);
    if (entries.empty()) {
      no_history(subject, result);
      continue;
    }
    const auto& first = entries.front();
    compare(subject, first.seq,
            {{"item", std::to_string(e.item)},
             {"name", e.name},
             {"type", e.type},
             {"size", std::to_string(e.size)},
             {"sha256", e.sha256},
             {"at", e.at},
             {"by", e.by}},
            {{"item", after(first, "item")},
             {"name", after(first, "name")},
             {"type", after(first, "type")},
             {"size", after(first, "size")},
             {"sha256", after(first, "sha256")},
             {"at", format_utc(first.at)},
             {"by", first.actor}},
            result);
    auto bytes = files.get(e.sha256);
    auto actual = bytes ? audit::sha256_hex(*bytes) : std::string("(missing)");
    compare(subject, first.seq, {{"file", actual}}, {{"file", e.sha256}}, result);
  }
}

}  // namespace duban::app
