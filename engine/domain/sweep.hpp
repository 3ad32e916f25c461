#pragma once
// What a deadline sweep counted at one instant: the scheduler produces it, /healthz reports it.
#include <cstdint>

#include "domain/calendar.hpp"

namespace duban {

struct SweepResult {
  Instant at{};
  std::int64_t open_items = 0;     ///< awaiting rectification
  std::int64_t overdue_items = 0;  ///< of those, past their due date
};

}  // namespace duban
