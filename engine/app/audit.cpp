// 审计校验: the journal's chain, and every record against the history the journal tells of it.
#include <map>
#include <set>

#include "app/audit_compare.hpp"
#include "app/journal_entry.hpp"
#include "app/queries.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "audit/checkpoint.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

// Replays an item's entries from nothing and compares the result with its row. Each entry's
// "before" values must be what the entries before it left (the first, its creation, starts from
// nothing), and what they all leave must be the row, field by field.
void replay_item(const RectificationItem& row, const std::vector<JournalEntry>& history,
                 AuditResult& result) {
  const auto id = std::to_string(row.id);
  const auto subject = item_subject(row.id);
  const auto actual = item_record(row);
  auto expected = item_record(RectificationItem{});
  bool first = true;
  for (const auto& e : history) {
    for (const auto& [field, values] : e.changes) {
      auto at = expected.find(field);
      if (at == expected.end()) continue;  // not an item field (e.g. the problem it came from)
      if (!first && at->second != values.first) {
        auto n = std::to_string(e.seq);
        result.add(e.seq, subject,
                   "事项 " + id + " 的日志第 " + n + " 条记 " + field + " 原为 " +
                       in_quotes(values.first) + ",而此前的记录为 " + in_quotes(at->second),
                   "item " + id + ": journal entry #" + n + " says " + field + " was " +
                       in_quotes(values.first) + ", but the entries before it left " +
                       in_quotes(at->second));
      }
      at->second = values.second;
    }
    expected["state"] = e.state_after;
    first = false;
  }
  for (const auto& [field, value] : actual) {
    const auto& told = expected[field];
    if (told == value) continue;
    auto seq = history.empty() ? 0 : history.back().seq;
    result.add(seq, subject,
               "事项 " + id + " 的 " + field + " 在数据表中为 " + in_quotes(value) +
                   ",按日志应为 " + in_quotes(told) + "(记录被改动)",
               "item " + id + ": " + field + " is " + in_quotes(value) + " in its row, " +
                   in_quotes(told) + " by its journal (the row was altered)");
  }
}

std::string change_after(const JournalEntry& e, const std::string& field) {
  auto it = e.changes.find(field);
  return it == e.changes.end() ? std::string() : it->second.second;
}

// A round, its seven steps, their submissions and its problems against their histories.
void replay_round(Transaction& tx, const RoundRecord& round, std::set<std::string>& seen,
                  const std::map<std::int64_t, std::int64_t>& item_of_problem,
                  AuditResult& result) {
  const auto rid = round.id.str();
  const auto subject = "round:" + rid;
  seen.insert(subject);
  auto started = tx.journal().read(subject);
  if (started.empty()) {
    no_history(subject, result);
  } else {
    const auto& e = started.front();
    compare(subject, e.seq,
            {{"started_by", round.started_by},
             {"started_at", round.started_at},
             {"observation_date", round.observation_date}},
            {{"started_by", e.actor},
             {"started_at", format_utc(e.at)},
             {"observation_date", change_after(e, "observation_date")}},
            result);
  }
  for (const auto& step : round.steps) {
    const auto ssubject = step_subject(round.id, step.step);
    seen.insert(ssubject);
    auto history = tx.journal().read(ssubject);
    // Every step starts pending with nothing recorded; its events set what the machine's
    // effects set (procedure_machine.cpp): open the opening time, complete the completion (and
    // an override its reason), reopen clears the completion and an approval, approve records it.
    Fields told = {{"state", "pending"},    {"opened_at", ""},   {"completed_at", ""},
                   {"override_reason", ""}, {"approved_by", ""}, {"approved_at", ""}};
    for (const auto& e : history) {
      const auto at = format_utc(e.at);
      if (e.event == "open") {
        told["opened_at"] = at;
      } else if (e.event == "complete" || e.event == "complete_override") {
        told["completed_at"] = at;
        if (e.event == "complete_override")
          told["override_reason"] = change_after(e, "override_reason");
      } else if (e.event == "reopen") {
        told["completed_at"] = "";
        if (e.changes.count("approved_by")) told["approved_by"] = told["approved_at"] = "";
      } else if (e.event == "approve") {
        told["approved_by"] = change_after(e, "approved_by");
        told["approved_at"] = at;
      }
      told["state"] = e.state_after;
    }
    compare(ssubject, history.empty() ? 0 : history.back().seq,
            {{"state", std::string(to_string(step.state))},
             {"opened_at", step.opened_at},
             {"completed_at", step.completed_at},
             {"override_reason", step.override_reason},
             {"approved_by", step.approved_by},
             {"approved_at", step.approved_at}},
            told, result);
    for (const auto& sub : tx.rounds().submissions(round.id, step.step)) {
      auto sub_subject =
          "submission:" + rid + "/" + std::to_string(number(step.step)) + "/" + sub.unit;
      seen.insert(sub_subject);
      auto entries = tx.journal().read(sub_subject);
      if (entries.empty()) {
        no_history(sub_subject, result);
        continue;
      }
      // A second submission replaces the first: the row is the last one's.
      const auto& e = entries.back();
      compare(sub_subject, e.seq,
              {{"submitted_by", sub.submitted_by},
               {"submitted_at", sub.submitted_at},
               {"note", sub.note}},
              {{"submitted_by", e.actor},
               {"submitted_at", format_utc(e.at)},
               {"note", change_after(e, "note")}},
              result);
    }
  }
  for (const auto& p : tx.rounds().problems(round.id)) {
    auto psubject = "problem:" + std::to_string(p.id);
    seen.insert(psubject);
    auto entries = tx.journal().read(psubject);
    if (entries.empty()) {
      no_history(psubject, result);
      continue;
    }
    const auto& e = entries.front();
    Fields row = {{"title", p.title},
                  {"unit", p.unit},
                  {"created_by", p.created_by},
                  {"created_at", p.created_at}};
    Fields told = {{"title", change_after(e, "title")},
                   {"unit", change_after(e, "unit")},
                   {"created_by", e.actor},
                   {"created_at", format_utc(e.at)}};
    // Entries that name the source carry every field (older ones the title and unit only).
    if (e.changes.count("source")) {
      row.insert({{"round", p.round},
                  {"source", std::string(to_string(p.source))},
                  {"category", p.category},
                  {"manifestation", p.manifestation},
                  {"suggestion", p.suggestion}});
      for (auto field : {"round", "source", "category", "manifestation", "suggestion"})
        told[field] = change_after(e, field);
    }
    // The item it became names it in its creation entry.
    auto became = item_of_problem.find(p.id);
    row["item_id"] = std::to_string(p.item_id);
    told["item_id"] = std::to_string(became == item_of_problem.end() ? 0 : became->second);
    compare(psubject, e.seq, row, told, result);
  }
}

