#include "machines/procedure_machine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <variant>

#include "domain/errors.hpp"

namespace duban {
namespace {

constexpr std::array kStates = {StepState::pending, StepState::open, StepState::completed};
constexpr std::array kEvents = {StepEventKind::open, StepEventKind::complete,
                                StepEventKind::reopen};

StepContext satisfied() {
  StepContext c;
  c.step = StepId::data_aggregation;
  c.reason = "数据有误";
  return c;
}

Errc refusal(StepState from, StepEventKind ev, const StepContext& c) {
  try {
    apply_step_event(from, ev, c);
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "accepted " << to_string(ev) << " in " << to_string(from);
  return Errc::storage_error;
}

TEST(StepMachine, EveryStateRoundTripsThroughRestore) {
  for (auto s : kStates) EXPECT_EQ(round_trip_step_state(s), s);
}

TEST(StepMachine, AllowedTransitions) {
  auto c = satisfied();
  EXPECT_EQ(apply_step_event(StepState::pending, StepEventKind::open, c), StepState::open);
  EXPECT_EQ(apply_step_event(StepState::open, StepEventKind::complete, c), StepState::completed);
  EXPECT_EQ(apply_step_event(StepState::completed, StepEventKind::reopen, c), StepState::open);
}

TEST(StepMachine, EveryOtherPairIsRefusedAsInvalidTransition) {
  const std::map<StepState, StepEventKind> allowed = {
      {StepState::pending, StepEventKind::open},
      {StepState::open, StepEventKind::complete},
      {StepState::completed, StepEventKind::reopen}};
  int refused = 0;
  for (auto s : kStates) {
    for (auto ev : kEvents) {
      if (allowed.at(s) == ev) continue;
      try {
        apply_step_event(s, ev, satisfied());
        ADD_FAILURE() << to_string(ev) << " in " << to_string(s);
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_transition);
        EXPECT_NE(e.text().en.find("event " + std::string(to_string(ev)) +
                                   " not allowed in state " + std::string(to_string(s))),
                  std::string::npos)
            << e.text().en;
        ++refused;
      }
    }
  }
  EXPECT_EQ(refused, 6);
}

TEST(StepMachine, OpenIsRefusedWhileADependencyIsIncomplete) {
  auto c = satisfied();
  c.unmet_dependencies = {StepId::special_supervision, StepId::semiannual_evaluation};
  try {
    apply_step_event(StepState::pending, StepEventKind::open, c);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::dependencies_incomplete);
    EXPECT_NE(e.text().zh.find("专项督查"), std::string::npos);
    EXPECT_NE(e.text().en.find("4 semiannual_evaluation"), std::string::npos);
  }
}

TEST(StepMachine, CompleteNeedsEverySubmissionUnlessOverriddenWithAReason) {
  auto c = satisfied();
  c.step = StepId::self_inspection;
  c.missing_submissions = {"longtan"};
  c.override_allowed = true;
  EXPECT_EQ(refusal(StepState::open, StepEventKind::complete, c), Errc::submissions_incomplete);
  c.override_reason = "龙潭镇因灾延期,领导小组同意";
  EXPECT_EQ(apply_step_event(StepState::open, StepEventKind::complete, c), StepState::completed);
}

TEST(StepMachine, OverrideIsIgnoredWhereTheStepDoesNotAllowIt) {
  auto c = satisfied();
  c.missing_submissions = {"longtan"};
  c.override_allowed = false;
  c.override_reason = "reason";
  EXPECT_EQ(refusal(StepState::open, StepEventKind::complete, c), Errc::submissions_incomplete);
}

TEST(StepMachine, AssessmentCompletesOnlyWithAnApprovedReport) {
  auto c = satisfied();
  c.step = StepId::comprehensive_assessment;
  c.needs_approval = true;
  EXPECT_EQ(refusal(StepState::open, StepEventKind::complete, c), Errc::report_not_approved);
  c.approved = true;
  EXPECT_EQ(apply_step_event(StepState::open, StepEventKind::complete, c), StepState::completed);
}

TEST(StepMachine, FeedbackCompletesOnlyWhenEveryUnitReceivedIt) {
  auto c = satisfied();
  c.step = StepId::feedback;
  c.missing_feedback = {"xinmin"};
  EXPECT_EQ(refusal(StepState::open, StepEventKind::complete, c), Errc::feedback_incomplete);
  c.missing_feedback.clear();
  EXPECT_EQ(apply_step_event(StepState::open, StepEventKind::complete, c), StepState::completed);
}

TEST(StepMachine, ReopenNeedsAReason) {
  auto c = satisfied();
  c.reason.clear();
  EXPECT_EQ(refusal(StepState::completed, StepEventKind::reopen, c), Errc::reason_required);
}

}  // namespace
}  // namespace duban

