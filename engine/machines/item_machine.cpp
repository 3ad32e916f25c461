// The item machine's transition table. This translation unit is the only one that includes MSM
// for items: MSM compiles slowly, and the rest of the engine needs only apply_item_event().
#include "machines/item_machine.hpp"

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

// Events: each wraps the plain ItemEvent so the table can tell them apart by type.
struct Assign {
  const ItemEvent& e;
};
struct Rectify {
  const ItemEvent& e;
};
struct Verify {
  const ItemEvent& e;
};
struct Reject {
  const ItemEvent& e;
};
struct Close {
  const ItemEvent& e;
};
struct Reopen {
  const ItemEvent& e;
};
struct Reassign {
  const ItemEvent& e;
};
struct Ack {
  const ItemEvent& e;
};
struct Extend {
  const ItemEvent& e;
};
struct ApproveExtension {
  const ItemEvent& e;
};
struct RefuseExtension {
  const ItemEvent& e;
};
struct Suspend {
  const ItemEvent& e;
};
struct Resume {
  const ItemEvent& e;
};

// Guards: each names one rule and, when it refuses, says why.
struct assignment_complete {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    const auto& e = ev.e;
    std::string missing;
    if (e.unit.empty()) missing += " unit/牵头单位";
    if (e.owner.empty()) missing += " owner/责任人";
    if (!e.due) missing += " due/整改时限";
    if (e.measures.empty()) missing += " measures/整改措施";
    if (missing.empty()) return true;
    fsm.guard_refusal =
        Refusal{Errc::missing_field, {"交办须填写:" + missing, "assign needs:" + missing}};
    return false;
  }
};

struct has_result {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (!ev.e.result.empty()) return true;
    fsm.guard_refusal =
        Refusal{Errc::missing_field, {"整改须填写整改结果(result)", "rectify needs a result"}};
    return false;
  }
};

struct has_reason {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (!ev.e.reason.empty()) return true;
    fsm.guard_refusal =
        Refusal{Errc::reason_required, {"此操作须说明理由(reason)", "this event needs a reason"}};
    return false;
  }
};

struct not_the_rectifier {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (ev.e.actor != ev.e.rectified_by) return true;
    fsm.guard_refusal =
        Refusal{Errc::self_verification,
                {"整改人不得验收本人整改的事项:" + ev.e.actor,
                 "the user who rectified an item may not verify it: " + ev.e.actor}};
    return false;
  }
};

// Reassignment changes what the unit was given: it must say why.
struct reassignment_complete {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S& s, T& t) const {
    return assignment_complete{}(ev, fsm, s, t) && has_reason{}(ev, fsm, s, t);
  }
};

struct not_acknowledged_yet {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (ev.e.acknowledged_by.empty()) return true;
    fsm.guard_refusal = Refusal{Errc::invalid_transition,
                                {"事项已由 " + ev.e.acknowledged_by + " 签收",
                                 "the item was acknowledged already, by " + ev.e.acknowledged_by}};
    return false;
  }
};

// Whether `asked` is a deadline later than the item's; refuses otherwise.
template <class FSM>
bool later_than_due(FSM& fsm, const ItemEvent& e, Date asked) {
  if (!e.current_due || asked > *e.current_due) return true;
  fsm.guard_refusal = Refusal{
      Errc::invalid_argument,
      {"延期后的时限 " + format_date(asked) + " 须晚于现时限 " + format_date(*e.current_due),
       "an extension must be later than the current due date " + format_date(*e.current_due) +
           ": " + format_date(asked)}};
  return false;
}

template <class FSM>
bool refuse_pending(FSM& fsm, const ItemEvent& e) {
  fsm.guard_refusal = Refusal{
      Errc::invalid_transition,
      {"已有待审批的延期申请(至 " + format_date(*e.pending_extension) + ")",
       "an extension request is pending already (to " + format_date(*e.pending_extension) + ")"}};
  return false;
}

struct extension_request_complete {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S& s, T& t) const {
    const auto& e = ev.e;
    if (!has_reason{}(ev, fsm, s, t)) return false;
    if (!e.new_due) {
      fsm.guard_refusal =
          Refusal{Errc::missing_field,
                  {"延期申请须填写申请延至的日期(due)", "an extension request needs its due date"}};
      return false;
    }
    if (e.pending_extension) return refuse_pending(fsm, e);
    return later_than_due(fsm, e, *e.new_due);
  }
};

template <class FSM>
bool has_pending(FSM& fsm, const ItemEvent& e) {
  if (e.pending_extension) return true;
  fsm.guard_refusal = Refusal{Errc::invalid_transition,
                              {"没有待审批的延期申请", "no extension request is pending"}};
  return false;
}

