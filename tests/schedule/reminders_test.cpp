// Reminders derived from the database on ManualClock: every rung of the ladder, working days across
// the National Day holiday, exactly once under the outbox's unique key, cancelled on close and
// re-armed when the deadline changes, all in the transition's transaction.
#include "app/item_cases.hpp"
#include "schedule/reminder_queue.hpp"
#include "schedule/scheduler.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {
namespace {

using Strings = std::vector<std::string>;

class Reminders : public Engine {
 protected:
  void SetUp() override {
    Engine::SetUp();
    clock_.set(*parse_local_time("2026-09-01T08:00", config_.zone));
  }
  std::int64_t assigned_item(const std::string& due, const std::string& owner = "赵某七") {
    auto item = app::add_item(services(), {"office", "", "国家", "", "问题一", "", "longtan"});
    app::change_item(
        services(), {"office", item.id, ItemEventKind::assign, "", "", owner, "核查", due, "", {}});
    // The unit acknowledges it (签收): the ladder alone runs, nothing is brought forward.
    app::change_item(services(), {.actor = "longtan", .id = item.id, .event = ItemEventKind::ack});
    return item.id;
  }
  void event(std::int64_t id, ItemEventKind kind, const std::string& actor,
             const std::string& due = "") {
    app::ChangeItem c{actor, id, kind, "理由", "", "", "", due, "已整改", {"照片.jpg"}};
    app::change_item(services(), c);
  }
  // Every reminder as "rung@local time status: recipients by channel", oldest first.
  Strings outbox(const std::string& subject) {
    auto uow = store_->begin(store::Intent::read);
    store::OutboxFilter f;
    f.subject = subject;
    f.limit = 10000;
    auto rows = uow->outbox().list(f);
    uow->commit();
    std::map<std::int64_t, std::pair<QueuedReminder, Strings>> by_reminder;
    for (const auto& [r, d] : rows) {
      auto& e = by_reminder[r.id];
      e.first = r;
      e.second.push_back(d.channel + ":" + d.recipient + "(" + d.role +
                         ")=" + std::string(to_string(d.status)));
    }
    Strings out;
    for (auto& [id, e] : by_reminder) {
      std::sort(e.second.begin(), e.second.end());
      std::string line = e.first.rung + "@" +
                         format_instant(e.first.fire_at, config_.zone).substr(0, 16) + " " +
                         e.first.status + ":";
      for (const auto& s : e.second) line += " " + s;
      out.push_back(line);
    }
    return out;
  }
  std::int64_t queue_now() {
    return schedule::queue_due_reminders(*store_, config_, clock_.now()).reminders;
  }
};

TEST_F(Reminders, EveryRungOfTheLadderFallsDueOnTheHourItShould) {
  auto id = assigned_item("2026-09-30");
  std::vector<std::string> log;
  schedule::Scheduler scheduler(*store_, clock_, std::chrono::hours(1),
                                [&](const std::string& l) { log.push_back(l); });
  scheduler.enable_reminders(config_);
  scheduler.start();
  std::vector<std::pair<std::string, std::size_t>> seen;  // when the outbox grew, and to what
  for (int hour = 0; hour < 24 * 80; ++hour) {            // to 20 November
    clock_.advance(std::chrono::hours(1));
    auto now = outbox("item:" + std::to_string(id)).size();
    if (seen.empty() || seen.back().second != now)
      seen.emplace_back(format_instant(clock_.now(), config_.zone).substr(0, 16), now);
  }
  scheduler.stop();
  // Each rung was queued by the first tick at or after 09:00 on its day.
  EXPECT_EQ(seen.front(), (std::pair<std::string, std::size_t>{"2026-09-01 09:00", 0}));
  Strings when;
  for (std::size_t i = 1; i < seen.size(); ++i) when.push_back(seen[i].first);
  EXPECT_EQ(when,
            (Strings{"2026-09-23 09:00", "2026-09-27 09:00", "2026-09-29 09:00", "2026-09-30 09:00",
                     "2026-10-08 09:00", "2026-10-12 09:00", "2026-10-15 09:00", "2026-10-20 09:00",
                     "2026-10-23 09:00", "2026-10-27 09:00", "2026-10-28 09:00", "2026-11-02 09:00",
                     "2026-11-03 09:00", "2026-11-05 09:00", "2026-11-10 09:00", "2026-11-13 09:00",
                     "2026-11-17 09:00", "2026-11-18 09:00"}));
  // Overdue every 3 working days from 8 Oct; escalation every 5 from 20 Oct; on 10 Nov both.
  EXPECT_EQ(outbox("item:" + std::to_string(id)).size(), 4u + 11u + 5u);
  auto all = outbox("item:" + std::to_string(id));
  ASSERT_GE(all.size(), 7u);
  EXPECT_EQ(
      all[0],
      "before_7@2026-09-23 09:00 queued: email:赵某七(owner)=pending sms:赵某七(owner)=pending");
  EXPECT_EQ(
      all[3],
      "due@2026-09-30 09:00 queued: email:杨某六(unit_head)=pending email:赵某七(owner)=pending "
      "sms:杨某六(unit_head)=pending sms:赵某七(owner)=pending");
  // The first working day after the due date is Thu 8 Oct (1–7 Oct are the holiday).
  EXPECT_EQ(all[4],
            "overdue@2026-10-08 09:00 queued: email:张某三(office)=pending "
            "email:杨某六(unit_head)=pending "
            "sms:张某三(office)=pending sms:杨某六(unit_head)=pending");
  // Sat 10 Oct is worked: 3 working days after 8 Oct is Mon 12 Oct.
  EXPECT_EQ(all[5].substr(0, 28), "overdue#2@2026-10-12 09:00 q");
  EXPECT_EQ(all[8], "escalation@2026-10-20 09:00 queued: email:李某二(leader)=pending");
}

// The summary a reminder carries (what the e-mail and the dashboard show of its item) is written
// directly, not as an nlohmann object: byte for byte what that object would dump, whatever the
// text holds (quotes, backslashes, control characters and bytes that are not UTF-8, from rows
// written before the boundary checked them), and with the early rung's mark.
TEST_F(Reminders, AReminderSummaryIsItsItemAsJsonWhateverTheText) {
  schedule::ReminderPlanner planner(config_);
  const auto now = *parse_local_time("2026-09-23T09:00", config_.zone);
  const Strings texts{"饮水安全未达标", "引号\"与\\反斜杠", "tab\there\nline",
                      "坏字节\xff\xfe", "控制\x01字符\x7f", "",
                      "截断\xe9\xa5"};
  std::string longtan;
  for (const auto& u : config_.units)
    if (u.id == "longtan") longtan = u.name;
  ASSERT_FALSE(longtan.empty());
  int early = 0, checked = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (bool awaiting : {false, true}) {
      store::ReminderCandidate c;
      c.id = 40 + static_cast<std::int64_t>(i);
      c.due = *parse_date("2026-09-30");
      c.remind_at =
          *parse_local_time(awaiting ? "2026-09-21T08:00" : "2026-09-23T09:00", config_.zone);
      c.unit = "longtan";
      c.title = texts[i];
      c.owner = texts[(i + 1) % texts.size()];
      c.round = texts[(i + 2) % texts.size()];
      // Assigned on Friday 18 September and not acknowledged: two working days later (Sunday 20th
      // is worked) the next rung is sent early.
      if (awaiting) c.awaiting_ack_since = *parse_local_time("2026-09-18T09:00", config_.zone);
      auto planned = planner.plan_item(c, now);
      ASSERT_FALSE(planned.empty()) << i;
      for (const auto& p : planned) {
        auto got = nlohmann::json::parse(p.reminder.summary, nullptr, false, false);
        ASSERT_FALSE(got.is_discarded()) << p.reminder.summary;
        const auto rung = got.value("rung", std::string());
        const auto* r = &config_.workflow.item_reminders.rungs.front();
        for (const auto& each : config_.workflow.item_reminders.rungs)
          if (each.id == rung) r = &each;
        ASSERT_EQ(r->id, rung) << p.reminder.summary;
        nlohmann::json expected{{"kind", "item"},       {"id", c.id},
                                {"title", c.title},     {"unit", c.unit},
                                {"unit_name", longtan}, {"owner", c.owner},
                                {"round", c.round},     {"due", "2026-09-30"},
                                {"rung", r->id},        {"escalation", r->escalation}};
        if (got.contains("unacknowledged")) {
          expected["unacknowledged"] = true;
          ++early;
        }
        EXPECT_EQ(p.reminder.summary, schedule::summary_text(expected)) << i;
        ++checked;
      }
    }
  }
  EXPECT_EQ(early, static_cast<int>(texts.size()));  // one early rung for each awaiting item
  EXPECT_GE(checked, 3 * static_cast<int>(texts.size()));
}

