#pragma once
// The journal's hash chain: the canonical text of an entry and the hash that links it to the one
// before. One definition for the writer, the reader and `audit verify`.
#include <map>
#include <string>
#include <utility>

#include "domain/journal.hpp"

namespace duban::store {

/// The version of the canonical form below, stored with every entry (journal.format) and
/// described in the README ("The journal's canonical form"). A new form gets a new number;
/// entries keep the form they were hashed in.
inline constexpr int kCanonicalFormat = 1;

/// The text that is hashed: sorted-key JSON of every field but the hashes.
std::string canonical_form(const JournalEntry& entry);
/// The same, from the two columns already formatted for the row (`at` in UTC, `changes`).
std::string canonical_form(const JournalEntry& entry, const std::string& at,
                           const std::string& changes);
/// hex(SHA-256(prev_hash "\n" canonical_form)).
std::string chain_hash(const std::string& prev_hash, const JournalEntry& entry);
std::string chain_hash(const std::string& prev_hash, const JournalEntry& entry,
                       const std::string& at, const std::string& changes);
std::string sha256_hex(const std::string& data);

/// The `changes` column: {"field":["before","after"],...} in sorted field order.
std::string changes_text(const JournalEntry& entry);
/// Reads the `changes` column back; members not of that shape are left out (verify compares the
/// raw column too).
std::map<std::string, std::pair<std::string, std::string>> parse_changes(const std::string& text);

}  // namespace duban::store