namespace duban {
namespace {

template <class Effect>
const Effect* find_effect(const StepTransition& t) {
  for (const auto& e : t.effects)
    if (const auto* found = std::get_if<Effect>(&e)) return found;
  return nullptr;
}

TEST(StepMachineEffects, CompletionRecordsWhenAndAnyOverride) {
  auto c = satisfied();
  c.now = *parse_utc("2020-06-30T02:00:00Z");
  auto opened = transition_step(StepState::pending, StepEventKind::open, c);
  ASSERT_NE(find_effect<StepOpened>(opened), nullptr);
  EXPECT_EQ(find_effect<StepOpened>(opened)->at, c.now);
  EXPECT_EQ(find_effect<CompletionOverridden>(
                transition_step(StepState::open, StepEventKind::complete, c)),
            nullptr);
  c.step = StepId::self_inspection;
  c.missing_submissions = {"hongyan"};
  c.override_allowed = true;
  c.override_reason = "因灾延期";
  auto done = transition_step(StepState::open, StepEventKind::complete, c);
  ASSERT_NE(find_effect<CompletionOverridden>(done), nullptr);
  EXPECT_EQ(find_effect<CompletionOverridden>(done)->missing, std::vector<std::string>{"hongyan"});
  EXPECT_EQ(find_effect<ProblemsBecomeItems>(done), nullptr)
      << "only step 7 turns problems into items";
  c = satisfied();
  c.step = StepId::feedback;
  EXPECT_NE(find_effect<ProblemsBecomeItems>(
                transition_step(StepState::open, StepEventKind::complete, c)),
            nullptr);
}

TEST(StepMachineEffects, ReopenClearsCompletionAndAnyApproval) {
  auto c = satisfied();
  auto plain = transition_step(StepState::completed, StepEventKind::reopen, c);
  EXPECT_NE(find_effect<CompletionCleared>(plain), nullptr);
  EXPECT_EQ(find_effect<ApprovalCleared>(plain), nullptr);
  c.step = StepId::comprehensive_assessment;
  c.needs_approval = true;
  c.approved = true;
  EXPECT_NE(
      find_effect<ApprovalCleared>(transition_step(StepState::completed, StepEventKind::reopen, c)),
      nullptr);
}

TEST(StepMachineEffects, InternalTransitionsKeepTheStateAndRefuseOutsideTheirStates) {
  auto c = satisfied();
  c.step = StepId::quarterly_observation;
  c.unit = "longtan";
  c.submission_due = parse_date("2020-06-13");
  c.now = *parse_utc("2020-06-13T15:59:59Z");  // 23:59:59 China time on the due day
  auto on_time = transition_step(StepState::open, StepEventKind::submit, c);
  EXPECT_EQ(on_time.to, StepState::open);
  EXPECT_FALSE(find_effect<SubmissionReceived>(on_time)->late);
  c.now = *parse_utc("2020-06-13T16:00:00Z");
  EXPECT_TRUE(
      find_effect<SubmissionReceived>(transition_step(StepState::open, StepEventKind::submit, c))
          ->late);
  EXPECT_EQ(refusal(StepState::pending, StepEventKind::submit, c), Errc::invalid_transition);
  EXPECT_EQ(refusal(StepState::completed, StepEventKind::record_problem, c),
            Errc::invalid_transition);
  EXPECT_EQ(transition_step(StepState::pending, StepEventKind::record_problem, c).to,
            StepState::pending);

  c.step = StepId::comprehensive_assessment;
  EXPECT_EQ(refusal(StepState::open, StepEventKind::approve, c), Errc::invalid_transition)
      << "a step without a report";
  c.needs_approval = true;
  EXPECT_NE(
      find_effect<ReportApproved>(transition_step(StepState::open, StepEventKind::approve, c)),
      nullptr);
  c.approved = true;
  EXPECT_EQ(refusal(StepState::open, StepEventKind::approve, c), Errc::already_exists);
  EXPECT_EQ(refusal(StepState::completed, StepEventKind::approve, c), Errc::invalid_transition);
}

}  // namespace
}  // namespace duban