struct approvable {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (!has_pending(fsm, ev.e)) return false;
    return later_than_due(fsm, ev.e, ev.e.new_due ? *ev.e.new_due : *ev.e.pending_extension);
  }
};

struct refusable {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S& s, T& t) const {
    return has_pending(fsm, ev.e) && has_reason{}(ev, fsm, s, t);
  }
};

struct suspendable {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S& s, T& t) const {
    if (!has_reason{}(ev, fsm, s, t)) return false;
    if (!ev.e.suspended_on) return true;
    fsm.guard_refusal =
        Refusal{Errc::invalid_transition,
                {"事项自 " + format_date(*ev.e.suspended_on) + " 起已暂停",
                 "the item is suspended already, since " + format_date(*ev.e.suspended_on)}};
    return false;
  }
};

struct is_suspended {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (ev.e.suspended_on) return true;
    fsm.guard_refusal =
        Refusal{Errc::invalid_transition, {"事项未暂停", "the item is not suspended"}};
    return false;
  }
};

// Actions: each appends the effects of its transition; the use case writes them.
struct set_assignment {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    const auto& e = ev.e;
    fsm.effects.push_back(AssignmentSet{e.unit, e.owner, e.measures, *e.due, e.at});
  }
};

// The clock runs again: the due date moves on by the days it stood still.
template <class FSM>
void resume_clock(FSM& fsm, const ItemEvent& e) {
  auto days = (std::chrono::sys_days{e.today} - std::chrono::sys_days{*e.suspended_on}).count();
  if (days < 0) days = 0;
  fsm.effects.push_back(Resumed{static_cast<int>(days)});
  if (days > 0 && e.current_due) {
    fsm.effects.push_back(
        DueChanged{Date{std::chrono::sys_days{*e.current_due} + std::chrono::days{days}}});
  }
}

// Reporting the rectification ends a suspension and makes a pending extension request moot.
struct record_result {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(RectificationReported{ev.e.result, ev.e.evidence, ev.e.actor});
    if (ev.e.suspended_on) resume_clock(fsm, ev.e);
    if (ev.e.pending_extension) fsm.effects.push_back(ExtensionSettled{false});
  }
};

struct acknowledge {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(Acknowledged{ev.e.actor, ev.e.at.value_or(Instant{})});
  }
};

struct request_extension {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(ExtensionRequested{*ev.e.new_due, ev.e.reason, ev.e.actor});
  }
};

struct approve_extension {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(ExtensionSettled{true});
    fsm.effects.push_back(DueChanged{ev.e.new_due ? *ev.e.new_due : *ev.e.pending_extension});
  }
};

struct refuse_extension {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev&, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(ExtensionSettled{false});
  }
};

struct stop_clock {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(Suspended{ev.e.today});
  }
};

struct restart_clock {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    resume_clock(fsm, ev.e);
  }
};

struct count_rework {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev&, FSM& fsm, S&, T&) const {
    fsm.rework = true;
    fsm.effects.push_back(ReworkCounted{});
  }
};

struct change_due_if_given {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    if (ev.e.new_due) fsm.effects.push_back(DueChanged{*ev.e.new_due});
  }
};

struct ItemMachineDef : msmf::state_machine_def<ItemMachineDef>, machines::RefusalMemory {
  using machines::RefusalMemory::exception_caught;
  using machines::RefusalMemory::no_transition;
  struct Identified : msmf::state<> {};
  struct Assigned : msmf::state<> {};
  struct Rectified : msmf::state<> {};
  struct Verified : msmf::state<> {};
  struct Closed : msmf::state<> {};
  using initial_state = Identified;

  bool rework = false;
  std::vector<ItemEffect> effects;

  using none = msmf::none;
  using rework_and_due =
      msmf::ActionSequence_<boost::mpl::vector<count_rework, change_due_if_given>>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
      //         from        event    to          action               guard
      msmf::Row< Identified, Assign,  Assigned,   set_assignment,      assignment_complete >,
      msmf::Row< Assigned,   Rectify, Rectified,  record_result,       has_result          >,
      msmf::Row< Rectified,  Verify,  Verified,   none,                not_the_rectifier   >,
      msmf::Row< Rectified,  Reject,  Assigned,   rework_and_due,      has_reason          >,
      msmf::Row< Verified,   Close,   Closed,     none,                none                >,
      msmf::Row< Closed,     Reopen,  Assigned,   change_due_if_given, has_reason          >,
      // Within assigned: the state stays (internal rows, no target).
      msmf::Row< Assigned,   Reassign, none,      set_assignment,      reassignment_complete      >,
      msmf::Row< Assigned,   Ack,     none,       acknowledge,         not_acknowledged_yet       >,
      msmf::Row< Assigned,   Extend,  none,       request_extension,   extension_request_complete >,
      msmf::Row< Assigned,   ApproveExtension, none, approve_extension, approvable              >,
      msmf::Row< Assigned,   RefuseExtension,  none, refuse_extension,  refusable               >,
      msmf::Row< Assigned,   Suspend, none,       stop_clock,          suspendable                >,
      msmf::Row< Assigned,   Resume,  none,       restart_clock,       is_suspended               >
  > {};
  // clang-format on
};

