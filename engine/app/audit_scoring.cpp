// 审计校验 of scoring: each score, published ranking line and recommendation against its journal.
#include "app/audit_compare.hpp"
#include "app/scoring_common.hpp"
#include "app/transaction.hpp"

namespace duban::app {

namespace {

std::string after(const JournalEntry& e, const std::string& field) {
  auto it = e.changes.find(field);
  return it == e.changes.end() ? "" : it->second.second;
}

void replay_recommendation(Transaction& tx, const Recommendation& r, std::set<std::string>& seen,
                           AuditResult& result) {
  auto subject = recommendation_subject(r.id);
  seen.insert(subject);
  auto entries = tx.journal().read(subject);
  if (entries.empty()) return no_history(subject, result);
  const auto& first = entries.front();
  compare(subject, first.seq,
          {{"round", r.round},
           {"unit", r.unit},
           {"plugin", r.plugin},
           {"rule", r.rule},
           {"action", r.action},
           {"created_at", r.created_at}},
          {{"round", after(first, "round")},
           {"unit", after(first, "unit")},
           {"plugin", after(first, "plugin")},
           {"rule", after(first, "rule")},
           {"action", after(first, "action")},
           {"created_at", format_utc(first.at)}},
          result);
  const auto& last = entries.back();
  Fields told = {{"state", last.state_after}};
  if (entries.size() > 1) {
    told["decided_by"] = last.actor;
    told["decided_at"] = format_utc(last.at);
  }
  std::string item = "0";
  for (const auto& e : entries)
    if (e.changes.count("item_id")) item = after(e, "item_id");
  told["item_id"] = item;
  compare(subject, last.seq,
          {{"state", std::string(to_string(r.state))},
           {"decided_by", r.decided_by},
           {"decided_at", r.decided_at},
           {"item_id", std::to_string(r.item_id)}},
          told, result);
}

}  // namespace

void replay_scoring(Transaction& tx, std::set<std::string>& seen, AuditResult& result) {
  for (const auto& round : tx.rounds().list()) {
    const auto rid = round.id.str();
    for (const auto& s : tx.scores().scores(rid)) {
      auto subject = score_subject(rid, s.unit, s.indicator);
      seen.insert(subject);
      auto entries = tx.journal().read(subject);
      if (entries.empty()) {
        no_history(subject, result);
        continue;
      }
      const auto& e = entries.back();
      compare(subject, e.seq,
              {{"value", s.value},
               {"source", s.source},
               {"recorded_by", s.recorded_by},
               {"recorded_at", s.recorded_at},
               {"note", s.note}},
              {{"value", after(e, "value")},
               {"source", after(e, "source")},
               {"recorded_by", e.actor},
               {"recorded_at", format_utc(e.at)},
               {"note", e.reason}},
              result);
    }
    auto rows = tx.scores().ranking(rid);
    if (rows.empty()) continue;
    auto subject = ranking_subject(rid);
    seen.insert(subject);
    auto entries = tx.journal().read(subject);
    if (entries.empty()) {
      no_history(subject, result);
      continue;
    }
    const auto& e = entries.back();
    for (const auto& r : rows) {
      compare(subject, e.seq,
              {{"unit:" + r.unit, std::to_string(r.rank) + "|" + r.total + "|" + r.grade},
               {"published_at " + r.unit, r.published_at},
               {"published_by " + r.unit, r.published_by}},
              {{"unit:" + r.unit, after(e, "unit:" + r.unit)},
               {"published_at " + r.unit, format_utc(e.at)},
               {"published_by " + r.unit, e.actor}},
              result);
    }
  }
  for (const auto& r : tx.scores().recommendations({})) replay_recommendation(tx, r, seen, result);
}

bool removed_by_history(Transaction& tx, const std::string& subject) {
  if (subject.rfind("score:", 0) != 0) return false;
  auto entries = tx.journal().read(subject);
  return !entries.empty() && entries.back().event == "clear";
}

}  // namespace duban::app
