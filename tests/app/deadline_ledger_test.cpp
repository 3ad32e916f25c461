// Acknowledgement (签收) and the deadline ledger (延期申请, 暂停/恢复) through the use cases on a
// real SQLite file, with the reminders they re-arm queued on a ManualClock: nothing stale fires,
// nothing is missed, and every change is journaled and shows in the item's deadline history.
#include "app/item_cases.hpp"
#include "app/queries.hpp"
#include "domain/errors.hpp"
#include "schedule/reminder_queue.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {
namespace {

using Strings = std::vector<std::string>;

class DeadlineLedger : public Engine {
 protected:
  void SetUp() override {
    Engine::SetUp();
    at("2026-09-01T08:00");
  }
  void at(const char* local) { clock_.set(*parse_local_time(local, config_.zone)); }
  std::int64_t assigned(const std::string& due, bool acknowledged = true) {
    auto item = app::add_item(services(), {"office", "", "国家", "", "问题一", "", "longtan"});
    change("office", item.id, ItemEventKind::assign, "", due);
    if (acknowledged) change("longtan", item.id, ItemEventKind::ack);
    return item.id;
  }
  app::ItemChanged change(const std::string& actor, std::int64_t id, ItemEventKind kind,
                          const std::string& reason = "", const std::string& due = "") {
    app::ChangeItem c{.actor = actor, .id = id, .event = kind, .reason = reason};
    c.due = due;
    if (kind == ItemEventKind::assign) {
      c.owner = "赵某七";
      c.measures = "逐户核查";
    }
    if (kind == ItemEventKind::rectify) c.result = "已整改";
    return app::change_item(services(), c);
  }
  std::int64_t queue_now() {
    return schedule::queue_due_reminders(*store_, config_, clock_.now()).reminders;
  }
  // The item's reminders as "rung@local fire time status (note)", oldest first.
  Strings outbox(std::int64_t id) {
    auto uow = store_->begin(store::Intent::read);
    store::OutboxFilter f;
    f.subject = "item:" + std::to_string(id);
    std::map<std::int64_t, std::string> lines;
    for (const auto& [r, d] : uow->outbox().list(f)) {
      lines[r.id] = r.rung + "@" + format_instant(r.fire_at, config_.zone).substr(0, 16) + " " +
                    r.status + (r.note.empty() ? "" : " (" + r.note + ")");
    }
    uow->commit();
    Strings out;
    for (auto& [_, l] : lines) out.push_back(l);
    return out;
  }
  std::optional<Instant> remind_at(std::int64_t id) {
    return app::show_item(services(), id).item.remind_at;
  }
  std::string local(std::optional<Instant> t) {
    return t ? format_instant(*t, config_.zone).substr(0, 16) : "none";
  }
  // The deadline history as "event due_before→due_after note".
  Strings history(std::int64_t id) {
    Strings out;
    for (const auto& d : app::show_item(services(), id).deadline_history) {
      out.push_back(d.event + " " + d.due_before + "→" + d.due_after +
                    (d.note.empty() ? "" : " " + d.note));
    }
    return out;
  }
};

TEST_F(DeadlineLedger, AcknowledgementIsTheLeadUnitsOnceAndJournaled) {
  auto id = assigned("2026-09-30", false);
  EXPECT_EQ(refusal([&] { change("office", id, ItemEventKind::ack); }), Errc::permission_denied);
  EXPECT_EQ(refusal([&] { change("xinmin", id, ItemEventKind::ack); }), Errc::permission_denied);
  auto view = app::show_item(services(), id);
  ASSERT_TRUE(view.acknowledge_by);
  EXPECT_EQ(local(view.acknowledge_by), "2026-09-03 08:00") << "2 working days after 1 Sep 08:00";
  at("2026-09-02T09:30");
  change("longtan", id, ItemEventKind::ack);
  EXPECT_EQ(refusal([&] { change("longtan", id, ItemEventKind::ack); }), Errc::invalid_transition);
  view = app::show_item(services(), id);
  EXPECT_EQ(view.item.acknowledged_by, "longtan");
  EXPECT_EQ(local(view.item.acknowledged_at), "2026-09-02 09:30");
  EXPECT_FALSE(view.acknowledge_by);
  auto journal = app::item_journal(services(), id);
  ASSERT_EQ(journal.back().event, "ack");
  EXPECT_EQ(journal.back().changes.at("acknowledged_by").second, "longtan");
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

TEST_F(DeadlineLedger, AnUnacknowledgedAssignmentEscalatesOneRungEarlyAcrossTheHoliday) {
  at("2026-09-30T10:00");
  auto late = assigned("2026-10-30", false);
  auto signed_for = assigned("2026-10-30", true);
  // 2 working days after Wed 30 Sep 10:00: 1–7 Oct are the National Day holiday, so Fri 9 Oct.
  EXPECT_EQ(local(remind_at(late)), "2026-10-09 10:00");
  EXPECT_EQ(local(remind_at(signed_for)), "2026-10-23 09:00");  // before_7, as the ladder says
  at("2026-10-09T09:59");
  EXPECT_EQ(queue_now(), 0);
  at("2026-10-09T10:00");
  EXPECT_EQ(queue_now(), 1);
  auto rows = outbox(late);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].substr(0, 33), "before_7@2026-10-09 10:00 queued ");
  EXPECT_NE(
      rows[0].find("交办后2个工作日内未签收,提前发出 / not acknowledged within 2 working days"),
      std::string::npos)
      << rows[0];
  EXPECT_TRUE(outbox(signed_for).empty());
  // When its own time comes the rung is not sent again; the ladder goes on from the next one.
  EXPECT_EQ(local(remind_at(late)), "2026-10-23 09:00");
  at("2026-10-23T09:00");
  EXPECT_EQ(queue_now(), 1) << "only the acknowledged item's before_7";
  EXPECT_EQ(outbox(late).size(), 1u);
  at("2026-10-27T09:00");
  EXPECT_EQ(queue_now(), 2);
  EXPECT_EQ(outbox(late).back().substr(0, 25), "before_3@2026-10-27 09:00");
}

