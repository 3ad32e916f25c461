#pragma once
// The item machine's guards and actions, included only by item_machine.cpp (the one translation
// unit with the machine): each guard names one rule and, when it refuses, says why; each action
// appends the effects of its transition, which the use case writes.
#include <chrono>
#include <string>

#include "machines/guards.hpp"
#include "machines/item_machine.hpp"

namespace duban::item_rules {

using machines::Refusal;

// Guards: each names one rule and, when it refuses, says why.
struct assignment_complete {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    const auto& e = ev.e;
    std::string missing;
    if (e.unit.empty()) missing += " unit/牵头单位";
    if (e.owner.empty()) missing += " owner/责任人";
    if (!e.due && !e.standing) missing += " due/整改时限";
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

// A progress report of a standing item (长期坚持): only such an item reports progress, and the
// report says what was done.
struct report_complete {
  template <class Ev, class FSM, class S, class T>
  bool operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    const auto& e = ev.e;
    if (!e.standing) {
      fsm.guard_refusal = Refusal{
          Errc::invalid_transition,
          {"只有“长期坚持”的事项报告进展;其他事项请用 rectify 填报整改结果",
           "only a standing item (长期坚持) reports progress; others report their result with "
           "rectify"}};
      return false;
    }
    if (e.result.empty() || !e.next_report) {
      fsm.guard_refusal =
          Refusal{Errc::missing_field,
                  {"进展报告须填写进展情况(result)", "a report needs its text (result)"}};
      return false;
    }
    return true;
  }
};

// Actions: each appends the effects of its transition; the use case writes them.
struct set_assignment {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    const auto& e = ev.e;
    fsm.effects.push_back(AssignmentSet{e.unit, e.owner, e.measures, e.due, e.at});
  }
};

struct record_progress {
  template <class Ev, class FSM, class S, class T>
  void operator()(const Ev& ev, FSM& fsm, S&, T&) const {
    fsm.effects.push_back(ProgressReported{ev.e.result, ev.e.actor, *ev.e.next_report});
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

}  // namespace duban::item_rules
