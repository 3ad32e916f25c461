#pragma once
// `audit verify`'s comparison of a record's row with what its history says, shared by the
// replays of items, rounds and scoring.
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "domain/journal.hpp"

namespace duban::app {

class Transaction;

inline std::string in_quotes(const std::string& value) { return "“" + value + "”"; }

// A record's fields as its row has them and as its history says, compared one by one.
using Fields = std::map<std::string, std::string>;

inline void compare(const std::string& subject, std::int64_t seq, const Fields& row,
                    const Fields& told, AuditResult& result) {
  for (const auto& [field, value] : row) {
    auto it = told.find(field);
    if (it == told.end() || it->second == value) continue;
    result.add(seq, subject,
               subject + " 的 " + field + " 在数据表中为 " + in_quotes(value) + ",按日志应为 " +
                   in_quotes(it->second) + "(记录被改动)",
               subject + ": " + field + " is " + in_quotes(value) + " in its row, " +
                   in_quotes(it->second) + " by its journal (the row was altered)");
  }
}

inline void no_history(const std::string& subject, AuditResult& result) {
  result.add(0, subject, subject + " 在日志中没有任何记录(不是由本系统写入的)",
             subject + " has no history in the journal (it was not written by duban)");
}

/// Scores, published rankings and recommendations against their histories (audit_scoring.cpp);
/// the subjects it checked go into `seen`.
void replay_scoring(Transaction& tx, std::set<std::string>& seen, AuditResult& result);
/// Passwords and API tokens against their histories (audit_credentials.cpp).
void replay_credentials(Transaction& tx, std::set<std::string>& seen, AuditResult& result);
/// Each evidence record against its journal entry, and its file against its SHA-256.
void replay_evidence(Transaction& tx, const std::filesystem::path& folder,
                     std::set<std::string>& seen, AuditResult& result);
/// Each round's roster against its last import's digest, and its sample against its draw
/// (survey/survey_audit.cpp).
void replay_survey(Transaction& tx, std::set<std::string>& seen, AuditResult& result);
/// Whether `subject` has no row because its history removed it (a score cleared).
bool removed_by_history(Transaction& tx, const std::string& subject);

}  // namespace duban::app
