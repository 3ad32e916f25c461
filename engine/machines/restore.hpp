#pragma once
// Restoring an MSM back-end to a stored state, through its supported serialization hook.
//
// msm::back::state_machine keeps its active state ids private and exposes them only to
// Boost.Serialization via serialize(Archive&, unsigned). This archive is the smallest loading
// archive that hook accepts: the first int array it is given is the back-end's m_states, which
// it overwrites; everything else (history, flags, states without do_serialize) is left as is.
#include <boost/serialization/base_object.hpp>
#include <type_traits>

#include "domain/errors.hpp"

namespace duban::machines {

class StateLoader {
 public:
  using is_loading = std::true_type;
  using is_saving = std::false_type;

  explicit StateLoader(int state_id) : state_id_(state_id) {}

  template <class T>
  StateLoader& operator&(T& value) {
    if constexpr (std::is_array_v<T>) {
      if (!done_) {
        for (auto& region : value) region = state_id_;  // single-region machines: one entry
        done_ = true;
      }
    } else if constexpr (std::is_class_v<T>) {
      value.serialize(*this, 0u);
    }
    return *this;
  }
  bool restored() const { return done_; }

 private:
  int state_id_;
  bool done_ = false;
};

/// Puts `machine` in the state with MSM id `state_id`; returns false if the hook was not reached.
template <class Machine>
bool restore_state(Machine& machine, int state_id) {
  StateLoader loader(state_id);
  machine.serialize(loader, 0u);
  return loader.restored() && machine.current_state()[0] == state_id;
}

/// restore_state, or Error(storage_error) when the machine could not be put in that state.
template <class Machine>
void restore_or_throw(Machine& machine, int state_id) {
  if (!restore_state(machine, state_id)) {
    throw Error(Errc::storage_error, {"无法恢复状态机", "could not restore the state machine"});
  }
}

}  // namespace duban::machines