TEST_F(Reminders, TheSameReminderIsNeverQueuedTwiceByTwoSweepsOrTwoEngines) {
  auto id = assigned_item("2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T10:00", config_.zone));
  EXPECT_EQ(queue_now(), 1);
  EXPECT_EQ(queue_now(), 0);
  // A second engine on the same database (or the same one restarted), its items armed again.
  auto other = open_store();
  config::Config edited = config_;
  edited.calendar.add_day_off(*parse_date("2026-11-20"), "县庆");  // another fingerprint
  EXPECT_GT(schedule::rearm_if_changed(*other, edited, clock_.now() - std::chrono::hours(2)), 0);
  EXPECT_EQ(schedule::queue_due_reminders(*other, edited, clock_.now()).reminders, 0);
  EXPECT_EQ(outbox("item:" + std::to_string(id)).size(), 1u);
}

TEST_F(Reminders, AfterDowntimeEachRungOnceNotABurst) {
  auto id = assigned_item("2026-09-30");
  clock_.set(*parse_local_time("2026-10-26T12:00", config_.zone));  // down since 1 September
  EXPECT_EQ(queue_now(), 6);
  auto all = outbox("item:" + std::to_string(id));
  Strings rungs;
  for (const auto& line : all) rungs.push_back(line.substr(0, line.find(' ')));
  EXPECT_EQ(rungs, (Strings{"before_7@2026-09-23", "before_3@2026-09-27", "before_1@2026-09-29",
                            "due@2026-09-30", "escalation@2026-10-20", "overdue#5@2026-10-23"}));
}

