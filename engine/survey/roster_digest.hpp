#pragma once
// A roster's digest: SHA-256 of its canonical text, so that a sample can be checked later
// against the roster it was drawn from (`duban survey sample --verify`). The text holds what a
// roster says of each village and household — never a hash of an ID number, so the digest does
// not depend on a machine's key — one line each, in a fixed order:
//   V<TAB>township<TAB>village<TAB>kind<TAB>population<TAB>poor_population
//   H<TAB>number<TAB>township<TAB>village<TAB>head<TAB>id_tail<TAB>people<TAB>kind<TAB>edge
//    <TAB>monitored<TAB>tags
// villages by township and name, then households by township, village and number (byte order);
// kinds and marks by code.
#include <string>

#include "store/survey_repository.hpp"

namespace duban::survey {

/// The digest (hex) of `round`'s roster as the database holds it now.
std::string roster_digest(store::SurveyRepository& survey, const std::string& round);

}  // namespace duban::survey
