#pragma once
// Building journal entries in the use cases.
#include <cstdint>
#include <map>
#include <string>

#include "domain/item.hpp"
#include "domain/journal.hpp"

namespace duban::app {

JournalEntry journal_entry(Instant at, std::string actor, std::string subject, std::string event,
                           std::string before, std::string after, std::string reason = {});

/// The fields that differ between two versions of an item, as (before, after) text.
std::map<std::string, std::pair<std::string, std::string>> item_changes(
    const RectificationItem& before, const RectificationItem& after);

/// An item's journaled fields as the journal writes them (source and state by code, the due
/// date as YYYY-MM-DD, evidence as JSON, the rework count as a number): what replaying its
/// history must give. The state is under "state".
std::map<std::string, std::string> item_record(const RectificationItem& item);

/// Every field of a new item, as changes from nothing.
std::map<std::string, std::pair<std::string, std::string>> creation_changes(
    const RectificationItem& item);

inline std::string item_subject(std::int64_t id) { return "item:" + std::to_string(id); }

}  // namespace duban::app
