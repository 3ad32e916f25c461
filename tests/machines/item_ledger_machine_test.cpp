// The item machine's rows within `assigned`: reassignment, acknowledgement (签收) and the deadline
// ledger (延期申请 and its decision, 暂停 and 恢复), with their guards and effects.
#include <gtest/gtest.h>

#include <variant>

#include "domain/errors.hpp"
#include "machines/item_machine.hpp"

namespace duban {
namespace {

Date day(const char* text) { return *parse_date(text); }

ItemEvent event(ItemEventKind kind) {
  ItemEvent e;
  e.kind = kind;
  e.actor = "longtan";
  e.reason = "资金未到位";
  e.unit = "longtan";
  e.owner = "赵某七";
  e.measures = "逐户核查";
  e.due = day("2026-09-30");
  e.current_due = day("2026-09-30");
  e.at = Instant{std::chrono::seconds{1'790'000'000}};
  e.today = day("2026-09-10");
  return e;
}

Errc refusal(ItemState from, const ItemEvent& e) {
  try {
    apply_item_event(from, e);
  } catch (const Error& error) {
    return error.code();
  }
  ADD_FAILURE() << to_string(e.kind) << " accepted in " << to_string(from);
  return Errc::internal;
}

constexpr std::array kLedgerEvents = {ItemEventKind::reassign,
                                      ItemEventKind::ack,
                                      ItemEventKind::extend,
                                      ItemEventKind::approve_extension,
                                      ItemEventKind::refuse_extension,
                                      ItemEventKind::suspend,
                                      ItemEventKind::resume};

TEST(ItemLedger, TheLedgerEventsBelongToAssignedOnlyAndLeaveItThere) {
  for (auto kind : kLedgerEvents) {
    auto e = event(kind);
    e.new_due = day("2026-10-31");
    e.pending_extension =
        kind == ItemEventKind::approve_extension || kind == ItemEventKind::refuse_extension
            ? std::optional<Date>(day("2026-10-31"))
            : std::nullopt;
    if (kind == ItemEventKind::resume) e.suspended_on = day("2026-09-01");
    EXPECT_EQ(apply_item_event(ItemState::assigned, e).to, ItemState::assigned) << to_string(kind);
    for (auto state : kAllItemStates) {
      if (state == ItemState::assigned) continue;
      EXPECT_EQ(refusal(state, e), Errc::invalid_transition)
          << to_string(kind) << " in " << to_string(state);
    }
  }
}

TEST(ItemLedger, ReassignmentNeedsAReasonAndAwaitsAcknowledgementAnew) {
  auto e = event(ItemEventKind::reassign);
  e.reason.clear();
  EXPECT_EQ(refusal(ItemState::assigned, e), Errc::reason_required);
  e = event(ItemEventKind::reassign);
  e.owner = "周某九";
  auto t = apply_item_event(ItemState::assigned, e);
  ASSERT_EQ(t.effects.size(), 1u);
  const auto& set = std::get<AssignmentSet>(t.effects[0]);
  EXPECT_EQ(set.at, e.at);

  RectificationItem item;
  item.state = ItemState::assigned;
  item.unit = "longtan";
  item.owner = "赵某七";
  item.assigned_at = Instant{std::chrono::seconds{1'700'000'000}};
  item.acknowledged_by = "longtan";
  item.acknowledged_at = item.assigned_at;
  auto same = item;
  apply_effects(same, {AssignmentSet{"longtan", "赵某七", "再核查", day("2026-10-31"), e.at}});
  EXPECT_EQ(same.acknowledged_by, "longtan") << "same unit and owner: still acknowledged";
  apply_effects(item, t.effects);
  EXPECT_EQ(item.assigned_at, e.at);
  EXPECT_TRUE(item.acknowledged_by.empty());
  EXPECT_TRUE(item.awaits_acknowledgement());
}

TEST(ItemLedger, AnAssignmentIsAcknowledgedOnce) {
  auto t = apply_item_event(ItemState::assigned, event(ItemEventKind::ack));
  ASSERT_EQ(t.effects.size(), 1u);
  EXPECT_EQ(std::get<Acknowledged>(t.effects[0]).by, "longtan");
  auto again = event(ItemEventKind::ack);
  again.acknowledged_by = "longtan";
  try {
    apply_item_event(ItemState::assigned, again);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_transition);
    EXPECT_NE(e.text().zh.find("已由 longtan 签收"), std::string::npos) << e.text().zh;
  }
}

TEST(ItemLedger, AnExtensionRequestSaysWhyAndAsksForALaterDateOneAtATime) {
  auto e = event(ItemEventKind::extend);
  EXPECT_EQ(refusal(ItemState::assigned, e), Errc::missing_field) << "no date asked for";
  e.new_due = day("2026-09-20");
  EXPECT_EQ(refusal(ItemState::assigned, e), Errc::invalid_argument) << "earlier than the due";
  e.new_due = day("2026-09-30");
  EXPECT_EQ(refusal(ItemState::assigned, e), Errc::invalid_argument) << "the same day";
  e.new_due = day("2026-10-31");
  e.reason.clear();
  EXPECT_EQ(refusal(ItemState::assigned, e), Errc::reason_required);
  e.reason = "资金未到位";
  e.pending_extension = day("2026-10-15");
  EXPECT_EQ(refusal(ItemState::assigned, e), Errc::invalid_transition) << "one pending already";
  e.pending_extension.reset();
  auto t = apply_item_event(ItemState::assigned, e);
  ASSERT_EQ(t.effects.size(), 1u) << "a request does not move the deadline";
  const auto& asked = std::get<ExtensionRequested>(t.effects[0]);
  EXPECT_EQ(asked.due, day("2026-10-31"));
  EXPECT_EQ(asked.reason, "资金未到位");
  EXPECT_EQ(asked.by, "longtan");
}

TEST(ItemLedger, ApprovalMovesTheDeadlineToTheDateAskedForOrTheOneGiven) {
  auto e = event(ItemEventKind::approve_extension);
  EXPECT_EQ(refusal(ItemState::assigned, e), Errc::invalid_transition) << "nothing pending";
  e.pending_extension = day("2026-10-31");
  auto t = apply_item_event(ItemState::assigned, e);
  ASSERT_EQ(t.effects.size(), 2u);
  EXPECT_TRUE(std::get<ExtensionSettled>(t.effects[0]).approved);
  EXPECT_EQ(std::get<DueChanged>(t.effects[1]).due, day("2026-10-31"));
  e.new_due = day("2026-10-20");  // approved, but shorter
  EXPECT_EQ(std::get<DueChanged>(apply_item_event(ItemState::assigned, e).effects[1]).due,
            day("2026-10-20"));
  e.new_due = day("2026-09-01");
  EXPECT_EQ(refusal(ItemState::assigned, e), Errc::invalid_argument);
}

TEST(ItemLedger, ARefusalSaysWhyAndLeavesTheDeadline) {
  auto e = event(ItemEventKind::refuse_extension);
  e.pending_extension = day("2026-10-31");
  e.reason.clear();
  EXPECT_EQ(refusal(ItemState::assigned, e), Errc::reason_required);
  e.reason = "理由不充分";
  auto t = apply_item_event(ItemState::assigned, e);
  ASSERT_EQ(t.effects.size(), 1u);
  EXPECT_FALSE(std::get<ExtensionSettled>(t.effects[0]).approved);
}

TEST(ItemLedger, SuspensionStopsTheClockAndResumingMovesTheDueDateOnByTheDaysItStood) {
  auto s = event(ItemEventKind::suspend);
  s.reason.clear();
  EXPECT_EQ(refusal(ItemState::assigned, s), Errc::reason_required);
  s.reason = "等待资金";
  auto t = apply_item_event(ItemState::assigned, s);
  ASSERT_EQ(t.effects.size(), 1u);
  EXPECT_EQ(std::get<Suspended>(t.effects[0]).on, day("2026-09-10"));
  s.suspended_on = day("2026-09-10");
  EXPECT_EQ(refusal(ItemState::assigned, s), Errc::invalid_transition) << "suspended already";

  auto r = event(ItemEventKind::resume);
  EXPECT_EQ(refusal(ItemState::assigned, r), Errc::invalid_transition) << "not suspended";
  r.suspended_on = day("2026-09-10");
  r.today = day("2026-10-22");  // 42 days, across the National Day holiday: calendar days
  auto back = apply_item_event(ItemState::assigned, r);
  ASSERT_EQ(back.effects.size(), 2u);
  EXPECT_EQ(std::get<Resumed>(back.effects[0]).days, 42);
  EXPECT_EQ(std::get<DueChanged>(back.effects[1]).due, day("2026-11-11"));
  r.today = day("2026-09-10");  // resumed the day it stopped: nothing to move
  auto same_day = apply_item_event(ItemState::assigned, r);
  ASSERT_EQ(same_day.effects.size(), 1u);
  EXPECT_EQ(std::get<Resumed>(same_day.effects[0]).days, 0);
}

TEST(ItemLedger, RectifyingEndsASuspensionAndAPendingRequest) {
  auto e = event(ItemEventKind::rectify);
  e.result = "已整改";
  e.suspended_on = day("2026-09-05");
  e.pending_extension = day("2026-10-31");
  auto t = apply_item_event(ItemState::assigned, e);
  EXPECT_EQ(t.to, ItemState::rectified);
  ASSERT_EQ(t.effects.size(), 4u);
  EXPECT_TRUE(std::holds_alternative<RectificationReported>(t.effects[0]));
  EXPECT_EQ(std::get<Resumed>(t.effects[1]).days, 5);
  EXPECT_EQ(std::get<DueChanged>(t.effects[2]).due, day("2026-10-05"));
  EXPECT_FALSE(std::get<ExtensionSettled>(t.effects[3]).approved);
  RectificationItem item;
  item.suspended_on = e.suspended_on;
  item.extension_due = e.pending_extension;
  item.extension_reason = "资金未到位";
  item.extension_by = "longtan";
  apply_effects(item, t.effects);
  EXPECT_FALSE(item.is_suspended());
  EXPECT_FALSE(item.extension_due);
  EXPECT_TRUE(item.extension_reason.empty());
}

TEST(ItemLedger, EventNamesReadInEnglishAndChinese) {
  for (auto kind : kLedgerEvents) {
    EXPECT_EQ(item_event_from(to_string(kind)), kind);
    EXPECT_FALSE(label_zh(kind).empty());
  }
  EXPECT_EQ(label_zh(ItemEventKind::ack), "签收");
  EXPECT_EQ(to_string(ItemEventKind::approve_extension), "approve-extension");
}

}  // namespace
}  // namespace duban
