#include "machines/item_machine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <variant>

#include "domain/errors.hpp"

namespace duban {
namespace {

ItemEvent full_event(ItemEventKind kind) {
  ItemEvent e;
  e.kind = kind;
  e.actor = "verifier";
  e.reason = "整改不彻底";
  e.unit = "longtan";
  e.owner = "张三";
  e.measures = "逐户核查";
  e.due = parse_date("2020-05-15");
  e.result = "已合户识别";
  e.rectified_by = "rectifier";
  return e;
}

constexpr std::array kEvents = {ItemEventKind::assign, ItemEventKind::rectify,
                                ItemEventKind::verify, ItemEventKind::reject,
                                ItemEventKind::close,  ItemEventKind::reopen};

// The whole table: (from, event) -> to. Every pair not listed must be refused.
const std::map<std::pair<ItemState, ItemEventKind>, ItemState> kAllowed = {
    {{ItemState::identified, ItemEventKind::assign}, ItemState::assigned},
    {{ItemState::assigned, ItemEventKind::rectify}, ItemState::rectified},
    {{ItemState::rectified, ItemEventKind::verify}, ItemState::verified},
    {{ItemState::rectified, ItemEventKind::reject}, ItemState::assigned},
    {{ItemState::verified, ItemEventKind::close}, ItemState::closed},
    {{ItemState::closed, ItemEventKind::reopen}, ItemState::assigned},
};

TEST(ItemMachine, EveryStateRoundTripsThroughRestore) {
  for (auto state : kAllItemStates) EXPECT_EQ(round_trip_item_state(state), state);
}

TEST(ItemMachine, EachAllowedTransitionReachesItsTarget) {
  for (const auto& [key, to] : kAllowed) {
    auto [from, kind] = key;
    auto t = apply_item_event(from, full_event(kind));
    EXPECT_EQ(t.to, to) << to_string(from) << " + " << to_string(kind);
    EXPECT_EQ(t.rework, kind == ItemEventKind::reject);
  }
}

TEST(ItemMachine, EveryOtherStateEventPairIsRefusedNamingEventAndState) {
  int refused = 0;
  for (auto state : kAllItemStates) {
    for (auto kind : kEvents) {
      if (kAllowed.count({state, kind})) continue;
      try {
        apply_item_event(state, full_event(kind));
        ADD_FAILURE() << "accepted " << to_string(kind) << " in " << to_string(state);
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_transition);
        EXPECT_NE(e.text().en.find(std::string(to_string(kind))), std::string::npos);
        EXPECT_NE(e.text().en.find(std::string(to_string(state))), std::string::npos);
        EXPECT_NE(e.text().zh.find(std::string(label_zh(state))), std::string::npos);
        ++refused;
      }
    }
  }
  EXPECT_EQ(refused, 5 * 6 - 6);
}

TEST(ItemMachine, AssignNeedsUnitOwnerDueAndMeasures) {
  auto e = full_event(ItemEventKind::assign);
  e.owner.clear();
  e.due.reset();
  try {
    apply_item_event(ItemState::identified, e);
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.code(), Errc::missing_field);
    EXPECT_NE(err.text().en.find("owner"), std::string::npos);
    EXPECT_NE(err.text().en.find("due"), std::string::npos);
    EXPECT_EQ(err.text().en.find("measures"), std::string::npos);
  }
}

TEST(ItemMachine, RectifyNeedsAResult) {
  auto e = full_event(ItemEventKind::rectify);
  e.result.clear();
  try {
    apply_item_event(ItemState::assigned, e);
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.code(), Errc::missing_field);
  }
}

TEST(ItemMachine, TheRectifierMayNotVerify) {
  auto e = full_event(ItemEventKind::verify);
  e.actor = e.rectified_by;
  try {
    apply_item_event(ItemState::rectified, e);
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.code(), Errc::self_verification);
  }
}

TEST(ItemMachine, RejectAndReopenNeedAReason) {
  for (auto [state, kind] : {std::pair{ItemState::rectified, ItemEventKind::reject},
                             std::pair{ItemState::closed, ItemEventKind::reopen}}) {
    auto e = full_event(kind);
    e.reason.clear();
    try {
      apply_item_event(state, e);
      FAIL() << to_string(kind);
    } catch (const Error& err) {
      EXPECT_EQ(err.code(), Errc::reason_required);
    }
  }
}

}  // namespace
}  // namespace duban

namespace duban {
namespace {

TEST(ItemMachineEffects, EachTransitionProducesItsOwnEffects) {
  auto assign = apply_item_event(ItemState::identified, full_event(ItemEventKind::assign));
  ASSERT_EQ(assign.effects.size(), 1u);
  const auto& set = std::get<AssignmentSet>(assign.effects[0]);
  EXPECT_EQ(set.unit, "longtan");
  EXPECT_EQ(set.owner, "张三");
  ASSERT_TRUE(set.due.has_value());
  EXPECT_EQ(format_date(*set.due), "2020-05-15");

  auto e = full_event(ItemEventKind::rectify);
  e.evidence = {"台账.pdf"};
  auto rectify = apply_item_event(ItemState::assigned, e);
  ASSERT_EQ(rectify.effects.size(), 1u);
  const auto& reported = std::get<RectificationReported>(rectify.effects[0]);
  EXPECT_EQ(reported.by, "verifier");
  EXPECT_EQ(reported.evidence, std::vector<std::string>{"台账.pdf"});

  auto reject = apply_item_event(ItemState::rectified, full_event(ItemEventKind::reject));
  ASSERT_EQ(reject.effects.size(), 1u) << "no new deadline given: rework only";
  EXPECT_TRUE(std::holds_alternative<ReworkCounted>(reject.effects[0]));
  auto r = full_event(ItemEventKind::reopen);
  r.new_due = parse_date("2020-09-30");
  auto reopen = apply_item_event(ItemState::closed, r);
  ASSERT_EQ(reopen.effects.size(), 1u);
  EXPECT_EQ(format_date(std::get<DueChanged>(reopen.effects[0]).due), "2020-09-30");
  EXPECT_TRUE(
      apply_item_event(ItemState::rectified, full_event(ItemEventKind::verify)).effects.empty());
}

TEST(ItemMachineEffects, ApplyingThemChangesOnlyWhatTheyName) {
  RectificationItem item;
  item.title = "未整户识别";
  item.evidence = {"a.pdf"};
  apply_effects(item, {AssignmentSet{"longtan", "赵", "核查", *parse_date("2020-06-30")},
                       RectificationReported{"已整改", {"b.jpg"}, "longtan"}, ReworkCounted{},
                       DueChanged{*parse_date("2020-07-15")}});
  EXPECT_EQ(item.title, "未整户识别");
  EXPECT_EQ(item.unit, "longtan");
  EXPECT_EQ(item.evidence, (std::vector<std::string>{"a.pdf", "b.jpg"}));
  EXPECT_EQ(item.rectified_by, "longtan");
  EXPECT_EQ(item.rework_count, 1);
  EXPECT_EQ(format_date(*item.due), "2020-07-15");
}

}  // namespace
}  // namespace duban
