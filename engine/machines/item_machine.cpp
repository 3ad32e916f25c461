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

// Actions: each appends the effects of its transition; the use case writes them.
struct set_assignment {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    const auto& e = ev.e;
    fsm.effects.push_back(AssignmentSet{e.unit, e.owner, e.measures, *e.due});
  }
};

struct record_result {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(RectificationReported{ev.e.result, ev.e.evidence, ev.e.actor});
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
      msmf::Row< Closed,     Reopen,  Assigned,   change_due_if_given, has_reason          >
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
                               {ItemEventKind::reopen, "reopen", "重新打开"}});
}  // namespace

std::string_view to_string(ItemEventKind kind) { return kEventNames.code(kind); }
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
