// 审计校验 of credentials: each password row and token against its journal entries (which hold
// no secret: who set it, when; a token's user, label, expiry and revocation).
#include "app/audit_compare.hpp"
#include "app/transaction.hpp"

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

}  // namespace duban::app