TEST_F(DeadlineLedger, AnApprovedExtensionCancelsTheOldLadderAndArmsTheNewOneAtOnce) {
  auto id = assigned("2026-09-30");
  at("2026-09-23T10:00");
  EXPECT_EQ(queue_now(), 1);  // before_7 of 30 Sep
  change("longtan", id, ItemEventKind::extend, "资金未到位", "2026-10-31");
  EXPECT_EQ(app::show_item(services(), id).item.due, parse_date("2026-09-30"))
      << "asking does not move the deadline";
  EXPECT_EQ(refusal([&] { change("longtan", id, ItemEventKind::approve_extension); }),
            Errc::permission_denied);
  at("2026-09-24T15:00");
  auto approved = change("office", id, ItemEventKind::approve_extension, "同意");
  EXPECT_EQ(approved.item.due, parse_date("2026-10-31"));
  EXPECT_FALSE(approved.item.extension_due);
  EXPECT_EQ(local(approved.item.remind_at), "2026-10-24 09:00");
  auto rows = outbox(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].substr(0, 35), "before_7@2026-09-23 09:00 cancelled");
  // Nothing of the old ladder fires; the new one does, on time.
  for (auto t : {"2026-09-27T09:00", "2026-09-30T09:00", "2026-10-08T09:00"}) {
    at(t);
    EXPECT_EQ(queue_now(), 0) << t;
  }
  at("2026-10-24T09:00");
  EXPECT_EQ(queue_now(), 1);
  EXPECT_EQ(outbox(id).back().substr(0, 32), "before_7@2026-10-24 09:00 queued");
  EXPECT_EQ(
      history(id),
      (Strings{"assign →2026-09-30",
               "extend 2026-09-30→2026-09-30 申请延至 2026-10-31 / asks for 2026-10-31:资金未到位",
               "approve-extension 2026-09-30→2026-10-31 同意"}));
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

