#pragma once
// Evaluation rounds, their seven steps, per-unit submissions and the round's problem list, in a
// SOCI database.
#include <soci/soci.h>

#include "store/repositories.hpp"

namespace duban::store {

class RoundStore final : public RoundRepository {
 public:
  /// `county`: whose rows (read as each statement runs; store/soci_store.cpp sets it).
  RoundStore(soci::session& session, const long long& county)
      : session_(session), county_(county) {}

  void insert(const RoundRecord& round) override;
  std::optional<RoundRecord> find(const RoundId& id) override;
  std::vector<RoundRecord> list() override;
  void update_step(const RoundId& id, const StepRecord& step) override;
  void put_submission(const Submission& submission) override;
  std::vector<Submission> submissions(const RoundId& id, StepId step) override;
  std::int64_t add_problem(const Problem& problem) override;
  std::vector<Problem> problems(const RoundId& id) override;
  void link_problem(std::int64_t problem_id, std::int64_t item_id) override;

 private:
  soci::session& session_;
  const long long& county_;
};

}  // namespace duban::store
