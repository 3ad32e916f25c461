// The procedure step machine's transition table, in a translation unit of its own (MSM compiles
// slowly; the rest of the engine needs only apply_step_event()).
#include "machines/procedure_machine.hpp"

#include <array>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "domain/enum_names.hpp"
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
struct Submit {
  const StepContext& c;
};
struct Approve {
  const StepContext& c;
};
struct RecordProblem {
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

// 审定 applies only to a step whose workflow says it has a report (step 6), and only once.
struct has_report {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (ev.c.needs_approval) return true;
    auto n = std::to_string(number(ev.c.step));
    fsm.guard_refusal =
        Refusal{Errc::invalid_transition,
                {"步骤 " + n + "(" + std::string(label_zh(ev.c.step)) + ")没有需要审定的报告",
                 "event approve not allowed: step " + n + " " + std::string(to_string(ev.c.step)) +
                     " has no report to approve"}};
    return false;
  }
};

struct not_yet_approved {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (!ev.c.approved) return true;
    fsm.guard_refusal =
        Refusal{Errc::already_exists, {"报告已审定", "the report is already approved"}};
    return false;
  }
};

// Actions: each appends the effects of its transition.
struct record_opened {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(StepOpened{ev.c.now});
  }
};

// Completing records when, and — if the leading group completed it without every submission —
// who was missing and why. Completing step 7 turns the problem list into items.
struct record_completed {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    const auto& c = ev.c;
    fsm.effects.push_back(StepCompleted{c.now});
    if (!c.missing_submissions.empty()) {
      fsm.effects.push_back(CompletionOverridden{c.override_reason, c.missing_submissions});
    }
    if (c.step == StepId::feedback) fsm.effects.push_back(ProblemsBecomeItems{});
  }
};

// Reopening clears the completion, and an approved report must be approved again.
struct clear_completion {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(CompletionCleared{});
    if (ev.c.approved) fsm.effects.push_back(ApprovalCleared{});
  }
};

struct record_submission {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    const auto& c = ev.c;
    bool late = c.submission_due && is_overdue(end_of_day(*c.submission_due, c.zone), c.now);
    fsm.effects.push_back(SubmissionReceived{c.unit, c.note, c.submission_due, late});
  }
};

struct record_approval {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(ReportApproved{ev.c.actor, ev.c.now});
  }
};

struct record_problem {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev&, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(ProblemRecorded{});
  }
};

struct StepMachineDef : msmf::state_machine_def<StepMachineDef>, machines::RefusalMemory {
  using machines::RefusalMemory::exception_caught;
  using machines::RefusalMemory::no_transition;
  struct Pending : msmf::state<> {};
  struct Opened : msmf::state<> {};
  struct Completed : msmf::state<> {};
  using initial_state = Pending;

  std::vector<StepEffect> effects;

  using none = msmf::none;
  using completion_rules =
      machines::all_of<submissions_in_or_overridden, report_approved, feedback_received>;
  using approvable = machines::all_of<has_report, not_yet_approved>;

  // Rows with no target (none) are internal transitions: the state stays, the action runs.
  // clang-format off
  struct transition_table : boost::mpl::vector<
      //         from       event          to         action             guard
      msmf::Row< Pending,   Open,          Opened,    record_opened,     dependencies_completed >,
      msmf::Row< Opened,    Complete,      Completed, record_completed,  completion_rules       >,
      msmf::Row< Completed, Reopen,        Opened,    clear_completion,  has_reason             >,
      msmf::Row< Opened,    Submit,        none,      record_submission, none                   >,
      msmf::Row< Opened,    Approve,       none,      record_approval,   approvable             >,
      msmf::Row< Pending,   RecordProblem, none,      record_problem,    none                   >,
      msmf::Row< Opened,    RecordProblem, none,      record_problem,    none                   >
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

static_assert(machines::ids_follow_enum(kStateIds, std::array{StepState::pending, StepState::open,
                                                              StepState::completed}),
              "the step machine's state ids must follow StepState");

StepState state_of_id(int id) {
  return static_cast<StepState>(machines::index_of_state(kStateIds, id));
}

void restore(StepMachine& machine, StepState state) {
  machine.start();  // enters the initial state (and would run its entry action) ...
  machines::restore_or_throw(machine, kStateIds.at(static_cast<int>(state)));  // ... then resumes
}

constexpr auto kEventNames =
    enum_names<StepEventKind>({{StepEventKind::open, "open", "开始"},
                               {StepEventKind::complete, "complete", "完成"},
                               {StepEventKind::reopen, "reopen", "重新打开"},
                               {StepEventKind::submit, "submit", "报送"},
                               {StepEventKind::approve, "approve", "审定"},
                               {StepEventKind::record_problem, "record_problem", "记录问题"}});
}  // namespace

std::string_view to_string(StepEventKind kind) { return kEventNames.code(kind); }
std::optional<StepEventKind> step_event_from(std::string_view text) {
  return kEventNames.parse_code(text);
}

StepState apply_step_event(StepState from, StepEventKind event, const StepContext& context) {
  return transition_step(from, event, context).to;
}

StepTransition transition_step(StepState from, StepEventKind event, const StepContext& context) {
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
    case StepEventKind::submit:
      machine.process_event(Submit{context});
      break;
    case StepEventKind::approve:
      machine.process_event(Approve{context});
      break;
    case StepEventKind::record_problem:
      machine.process_event(RecordProblem{context});
      break;
  }
  machines::throw_if_refused(machine, kStateIds[static_cast<int>(from)], [&] {
    auto ev = std::string(to_string(event));
    auto step = std::to_string(number(context.step));
    return Text{"步骤 " + step + "(" + std::string(label_zh(context.step)) + ")处于“" +
                    std::string(label_zh(from)) + "”状态,不允许执行 " + ev,
                "event " + ev + " not allowed in state " + std::string(to_string(from)) +
                    " (step " + step + " " + std::string(to_string(context.step)) + ")"};
  });
  return StepTransition{state_of_id(machine.current_state()[0]), std::move(machine.effects)};
}

StepState round_trip_step_state(StepState state) {
  StepMachine machine;
  restore(machine, state);
  return state_of_id(machine.current_state()[0]);
}

}  // namespace duban
