#pragma once
// Between a computed ranking and its stored form (the rankings table), and the computation
// itself, shared by `round ranking`, publication and the report.
#include <map>
#include <string>
#include <vector>

#include "app/score_cases.hpp"
#include "app/transaction.hpp"

namespace duban::app {

/// Ranks every scored unit kind of `round` from its values and the records as of `as_of`,
/// compared with the previous round of the same kind as published.
RoundRanking rank_round(Services& services, Transaction& tx, const RoundRecord& round,
                        Instant as_of);

/// The rows a publication stores.
std::vector<RankingRow> ranking_rows(const RoundRanking& ranking, const std::string& at,
                                     const std::string& by);
/// The ranking as stored (published_at/by from the rows).
RoundRanking ranking_from_rows(const std::string& round, const std::vector<RankingRow>& rows,
                               const ScoringModel& model);

/// A unit's line in a ranking as the journal records a publication: "rank|total|grade".
std::string ranking_line(const RankedUnit& unit);

}  // namespace duban::app