// A checkpoint against the journal: signed by the county's key, and vouching for entries that
// are still there with the hashes it names. `where` says which checkpoint ("stored #3", a file).
void check_checkpoint(Transaction& tx, const audit::PublicKey& key, const Checkpoint& c,
                      const std::string& where, AuditResult& result) {
  Checkpoint said;
  if (!audit::parse_statement(c.statement, said) ||
      !audit::verify_signature(key, c.statement, c.signature)) {
    result.add(
        0, "", "签名检查点(" + where + ")的签名无效,或不是本县密钥所签",
        "the signed checkpoint (" + where + ") does not verify with the county's public key");
    return;
  }
  if (c.id != 0 && (said.seq != c.seq || said.hash != c.hash || said.at != c.at)) {
    result.add(said.seq, "", "签名检查点(" + where + ")的记录与其签名的内容不符",
               "the signed checkpoint (" + where + ") does not match what was signed");
  }
  ++result.checkpoints;
  auto n = std::to_string(said.seq);
  auto hash = tx.journal().hash_at(said.seq);
  if (!hash) {
    result.add(said.seq, "",
               "签名检查点(" + where + ",签于 " + said.at + ")证明日志至少到第 " + n +
                   " 条,而这一条已不存在:日志被截断或重置",
               "the signed checkpoint (" + where + ", of " + said.at +
                   ") vouches for journal entry #" + n +
                   ", which is gone: the journal was cut short or reset");
    return;
  }
  if (*hash != said.hash) {
    result.add(said.seq, "",
               "日志第 " + n + " 条与签名检查点(" + where + ")不符:日志被重新计算或改动",
               "journal entry #" + n + " differs from the signed checkpoint (" + where +
                   "): the chain was recomputed or altered");
    return;
  }
  result.anchored_seq = std::max(result.anchored_seq, said.seq);
}

}  // namespace

Checkpoint make_checkpoint(Services& services, const audit::SigningKey& key) {
  Transaction tx(services, store::Intent::write);
  auto last = tx.journal().last_entry();
  if (!last) {
    throw Error(Errc::not_found,
                {"日志为空,没有可签名的内容", "the journal is empty: nothing to sign"});
  }
  Checkpoint c = *last;
  c.statement = audit::checkpoint_statement(services.config.county, c.seq, c.hash, c.at,
                                            format_utc(services.clock.now()));
  c.signature = key.sign(c.statement);
  c.public_key = key.public_key().base64;
  tx.journal().add_checkpoint(c);
  tx.commit();
  return c;
}

