#pragma once
// Evaluation rounds, their seven steps, per-unit submissions and the round's problem list.
#include <soci/soci.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/item.hpp"
#include "domain/round.hpp"

namespace duban::store {

struct StepRecord {
  StepId step = StepId::self_inspection;
  StepState state = StepState::pending;
  std::string due_date;  ///< "YYYY-MM-DD" or empty
  std::string opened_at, completed_at;
  std::string override_reason;
  std::string approved_by, approved_at;
};

struct RoundRecord {
  RoundId id;
  std::string observation_date;  ///< "YYYY-MM-DD" or empty
  std::string started_at, started_by;
  std::array<StepRecord, 7> steps;
  StepRecord& step(StepId s) { return steps.at(number(s) - 1); }
  const StepRecord& step(StepId s) const { return steps.at(number(s) - 1); }
};

struct Submission {
  std::string round;
  StepId step = StepId::self_inspection;
  std::string unit;
  std::string submitted_by;
  std::string submitted_at;
  std::string note;
};

/// A problem found during a round; completing step 7 turns each into a rectification item.
struct Problem {
  std::int64_t id = 0;
  std::string round;
  std::string unit;
  ItemSource source = ItemSource::county;
  std::string category, title, manifestation, suggestion;
  std::string created_by, created_at;
  std::int64_t item_id = 0;  ///< 0 until step 7 completes
};

class RoundStore {
 public:
  explicit RoundStore(soci::session& session) : session_(session) {}

  void insert(const RoundRecord& round);
  std::optional<RoundRecord> find(const RoundId& id);
  std::vector<RoundRecord> list();
  void update_step(const RoundId& id, const StepRecord& step);
  void set_observation_date(const RoundId& id, const std::string& date);

  /// Records a unit's submission; a second one from the same unit replaces the first.
  void put_submission(const Submission& submission);
  std::vector<Submission> submissions(const RoundId& id, StepId step);

  std::int64_t add_problem(const Problem& problem);
  std::vector<Problem> problems(const RoundId& id);
  void link_problem(std::int64_t problem_id, std::int64_t item_id);

 private:
  soci::session& session_;
};

}  // namespace duban::store
