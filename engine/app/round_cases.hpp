#pragma once
// Use cases of an evaluation round: start it, move its steps, take submissions and problems.
// Each runs in one write transaction with its journal entries; each checks permissions first.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "machines/procedure_machine.hpp"

namespace duban::app {

struct StartRound {
  std::string actor;
  std::string round;             ///< "2020-H1" or "2020-Y"
  std::string observation_date;  ///< optional "YYYY-MM-DD": the quarterly observation tour
};
RoundRecord start_round(Services& services, const StartRound& request);

struct ChangeStep {
  std::string actor;
  std::string round;
  std::string step;  ///< number, code name or Chinese label
  StepEventKind event = StepEventKind::open;
  std::string reason;           ///< reopen: required
  std::string override_reason;  ///< complete despite missing submissions (leading group)
};
struct StepChanged {
  StepState from = StepState::pending;
  StepState to = StepState::pending;
  std::vector<std::int64_t> created_items;  ///< completing step 7 turns problems into items
};
StepChanged change_step(Services& services, const ChangeStep& request);

struct ApproveReport {
  std::string actor;
  std::string round;
};
void approve_report(Services& services, const ApproveReport& request);

struct Submit {
  std::string actor;
  std::string round;
  std::string step;
  std::string unit;
  std::string note;  ///< e.g. the report's title, or the village list for the observation tour
};
struct Submitted {
  std::string due;    ///< when the submission was due (YYYY-MM-DD), if it has a deadline
  bool late = false;  ///< submitted after the end of that day; recorded in the journal
};
/// The observation village list is due `observation_list_days_before` days before the round's
/// observation date; other submissions are due with their step, if it has a due date.
Submitted submit(Services& services, const Submit& request);

struct AddProblem {
  std::string actor;
  std::string round;
  std::string unit;
  std::string source = "county";
  std::string category, title, manifestation, suggestion;
};
std::int64_t add_problem(Services& services, const AddProblem& request);

class Transaction;

/// The active units of `kinds`, split by whether they have a record for `step` in `round`.
struct UnitProgress {
  std::vector<std::string> submitted, missing;
};
UnitProgress unit_progress(Transaction& tx, const RoundId& round, StepId step,
                           const std::vector<UnitKind>& kinds);

/// What the procedure machine's guards see for `step` of `round`, as stored now.
StepContext step_context(Services& services, Transaction& tx, const RoundRecord& round, StepId step,
                         const std::string& actor);

/// Runs `event` through the step's machine, writes the step's record (version-checked) and returns
/// the transition; the caller records the journal entry and writes the effects of its own rows.
StepTransition run_step_event(Transaction& tx, RoundRecord& round, StepId step, StepEventKind event,
                              const StepContext& context);

inline std::string step_subject(const RoundId& round, StepId step) {
  return "step:" + round.str() + "/" + std::to_string(number(step));
}

// Shared by the round use cases.
RoundId parse_round(const std::string& text);
StepId parse_step(const std::string& text);
RoundRecord require_round(Transaction& tx, const RoundId& id);

}  // namespace duban::app
