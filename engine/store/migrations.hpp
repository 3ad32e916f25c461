#pragma once
// Versioned schema migrations, applied in order at start; each runs in one transaction.
#include <string>
#include <vector>

#include "store/database.hpp"

namespace duban::store {

struct Migration {
  int version;
  const char* name;
  std::vector<std::string> (*statements)(const Dialect&);
};

const std::vector<Migration>& migrations();

/// The condition of the journal's subject index: every subject but items, whose entries are
/// linked from the item row instead (journal.subject_prev, items.journal_seq). A query that
/// wants the index repeats it.
extern const char* const kNotItemSubject;

}  // namespace duban::store
