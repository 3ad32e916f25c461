#pragma once
// Pieces shared by the two MSM machines: refusal bookkeeping and guard composition.
#include <array>
#include <optional>
#include <string>

#include "domain/errors.hpp"

namespace duban::machines {

/// Why a guard said no; set by the guard, read after process_event returns.
struct Refusal {
  Errc code;
  Text message;
};

/// Front-end mixin: the machine's memory of the last refusal and of exceptions thrown inside it.
struct RefusalMemory {
  std::optional<Refusal> guard_refusal;
  bool no_row = false;
  std::optional<std::string> exception;

  template <class FSM, class Event>
  void no_transition(const Event&, FSM&, int) {
    no_row = true;
  }
  template <class FSM, class Event>
  void exception_caught(const Event&, FSM&, std::exception& e) {
    exception = e.what();
  }
};

/// After process_event: throws what the machine recorded — an exception inside it, a guard's
/// refusal (the state did not move), or the Text `no_row()` returns when no row of the table
/// matched (built only then: most transitions are allowed).
template <class Machine, class NoRow>
void throw_if_refused(const Machine& machine, int from_id, NoRow&& no_row) {
  if (machine.exception) {
    throw Error(Errc::storage_error, {"状态机内部错误:" + *machine.exception,
                                      "state machine failed: " + *machine.exception});
  }
  if (machine.guard_refusal && machine.current_state()[0] == from_id) {
    throw Error(machine.guard_refusal->code, machine.guard_refusal->message);
  }
  if (machine.no_row) throw Error(Errc::invalid_transition, no_row());
}

/// The position of an MSM state id in a table of ids indexed by the domain's enum.
template <std::size_t N>
int index_of_state(const std::array<int, N>& ids, int id) {
  for (std::size_t i = 0; i < N; ++i)
    if (ids[i] == id) return static_cast<int>(i);
  throw Error(Errc::storage_error, {"未知的状态机状态", "unknown machine state"});
}

/// True when ids[i] == i for every i: the machine numbers its states in the enum's order, so a
/// stored enum value restores the state it names. Used in static_assert.
template <std::size_t N, class Enum>
constexpr bool ids_follow_enum(const std::array<int, N>& ids, const std::array<Enum, N>& values) {
  for (std::size_t i = 0; i < N; ++i)
    if (ids[i] != static_cast<int>(i) || static_cast<int>(values[i]) != static_cast<int>(i))
      return false;
  return true;
}

/// A guard that holds when all of Guards hold, checked left to right.
template <class... Guards>
struct all_of {
  template <class Event, class FSM, class Source, class Target>
  bool operator()(const Event& event, FSM& fsm, Source& source, Target& target) const {
    return (Guards{}(event, fsm, source, target) && ...);
  }
};

}  // namespace duban::machines
