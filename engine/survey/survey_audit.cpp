// `audit verify` over the field evaluation: each round's roster against the digest its last
// import journaled (a household changed, added or removed in the database alone shows), each
// sample against the draw's entry, and each group, schedule, fixed form and answer set against
// its last entry.
#include <cstdlib>
#include <functional>
#include <map>

#include "app/audit_compare.hpp"
#include "app/transaction.hpp"
#include "store/journal_hash.hpp"
#include "survey/roster_digest.hpp"

namespace duban::app {

namespace {

std::string told(const JournalEntry& e, const char* field) {
  auto it = e.changes.find(field);
  return it == e.changes.end() ? std::string() : it->second.second;
}

// Each group against its last entry (a cleared group has no row), the schedule against its own.
void replay_groups_and_schedule(Transaction& tx, const std::string& rid,
                                std::set<std::string>& seen, AuditResult& result) {
  std::map<int, store::GroupRecord> rows;
  for (auto& g : tx.survey().groups(rid)) rows[g.number] = g;
  std::set<int> numbers;
  for (const auto& [n, g] : rows) numbers.insert(n);
  const auto prefix = "group:" + rid + "/";
  for (const auto& subject : tx.journal().other_subjects()) {
    if (subject.rfind(prefix, 0) == 0) numbers.insert(std::atoi(subject.c_str() + prefix.size()));
  }
  for (int n : numbers) {
    const auto subject = prefix + std::to_string(n);
    seen.insert(subject);
    auto history = tx.journal().read(subject);
    auto row = rows.find(n);
    if (history.empty()) {
      no_history(subject, result);
      continue;
    }
    const auto& last = history.back();
    std::string members, leader;
    if (row != rows.end()) {
      for (const auto& m : row->second.members) members += (members.empty() ? "" : ",") + m;
      leader = row->second.leader;
    }
    compare(subject, last.seq, {{"members", members}, {"leader", leader}},
            {{"members", told(last, "members")}, {"leader", told(last, "leader")}}, result);
  }
  const auto subject = "schedule:" + rid;
  auto history = tx.journal().read(subject);
  auto row = tx.survey().schedule(rid);
  if (history.empty() && !row) return;
  seen.insert(subject);
  if (history.empty()) {
    no_history(subject, result);
    return;
  }
  const auto& last = history.back();
  if (!row) {
    result.add(last.seq, subject, subject + " 在日志中有记录,但数据表中没有这一行(被删除)",
               subject + " has a history in the journal but no row (it was deleted)");
    return;
  }
  compare(subject, last.seq,
          {{"start", row->start},
           {"sample_seed", row->sample_seed},
           {"journal_seq", std::to_string(row->journal_seq)}},
          {{"start", told(last, "start")},
           {"sample_seed", told(last, "sample_seed")},
           {"journal_seq", std::to_string(last.seq)}},
          result);
}

// Every subject under `prefix` that has a row (in `rows`, by subject) or a history: a row with no
// history, or a history whose row is gone, is reported; `check` compares a row with its last entry.
template <class Row>
void replay_rows(
    Transaction& tx, const std::string& prefix, const std::map<std::string, Row>& rows,
    std::set<std::string>& seen, AuditResult& result,
    const std::function<void(const std::string&, const Row&, const JournalEntry&)>& check) {
  std::set<std::string> subjects;
  for (const auto& [subject, row] : rows) subjects.insert(subject);
  for (const auto& subject : tx.journal().other_subjects())
    if (subject.rfind(prefix, 0) == 0) subjects.insert(subject);
  for (const auto& subject : subjects) {
    seen.insert(subject);
    auto history = tx.journal().read(subject);
    auto row = rows.find(subject);
    if (history.empty()) {
      no_history(subject, result);
    } else if (row == rows.end()) {
      result.add(history.back().seq, subject,
                 subject + " 在日志中有记录,但数据表中没有这一行(被删除)",
                 subject + " has a history in the journal but no row (it was deleted)");
    } else {
      check(subject, row->second, history.back());
    }
  }
}

// Each fixed form against its entry, and its kept definition against the digest fixed with it.
void replay_forms(Transaction& tx, const std::string& rid, std::set<std::string>& seen,
                  AuditResult& result) {
  const auto prefix = "form:" + rid + "/";
  std::map<std::string, store::FormRecord> rows;
  for (auto& f : tx.survey().forms(rid)) rows[prefix + f.form_id] = f;
  replay_rows<store::FormRecord>(
      tx, prefix, rows, seen, result,
      [&](const std::string& subject, const store::FormRecord& f, const JournalEntry& last) {
        compare(subject, last.seq,
                {{"version", f.version},
                 {"digest", f.digest},
                 {"file", f.file},
                 {"definition", store::sha256_hex(f.definition)},
                 {"journal_seq", std::to_string(f.journal_seq)}},
                {{"version", told(last, "version")},
                 {"digest", told(last, "digest")},
                 {"file", told(last, "file")},
                 {"definition", told(last, "digest")},
                 {"journal_seq", std::to_string(last.seq)}},
                result);
      });
}

// Each subject's answers against the last entry that recorded them.
void replay_answers(Transaction& tx, const std::string& rid, std::set<std::string>& seen,
                    AuditResult& result) {
  const auto prefix = "answers:" + rid + "/";
  std::map<std::string, store::AnswerRecord> rows;
  for (auto& a : tx.survey().answers(rid, "")) rows[prefix + a.form_id + "/" + a.subject] = a;
  replay_rows<store::AnswerRecord>(
      tx, prefix, rows, seen, result,
      [&](const std::string& subject, const store::AnswerRecord& a, const JournalEntry& last) {
        compare(subject, last.seq,
                {{"answers", a.answers},
                 {"instance", a.instance},
                 {"journal_seq", std::to_string(a.journal_seq)}},
                {{"answers", told(last, "answers")},
                 {"instance", told(last, "instance")},
                 {"journal_seq", std::to_string(last.seq)}},
                result);
      });
}

// Each draft against its last entry; a day's list is an event with no row of its own.
void replay_drafts(Transaction& tx, const std::string& rid, std::set<std::string>& seen,
                   AuditResult& result) {
  const auto prefix = "draft:" + rid + "/";
  std::map<std::string, store::DraftRecord> rows;
  for (auto& d : tx.survey().drafts(rid, {})) rows[prefix + std::to_string(d.id)] = d;
  for (const auto& subject : tx.journal().other_subjects())
    if (subject.rfind("list:" + rid + "/", 0) == 0) seen.insert(subject);
  replay_rows<store::DraftRecord>(
      tx, prefix, rows, seen, result,
      [&](const std::string& subject, const store::DraftRecord& d, const JournalEntry& last) {
        compare(subject, last.seq,
                {{"status", d.status},
                 {"text", d.text},
                 {"category", d.category},
                 {"value", d.value},
                 {"journal_seq", std::to_string(d.journal_seq)}},
                {{"status", last.state_after},
                 {"text", told(last, "text")},
                 {"category", told(last, "category")},
                 {"value", told(last, "value")},
                 {"journal_seq", std::to_string(last.seq)}},
                result);
      });
}

}  // namespace

void replay_survey(Transaction& tx, std::set<std::string>& seen, AuditResult& result) {
  for (const auto& round : tx.rounds().list()) {
    const auto rid = round.id.str();
    const auto roster = "roster:" + rid;
    const auto counts = tx.survey().roster_counts(rid);
    auto imports = tx.journal().read(roster);
    if (!imports.empty() || counts.villages + counts.households > 0) {
      seen.insert(roster);
      if (imports.empty()) {
        no_history(roster, result);
      } else {
        const auto& last = imports.back();
        auto told = [&](const char* field) {
          auto it = last.changes.find(field);
          return it == last.changes.end() ? std::string() : it->second.second;
        };
        compare(roster, last.seq,
                {{"digest", survey::roster_digest(tx.survey(), rid)},
                 {"villages", std::to_string(counts.villages)},
                 {"households", std::to_string(counts.households)}},
                {{"digest", told("digest")},
                 {"villages", told("villages")},
                 {"households", told("households")}},
                result);
      }
    }
    replay_groups_and_schedule(tx, rid, seen, result);
    replay_forms(tx, rid, seen, result);
    replay_answers(tx, rid, seen, result);
    replay_drafts(tx, rid, seen, result);
    const auto subject = "sample:" + rid;
    auto draws = tx.journal().read(subject);
    auto sample = tx.survey().sample(rid);
    if (draws.empty() && !sample) continue;
    seen.insert(subject);
    if (draws.empty()) {
      no_history(subject, result);
      continue;
    }
    const auto& last = draws.back();
    if (!sample) {
      result.add(last.seq, subject, subject + " 在日志中有记录,但数据表中没有这一行(被删除)",
                 subject + " has a history in the journal but no row (it was deleted)");
      continue;
    }
    auto told = [&](const char* field) {
      auto it = last.changes.find(field);
      return it == last.changes.end() ? std::string() : it->second.second;
    };
    compare(subject, last.seq,
            {{"seed", sample->seed},
             {"plan", sample->plan},
             {"plan_digest", sample->plan_digest},
             {"roster_digest", sample->roster_digest},
             {"journal_seq", std::to_string(sample->journal_seq)}},
            {{"seed", told("seed")},
             {"plan", told("plan")},
             {"plan_digest", told("plan_digest")},
             {"roster_digest", told("roster_digest")},
             {"journal_seq", std::to_string(last.seq)}},
            result);
  }
}

}  // namespace duban::app
