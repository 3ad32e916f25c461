#pragma once
// Scores, published rankings and recommendations in a SOCI database.
#include <soci/soci.h>

#include "store/repositories.hpp"

namespace duban::store {

class ScoreStore final : public ScoreRepository {
 public:
  /// `county`: whose rows (read as each statement runs; store/soci_store.cpp sets it).
  ScoreStore(soci::session& session, const long long& county)
      : session_(session), county_(county) {}

  std::optional<ScoreRecord> find_score(const std::string& round, const std::string& unit,
                                        const std::string& indicator) override;
  void put_score(const ScoreRecord& score) override;
  void clear_score(const std::string& round, const std::string& unit,
                   const std::string& indicator) override;
  std::vector<ScoreRecord> scores(const std::string& round) override;
  void put_ranking(const std::string& round, const std::vector<RankingRow>& rows) override;
  std::vector<RankingRow> ranking(const std::string& round) override;
  void add_recommendation(Recommendation& recommendation) override;
  std::optional<Recommendation> find_recommendation(std::int64_t id) override;
  void update_recommendation(const Recommendation& recommendation) override;
  std::vector<Recommendation> recommendations(const RecommendationFilter& filter) override;

 private:
  soci::session& session_;
  const long long& county_;
};

}  // namespace duban::store
