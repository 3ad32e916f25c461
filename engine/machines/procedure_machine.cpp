// The procedure step machine's transition table, in a translation unit of its own (MSM compiles
// slowly; the rest of the engine needs only apply_step_event()).
#include "machines/procedure_machine.hpp"

#include <array>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "machines/guards.hpp"
#include "machines/restore.hpp"

namespace duban {

namespace msmf = boost::msm::front;
using machines::Refusal;

namespace {

struct Open {
  const StepContext& c;
};
struct Complete {
  const StepContext& c;
};
struct Reopen {
  const StepContext& c;
};

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string join(const std::vector<StepId>& steps, bool zh) {
  std::string out;
  for (auto s : steps) {
    out += out.empty() ? "" : ", ";
    out += std::to_string(number(s)) + " " + std::string(zh ? label_zh(s) : to_string(s));
  }
  return out;
}

// 4 needs 1; 5 needs 2, 3, 4; 6 needs 5; 7 needs 6.
struct dependencies_completed {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (ev.c.unmet_dependencies.empty()) return true;
    fsm.guard_refusal =
        Refusal{Errc::dependencies_incomplete,
                {"前置步骤尚未完成:" + join(ev.c.unmet_dependencies, true),
                 "steps not completed yet: " + join(ev.c.unmet_dependencies, false)}};
    return false;
  }
};

// Every expected unit has submitted, or the leading group overrides with a recorded reason.
struct submissions_in_or_overridden {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    const auto& c = ev.c;
    if (c.missing_submissions.empty()) return true;
    if (c.override_allowed && !c.override_reason.empty()) return true;
    fsm.guard_refusal = Refusal{
        Errc::submissions_incomplete,
        {"以下单位尚未报送:" + join(c.missing_submissions) +
             (c.override_allowed ? "(领导小组可用 --override 说明理由后完成)" : ""),
         "units that have not submitted: " + join(c.missing_submissions) +
             (c.override_allowed ? " (the leading group may complete with --override REASON)"
                                 : "")}};
    return false;
  }
};

// Step 6: the assessment report is approved (审定) before the step completes.
struct report_approved {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (!ev.c.needs_approval || ev.c.approved) return true;
    fsm.guard_refusal = Refusal{Errc::report_not_approved,
                                {"评估报告尚未审定", "the assessment report is not approved yet"}};
    return false;
  }
};

// Step 7: every unit has received its feedback.
struct feedback_received {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (ev.c.missing_feedback.empty()) return true;
    fsm.guard_refusal = Refusal{Errc::feedback_incomplete,
                                {"以下单位尚未收到反馈:" + join(ev.c.missing_feedback),
                                 "units without feedback: " + join(ev.c.missing_feedback)}};
    return false;
  }
};

struct has_reason {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (!ev.c.reason.empty()) return true;
    fsm.guard_refusal =
        Refusal{Errc::reason_required, {"重新打开须说明理由(reason)", "reopen needs a reason"}};
    return false;
  }
};

struct StepMachineDef : msmf::state_machine_def<StepMachineDef>, machines::RefusalMemory {
  using machines::RefusalMemory::exception_caught;
  using machines::RefusalMemory::no_transition;
  struct Pending : msmf::state<> {};
  struct Opened : msmf::state<> {};
  struct Completed : msmf::state<> {};
  using initial_state = Pending;

  using none = msmf::none;
  using completion_rules =
      machines::all_of<submissions_in_or_overridden, report_approved, feedback_received>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
      //         from       event     to         action  guard
      msmf::Row< Pending,   Open,     Opened,    none,   dependencies_completed >,
      msmf::Row< Opened,    Complete, Completed, none,   completion_rules       >,
      msmf::Row< Completed, Reopen,   Opened,    none,   has_reason             >
  > {};
  // clang-format on
};

using StepMachine = boost::msm::back::state_machine<StepMachineDef>;

template <class State>
constexpr int id_of = boost::msm::back::get_state_id<StepMachine::stt, State>::value;

constexpr std::array<int, 3> kStateIds = {
    id_of<StepMachineDef::Pending>,
    id_of<StepMachineDef::Opened>,
    id_of<StepMachineDef::Completed>,
};

StepState state_of_id(int id) {
  return static_cast<StepState>(machines::index_of_state(kStateIds, id));
}

void restore(StepMachine& machine, StepState state) {
  machines::restore_or_throw(machine, kStateIds.at(static_cast<int>(state)));
}

}  // namespace

std::string_view to_string(StepEventKind kind) {
  switch (kind) {
    case StepEventKind::open:
      return "open";
    case StepEventKind::complete:
      return "complete";
    case StepEventKind::reopen:
      return "reopen";
  }
  return "?";
}

std::optional<StepEventKind> step_event_from(std::string_view text) {
  for (auto k : {StepEventKind::open, StepEventKind::complete, StepEventKind::reopen})
    if (text == to_string(k)) return k;
  return std::nullopt;
}

StepState apply_step_event(StepState from, StepEventKind event, const StepContext& context) {
  StepMachine machine;
  restore(machine, from);
  switch (event) {
    case StepEventKind::open:
      machine.process_event(Open{context});
      break;
    case StepEventKind::complete:
      machine.process_event(Complete{context});
      break;
    case StepEventKind::reopen:
      machine.process_event(Reopen{context});
      break;
  }
  auto ev = std::string(to_string(event));
  auto step = std::to_string(number(context.step));
  machines::throw_if_refused(
      machine, kStateIds[static_cast<int>(from)],
      {"步骤 " + step + "(" + std::string(label_zh(context.step)) + ")处于“" +
           std::string(label_zh(from)) + "”状态,不允许执行 " + ev,
       "event " + ev + " not allowed in state " + std::string(to_string(from)) + " (step " + step +
           " " + std::string(to_string(context.step)) + ")"});
  return state_of_id(machine.current_state()[0]);
}

StepState round_trip_step_state(StepState state) {
  StepMachine machine;
  restore(machine, state);
  return state_of_id(machine.current_state()[0]);
}

}  // namespace duban
