#pragma once
// Pieces shared by the two MSM machines: refusal bookkeeping and guard composition.
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

/// A guard that holds when all of Guards hold, checked left to right.
template <class... Guards>
struct all_of {
  template <class Event, class FSM, class Source, class Target>
  bool operator()(const Event& event, FSM& fsm, Source& source, Target& target) const {
    return (Guards{}(event, fsm, source, target) && ...);
  }
};

}  // namespace duban::machines
