#pragma once
// Dates and rounds as users give them must fall within the configured years (YearRange): a typo
// such as 0202-06-30 is refused, not stored where it would show as a round of year -1.
#include <string>

#include "domain/calendar.hpp"
#include "domain/round.hpp"
#include "domain/text.hpp"

namespace duban::app {

/// "due 0000-01-01 is outside the years 2000–2100 (configuration …)", for `what` (e.g.
/// {"整改时限 0000-01-01", "due 0000-01-01"}).
Text outside_years(const Text& what, const YearRange& years);
/// Throws Error(invalid_argument) with outside_years() unless `date` is within `years`.
void require_plausible(const Text& field, Date date, const YearRange& years);
/// A round id for a new round or item ("2020-H1", "2020-Y") whose year is within `years`.
RoundId input_round(const std::string& text, const YearRange& years);

}  // namespace duban::app
