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

}  // namespace duban::store