AuditResult audit_verify(Services& services, const AuditOptions& options) {
  Transaction tx(services, store::Intent::read);
  auto result = tx.journal().verify();
  // Rows whose history is cut were reported by the chain's check; the rest are replayed.
  std::map<std::string, bool> cut;
  for (const auto& f : result.findings) cut[f.subject] = true;
  store::ItemFilter all;
  std::map<std::int64_t, std::int64_t> item_of_problem;  // problem id -> the item it became
  tx.items().for_each(all, [&](const RectificationItem& item) {
    auto subject = item_subject(item.id);
    if (cut.count(subject)) return;
    auto history = tx.journal().read(subject);
    if (!history.empty()) {
      auto problem = change_after(history.front(), "problem");
      if (!problem.empty()) item_of_problem[std::stoll(problem)] = item.id;
    }
    replay_item(item, history, result);
  });
  // The rows' bookkeeping: created and updated with their first and last entries, one version
  // per entry, due_at (what the overdue queries read) the end of the due day.
  tx.items().for_each_stamp([&](const store::ItemStamp& st) {
    auto subject = item_subject(st.id);
    if (cut.count(subject)) return;
    auto history = tx.journal().read(subject);
    if (history.empty()) return;  // reported as a row without history
    std::optional<std::int64_t> due_at;
    if (auto due = parse_date(st.due_date)) {
      due_at = end_of_day(*due, services.config.zone).time_since_epoch().count();
    }
    auto text = [](const std::optional<std::int64_t>& v) {
      return v ? std::to_string(*v) : std::string("NULL");
    };
    compare(subject, history.back().seq,
            {{"created_at", st.created_at},
             {"updated_at", st.updated_at},
             {"version", std::to_string(st.version)},
             {"due_at", text(st.due_at)}},
            {{"created_at", format_utc(history.front().at)},
             {"updated_at", format_utc(history.back().at)},
             {"version", std::to_string(history.size())},
             {"due_at", text(due_at)}},
            result);
  });
  // Rounds, steps, submissions and problems; then the subjects whose rows are gone.
  std::set<std::string> seen;
  for (const auto& round : tx.rounds().list()) {
    replay_round(tx, round, seen, item_of_problem, result);
  }
  // Signed checkpoints, stored and kept elsewhere: with the county's public key they tell a
  // recomputed, cut or reset chain from the real one.
  if (options.public_key) {
    for (const auto& c : tx.journal().checkpoints()) {
      check_checkpoint(tx, *options.public_key, c, "#" + std::to_string(c.id), result);
    }
    for (std::size_t i = 0; i < options.kept.size(); ++i) {
      const auto& c = options.kept[i];
      check_checkpoint(tx, *options.public_key, c, c.at + " / #" + std::to_string(c.seq), result);
    }
  }
  replay_scoring(tx, seen, result);
  replay_credentials(tx, seen, result);
  replay_evidence(tx, services.config.data_dir / "evidence", seen, result);
  replay_survey(tx, seen, result);
  for (const auto& subject : tx.journal().other_subjects()) {
    if (seen.count(subject) || removed_by_history(tx, subject)) continue;
    // Units and users come from the configuration; the journal records when one stopped or
    // started again being configured, and the directory must agree with the last of these.
    if (subject.rfind("unit:", 0) == 0 || subject.rfind("user:", 0) == 0) {
      auto entries = tx.journal().read(subject);
      auto id = subject.substr(5);
      bool active = subject[1] == 'n' ? tx.directory().find_unit(id).has_value()
                                      : tx.directory().find_user(id).has_value();
      auto told = entries.empty() ? "" : entries.back().state_after;
      auto row = std::string(active ? "active" : "inactive");
      if (!told.empty() && told != row) {
        result.add(entries.back().seq, subject,
                   subject + " 在数据表中为 " + in_quotes(row) + ",按日志应为 " + in_quotes(told) +
                       "(记录被改动)",
                   subject + " is " + in_quotes(row) + " in its row, " + in_quotes(told) +
                       " by its journal (the row was altered)");
      }
      continue;
    }
    result.add(0, subject, subject + " 在日志中有记录,但数据表中没有这一行(被删除)",
               subject + " has a history in the journal but no row (it was deleted)");
  }
  for (auto id : tx.journal().items_without_rows()) {
    auto n = std::to_string(id);
    result.add(0, item_subject(id), "事项 " + n + " 在日志中有记录,但数据表中没有这一行(被删除)",
               "item " + n + " has a history in the journal but no row (it was deleted)");
  }
  return result;
}

}  // namespace duban::app
