#pragma once
// One step of a round's procedure (Boost.MSM behind a plain interface):
//   pending --open--> open --complete--> completed --reopen--> open
// and, without changing the state (internal transitions with guards):
//   open: submit (a unit's submission), approve (审定 the step's report);
//   pending or open: record_problem (on step 7, the round's problem list is still open).
// The guards read a StepContext that the caller computes from the round's stored facts; the
// actions produce the transition's effects, which the caller writes with the journal entry.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/round.hpp"

namespace duban {

enum class StepEventKind { open, complete, reopen, submit, approve, record_problem };
std::string_view to_string(StepEventKind kind);
std::optional<StepEventKind> step_event_from(std::string_view text);

/// What the guards and actions of one step's machine look at.
struct StepContext {
  StepId step = StepId::self_inspection;
  std::string actor;
  Instant now{};
  /// open: the steps this one depends on that are not completed yet.
  std::vector<StepId> unmet_dependencies;
  /// complete: units expected to submit that have not (empty when the step has no submissions).
  std::vector<std::string> missing_submissions;
  bool override_allowed = false;  ///< the leading group may complete without every submission
  std::string override_reason;    ///< non-empty: complete despite missing submissions (recorded)
  bool needs_approval = false;    ///< step 6: the report must be approved (审定)
  bool approved = false;
  std::vector<std::string> missing_feedback;  ///< step 7: units that have not received feedback
  std::string reason;                         ///< reopen: required
  // submit
  std::string unit;
  std::string note;
  std::optional<Date> submission_due;  ///< the day the submission is due, if it has one
  ZoneOffset zone;                     ///< whose end of day the due day ends at
};

struct StepTransition {
  StepState to = StepState::pending;
  std::vector<StepEffect> effects;
};

/// Applies one event to a step in state `from`. Throws duban::Error — invalid_transition when
/// the event has no row for the state, or the code of the guard that refused — and changes nothing.
StepTransition transition_step(StepState from, StepEventKind event, const StepContext& context);

/// transition_step's target state alone.
StepState apply_step_event(StepState from, StepEventKind event, const StepContext& context);

/// Restores a machine to `state` and reads the state back (proves the restore path; for tests).
StepState round_trip_step_state(StepState state);

}  // namespace duban