TEST_F(Reminders, ClosingCancelsWhatIsQueuedAndNothingMoreIsQueued) {
  auto id = assigned_item("2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T10:00", config_.zone));
  queue_now();
  event(id, ItemEventKind::rectify, "longtan");
  EXPECT_EQ(outbox("item:" + std::to_string(id)),
            (Strings{"before_7@2026-09-23 09:00 cancelled: email:赵某七(owner)=cancelled "
                     "sms:赵某七(owner)=cancelled"}));
  clock_.set(*parse_local_time("2026-10-30T10:00", config_.zone));
  EXPECT_EQ(queue_now(), 0);
  event(id, ItemEventKind::verify, "inspector");
  event(id, ItemEventKind::close, "office");
  EXPECT_EQ(queue_now(), 0);
  EXPECT_EQ(outbox("item:" + std::to_string(id)).size(), 1u);
}

TEST_F(Reminders, ANewDeadlineCancelsTheOldLadderAndArmsTheNewOne) {
  auto id = assigned_item("2026-09-30");
  clock_.set(*parse_local_time("2026-09-29T10:00", config_.zone));
  EXPECT_EQ(queue_now(), 3);  // 7, 3 and 1 days before
  event(id, ItemEventKind::rectify, "longtan");
  event(id, ItemEventKind::reject, "inspector", "2026-10-16");  // rework, due 16 Oct
  auto all = outbox("item:" + std::to_string(id));
  ASSERT_EQ(all.size(), 3u);
  for (const auto& line : all) EXPECT_NE(line.find(" cancelled:"), std::string::npos) << line;
  clock_.set(*parse_local_time("2026-10-09T10:00", config_.zone));
  EXPECT_EQ(queue_now(), 1);  // 7 days before 16 Oct
  all = outbox("item:" + std::to_string(id));
  EXPECT_EQ(all.back().substr(0, 31), "before_7@2026-10-09 09:00 queue");
  // Nothing stale: the old deadline's due-date rung never comes.
  for (const auto& line : all) EXPECT_EQ(line.find("due@2026-09-30"), std::string::npos) << line;
}

TEST_F(Reminders, ReworkWithTheSameDeadlineGoesOnFromTheNextRung) {
  auto id = assigned_item("2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T10:00", config_.zone));
  queue_now();
  event(id, ItemEventKind::rectify, "longtan");
  event(id, ItemEventKind::reject, "inspector");  // back to assigned, same deadline
  clock_.set(*parse_local_time("2026-09-24T10:00", config_.zone));
  queue_now();
  // before_7 was cancelled by the rectification and is not queued again: the next rung is
  // before_3.
  EXPECT_EQ(outbox("item:" + std::to_string(id)).size(), 1u);
  clock_.set(*parse_local_time("2026-09-27T10:00", config_.zone));
  EXPECT_EQ(queue_now(), 1);
}

}  // namespace
}  // namespace duban::testing