using ItemMachine = boost::msm::back::state_machine<ItemMachineDef>;

template <class State>
constexpr int id_of = boost::msm::back::get_state_id<ItemMachine::stt, State>::value;

// Indexed by ItemState. MSM numbers states in the order the table first names them; the stored
// state is restored by id, so the order must be the enum's: checked here, at compile time.
constexpr std::array<int, 5> kStateIds = {
    id_of<ItemMachineDef::Identified>, id_of<ItemMachineDef::Assigned>,
    id_of<ItemMachineDef::Rectified>,  id_of<ItemMachineDef::Verified>,
    id_of<ItemMachineDef::Closed>,
};
static_assert(machines::ids_follow_enum(kStateIds, kAllItemStates),
              "the item machine's state ids must follow ItemState");

ItemState state_of_id(int id) {
  return static_cast<ItemState>(machines::index_of_state(kStateIds, id));
}

void restore(ItemMachine& machine, ItemState state) {
  machine.start();  // enters the initial state (and would run its entry action) ...
  machines::restore_or_throw(machine, kStateIds.at(static_cast<int>(state)));  // ... then resumes
}

template <class Event>
void process(ItemMachine& machine, const ItemEvent& event) {
  machine.process_event(Event{event});
}

constexpr auto kEventNames =
    enum_names<ItemEventKind>({{ItemEventKind::assign, "assign", "交办"},
                               {ItemEventKind::rectify, "rectify", "整改"},
                               {ItemEventKind::verify, "verify", "验收"},
                               {ItemEventKind::reject, "reject", "退回"},
                               {ItemEventKind::close, "close", "销号"},
                               {ItemEventKind::reopen, "reopen", "重新打开"},
                               {ItemEventKind::reassign, "reassign", "改派"},
                               {ItemEventKind::ack, "ack", "签收"},
                               {ItemEventKind::extend, "extend", "延期申请"},
                               {ItemEventKind::approve_extension, "approve-extension", "批准延期"},
                               {ItemEventKind::refuse_extension, "refuse-extension", "不予延期"},
                               {ItemEventKind::suspend, "suspend", "暂停"},
                               {ItemEventKind::resume, "resume", "恢复"}});
}  // namespace

std::string_view to_string(ItemEventKind kind) { return kEventNames.code(kind); }
std::string_view label_zh(ItemEventKind kind) { return kEventNames.zh(kind); }
std::optional<ItemEventKind> item_event_from(std::string_view text) {
  return kEventNames.parse_code(text);
}

ItemTransition apply_item_event(ItemState from, const ItemEvent& event) {
  ItemMachine machine;
  restore(machine, from);
  switch (event.kind) {
    case ItemEventKind::assign:
      process<Assign>(machine, event);
      break;
    case ItemEventKind::rectify:
      process<Rectify>(machine, event);
      break;
    case ItemEventKind::verify:
      process<Verify>(machine, event);
      break;
    case ItemEventKind::reject:
      process<Reject>(machine, event);
      break;
    case ItemEventKind::close:
      process<Close>(machine, event);
      break;
    case ItemEventKind::reopen:
      process<Reopen>(machine, event);
      break;
    case ItemEventKind::reassign:
      process<Reassign>(machine, event);
      break;
    case ItemEventKind::ack:
      process<Ack>(machine, event);
      break;
    case ItemEventKind::extend:
      process<Extend>(machine, event);
      break;
    case ItemEventKind::approve_extension:
      process<ApproveExtension>(machine, event);
      break;
    case ItemEventKind::refuse_extension:
      process<RefuseExtension>(machine, event);
      break;
    case ItemEventKind::suspend:
      process<Suspend>(machine, event);
      break;
    case ItemEventKind::resume:
      process<Resume>(machine, event);
      break;
  }
  machines::throw_if_refused(machine, kStateIds[static_cast<int>(from)], [&] {
    auto ev = std::string(to_string(event.kind));
    return Text{"事项处于“" + std::string(label_zh(from)) + "”状态,不允许执行 " + ev,
                "event " + ev + " not allowed in state " + std::string(to_string(from))};
  });
  return ItemTransition{state_of_id(machine.current_state()[0]), machine.rework,
                        std::move(machine.effects)};
}

}  // namespace duban

namespace duban {
ItemState round_trip_item_state(ItemState state) {
  ItemMachine machine;
  restore(machine, state);
  return state_of_id(machine.current_state()[0]);
}
}  // namespace duban
