// The item machine's transition table. This translation unit is the only one that includes MSM
// for items: MSM compiles slowly, and the rest of the engine needs only apply_item_event().
#include "machines/item_machine.hpp"

#include <array>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "domain/enum_names.hpp"
#include "machines/guards.hpp"
#include "machines/item_rules.hpp"
#include "machines/restore.hpp"

namespace duban {

namespace msmf = boost::msm::front;

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
struct Report {
  const ItemEvent& e;
};

using namespace item_rules;

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
      msmf::Row< Assigned,   Resume,  none,       restart_clock,       is_suspended               >,
      msmf::Row< Assigned,   Report,  none,       record_progress,     report_complete            >
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
                               {ItemEventKind::resume, "resume", "恢复"},
                               {ItemEventKind::report, "report", "进展报告"}});
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
    case ItemEventKind::report:
      process<Report>(machine, event);
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