TEST_F(DeadlineLedger, ARefusedExtensionLeavesTheDeadlineAndItsReminders) {
  auto id = assigned("2026-09-30");
  EXPECT_EQ(refusal([&] { change("longtan", id, ItemEventKind::extend, "", "2026-10-31"); }),
            Errc::reason_required);
  change("longtan", id, ItemEventKind::extend, "资金未到位", "2026-10-31");
  EXPECT_EQ(refusal([&] { change("longtan", id, ItemEventKind::extend, "再延", "2026-11-30"); }),
            Errc::invalid_transition);
  auto pending = app::show_item(services(), id).item;
  EXPECT_EQ(pending.extension_due, parse_date("2026-10-31"));
  EXPECT_EQ(pending.extension_by, "longtan");
  EXPECT_EQ(refusal([&] { change("office", id, ItemEventKind::refuse_extension); }),
            Errc::reason_required);
  auto after_refusal = change("office", id, ItemEventKind::refuse_extension, "理由不充分");
  EXPECT_EQ(after_refusal.item.due, parse_date("2026-09-30"));
  EXPECT_FALSE(after_refusal.item.extension_due);
  EXPECT_EQ(local(after_refusal.item.remind_at), "2026-09-23 09:00");
  at("2026-09-23T09:00");
  EXPECT_EQ(queue_now(), 1);
  EXPECT_EQ(history(id).back(), "refuse-extension 2026-09-30→2026-09-30 理由不充分");
  // A new request may follow a refusal.
  change("longtan", id, ItemEventKind::extend, "补充了理由", "2026-10-15");
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

TEST_F(DeadlineLedger, ASuspendedItemIsNeitherRemindedNorOverdueAndResumesWithItsDaysBack) {
  auto id = assigned("2026-09-30");
  at("2026-09-20T10:00");
  EXPECT_EQ(refusal([&] { change("longtan", id, ItemEventKind::suspend, "等待资金"); }),
            Errc::permission_denied);
  auto stopped = change("office", id, ItemEventKind::suspend, "等待资金");
  EXPECT_EQ(stopped.item.suspended_on, parse_date("2026-09-20"));
  EXPECT_FALSE(stopped.item.remind_at);
  at("2026-10-05T10:00");  // past the old deadline
  EXPECT_EQ(queue_now(), 0);
  EXPECT_TRUE(outbox(id).empty());
  EXPECT_TRUE(app::list_items(services(), {"", "", "", true, ""}).empty()) << "not overdue";
  auto view = app::show_item(services(), id);
  EXPECT_FALSE(view.overdue);
  EXPECT_FALSE(view.status);
  {
    auto uow = store_->begin(store::Intent::read);
    EXPECT_EQ(uow->items().open_and_overdue(clock_.now()).overdue, 0);
    uow->commit();
  }
  auto resumed = change("office", id, ItemEventKind::resume);
  EXPECT_FALSE(resumed.item.is_suspended());
  EXPECT_EQ(resumed.item.due, parse_date("2026-10-15")) << "15 days stood still";
  EXPECT_EQ(local(resumed.item.remind_at), "2026-10-08 09:00");  // before_7 of 15 Oct
  at("2026-10-08T09:00");
  EXPECT_EQ(queue_now(), 1);
  EXPECT_EQ(outbox(id), (Strings{"before_7@2026-10-08 09:00 queued"}));
  EXPECT_EQ(history(id), (Strings{"assign →2026-09-30",
                                  "suspend 2026-09-30→2026-09-30 时限停止计算 / clock "
                                  "stopped:等待资金",
                                  "resume 2026-09-30→2026-10-15"}));
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

TEST_F(DeadlineLedger, SuspendingCancelsWhatWasQueuedAndRectifyingEndsTheSuspension) {
  auto id = assigned("2026-09-30");
  at("2026-09-23T10:00");
  EXPECT_EQ(queue_now(), 1);
  change("office", id, ItemEventKind::suspend, "等待资金");
  EXPECT_EQ(outbox(id)[0].substr(0, 35), "before_7@2026-09-23 09:00 cancelled");
  at("2026-09-25T10:00");
  auto done = change("longtan", id, ItemEventKind::rectify);
  EXPECT_EQ(done.item.state, ItemState::rectified);
  EXPECT_FALSE(done.item.is_suspended());
  EXPECT_EQ(done.item.due, parse_date("2026-10-02"));
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

TEST_F(DeadlineLedger, ReassignmentToAnotherOwnerAwaitsAcknowledgementAgain) {
  auto id = assigned("2026-09-30");
  EXPECT_FALSE(app::show_item(services(), id).acknowledge_by);
  at("2026-09-10T10:00");
  EXPECT_EQ(refusal([&] { change("office", id, ItemEventKind::reassign, "", "2026-10-15"); }),
            Errc::reason_required);
  app::ChangeItem c{.actor = "office", .id = id, .event = ItemEventKind::reassign};
  c.reason = "原责任人调离";
  c.owner = "周某十";
  c.due = "2026-10-15";
  auto moved = app::change_item(services(), c);
  EXPECT_TRUE(moved.item.awaits_acknowledgement());
  EXPECT_EQ(local(moved.item.remind_at), "2026-09-14 10:00") << "2 working days, over a weekend";
  EXPECT_EQ(history(id).back(), "reassign 2026-09-30→2026-10-15 原责任人调离");
}

TEST_F(DeadlineLedger, ACalendarEditShowsInTheHistoryOfTheItemsItFoundOpen) {
  auto open = assigned("2026-09-30");
  auto closed = assigned("2026-09-30");
  schedule::rearm_if_changed(*store_, config_, clock_.now());
  at("2026-09-05T10:00");
  change("longtan", closed, ItemEventKind::rectify);
  change("office", closed, ItemEventKind::verify);
  change("office", closed, ItemEventKind::close);
  at("2026-09-06T10:00");
  auto edited = config_;
  edited.calendar.add_day_off(*parse_date("2026-09-29"), "县庆");
  EXPECT_EQ(schedule::rearm_if_changed(*store_, edited, clock_.now()), 1);
  EXPECT_EQ(history(open).back(),
            "rearm 2026-09-30→2026-09-30 工作日历已变更 / working-day calendar changed;"
            "提醒已按新规则重排 / reminders re-armed");
  EXPECT_EQ(history(closed), (Strings{"assign →2026-09-30"}));
}

TEST_F(DeadlineLedger, ACalendarEditKeepsTheEndOfTheAcknowledgementTime) {
  at("2026-09-30T10:00");
  auto id = assigned("2026-10-30", false);
  schedule::rearm_if_changed(*store_, config_, clock_.now());
  auto edited = config_;
  edited.calendar.add_day_off(*parse_date("2026-10-08"), "县庆");  // one working day fewer
  EXPECT_EQ(schedule::rearm_if_changed(*store_, edited, clock_.now()), 1);
  // 2 working days after 30 Sep with 8 Oct off too: 9 Oct and Sat 10 Oct (worked); not before_7.
  EXPECT_EQ(local(remind_at(id)), "2026-10-10 10:00");
}

}  // namespace
}  // namespace duban::testing
