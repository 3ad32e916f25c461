// Reminders of step deadlines to the office, and of missing submissions to each unit that has not
// submitted (the observation village list, due a week before the tour).
#include "app/notifications.hpp"
#include "app/round_cases.hpp"
#include "schedule/reminder_queue.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {
namespace {

class StepReminders : public Engine {
 protected:
  void SetUp() override {
    Engine::SetUp();
    clock_.set(*parse_local_time("2026-07-01T08:00", config_.zone));
    app::start_round(services(), {"office", "2026-H1", "2026-07-20"});
    EXPECT_EQ(queue(), 0);  // the first run records where it stands
  }
  std::int64_t queue() {
    return schedule::queue_step_reminders(*store_, config_, clock_.now()).reminders;
  }
  std::vector<std::string> subjects(const std::string& rung) {
    auto uow = store_->begin(store::Intent::read);
    store::OutboxFilter f;
    f.limit = 100000;
    std::set<std::string> out;
    for (const auto& [r, d] : uow->outbox().list(f))
      if (r.rung == rung) out.insert(r.subject + " " + d.channel + ":" + d.recipient);
    uow->commit();
    return {out.begin(), out.end()};
  }
};

TEST_F(StepReminders, MissingVillageListsAreRemindedUnitByUnitAndStopOnceSubmitted) {
  // The list is due 13 July (a week before the tour on 20 July); 3 working days before: 8 July.
  clock_.set(*parse_local_time("2026-07-08T10:00", config_.zone));
  EXPECT_EQ(queue(), 11);  // the demo's 11 townships
  auto before = subjects("before_3");
  EXPECT_NE(std::find(before.begin(), before.end(), "submission:2026-H1/3/longtan email:赵某七"),
            before.end());
  EXPECT_NE(std::find(before.begin(), before.end(), "submission:2026-H1/3/longtan sms:赵某七"),
            before.end());
  EXPECT_EQ(queue(), 0);  // the same tick again: nothing twice
  app::change_step(services(), {"office", "2026-H1", "3", StepEventKind::open, "", ""});
  app::submit(services(), {"longtan", "2026-H1", "3", "longtan", "水口村、张坪村"});
  clock_.set(*parse_local_time("2026-07-13T10:00", config_.zone));
  EXPECT_EQ(queue(), 10);  // due today, to those still missing: not 龙潭镇
  auto due = subjects("due");
  for (const auto& s : due) EXPECT_EQ(s.find("/longtan "), std::string::npos) << s;
  EXPECT_NE(std::find(due.begin(), due.end(), "submission:2026-H1/3/xinmin email:黄某八"),
            due.end());
}

TEST_F(StepReminders, StepDeadlinesGoToTheOfficeAndEscalateWhenOverdue) {
  // Steps 4–6 are due 31 July: 7 days before is 24 July.
  clock_.set(*parse_local_time("2026-07-24T09:30", config_.zone));
  queue();
  EXPECT_EQ(subjects("before_7"),
            (std::vector<std::string>{"step:2026-H1/4 email:张某三", "step:2026-H1/5 email:张某三",
                                      "step:2026-H1/6 email:张某三"}));
  // Overdue from the next working day (Mon 3 Aug), to the office and the leader.
  clock_.set(*parse_local_time("2026-08-03T09:30", config_.zone));
  queue();
  auto overdue = subjects("overdue");
  EXPECT_NE(std::find(overdue.begin(), overdue.end(), "step:2026-H1/4 email:李某二"),
            overdue.end());
}

TEST_F(StepReminders, ASubmissionOrACompletedStepCancelsWhatWasQueuedForIt) {
  clock_.set(*parse_local_time("2026-07-08T10:00", config_.zone));
  EXPECT_EQ(queue(), 11);
  app::change_step(services(), {"office", "2026-H1", "3", StepEventKind::open, "", ""});
  app::submit(services(), {"longtan", "2026-H1", "3", "longtan", "水口村、张坪村"});
  auto status_of = [&](const std::string& subject) {
    auto uow = store_->begin(store::Intent::read);
    store::OutboxFilter f;
    f.subject = subject;
    std::set<std::string> out;
    for (const auto& [r, d] : uow->outbox().list(f))
      out.insert(r.status + "/" + std::string(to_string(d.status)));
    uow->commit();
    return out;
  };
  EXPECT_EQ(status_of("submission:2026-H1/3/longtan"),
            (std::set<std::string>{"cancelled/cancelled"}));
  EXPECT_EQ(status_of("submission:2026-H1/3/xinmin"), (std::set<std::string>{"queued/pending"}));
  // Completed with an override: every township's reminder still queued is cancelled.
  app::change_step(services(),
                   {"office", "2026-H1", "3", StepEventKind::complete, "", "汛期,领导小组同意"});
  EXPECT_EQ(status_of("submission:2026-H1/3/xinmin"),
            (std::set<std::string>{"cancelled/cancelled"}));
  clock_.set(*parse_local_time("2026-07-13T10:00", config_.zone));
  EXPECT_EQ(queue(), 0);  // a completed step reminds no one
}

TEST_F(StepReminders, ADryRunListsStepAndSubmissionRemindersAndWritesNothing) {
  auto planned =
      app::plan_reminders(services(), *parse_local_time("2026-07-24T10:00", config_.zone));
  std::map<std::string, int> by_rung;
  for (const auto& p : planned)
    ++by_rung[p.reminder.subject.substr(0, p.reminder.subject.find(':')) + " " + p.reminder.rung];
  EXPECT_EQ(by_rung["submission before_3"], 11);
  EXPECT_EQ(by_rung["submission due"], 11);
  EXPECT_EQ(by_rung["step before_7"], 3);
  EXPECT_TRUE(subjects("before_3").empty());  // nothing queued
  EXPECT_EQ(queue(), 0);                      // and the watermark did not move: now is 1 July
}

}  // namespace
}  // namespace duban::testing
