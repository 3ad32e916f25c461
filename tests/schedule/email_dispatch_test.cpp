// Reminders delivered by the real e-mail plugin to a real SMTP server (aiosmtpd) on loopback:
// one message per person listing all their items, in Chinese, exactly once by Message-ID, even
// when the engine stops mid-dispatch or the server is down for a while.
#include <atomic>
#include <set>
#include <thread>

#include "support/smtp_fixture.hpp"

namespace duban::testing {
namespace {

class EmailDispatch : public EmailEngine {
 protected:
  /// The e-mail deliveries due now, as a dispatcher finds them before it claims them.
  std::vector<std::int64_t> due_emails(store::UnitOfWork& uow) {
    std::vector<std::int64_t> ids;
    for (const auto& d : uow.outbox().sendable(clock_.now(), 100))
      if (d.channel == "email") ids.push_back(d.id);
    return ids;
  }
};

TEST_F(EmailDispatch, OneMessagePerPersonListingAllTheirItemsInChinese) {
  SmtpSink sink(dir_ / "mail");
  use_email(sink.port());
  assigned_item("贫困户识别不精准", "2026-09-30");
  assigned_item("帮扶措施不到位", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T10:00", config_.zone));
  EXPECT_EQ(queue_now(), 2);
  auto report = dispatcher_->run_once();
  EXPECT_EQ(report.messages, 1);
  EXPECT_EQ(report.sent, 1);
  auto mail = received(dir_ / "mail");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0]["envelope_to"], "longtan@demo-county.example");
  EXPECT_EQ(mail[0]["subject"], "【示范县督办提醒】赵某七,您有 2 项整改事项需要关注");
  EXPECT_EQ(mail[0]["from"], "示范县督办系统 <duban@demo-county.example>");
  EXPECT_EQ(mail[0]["charset"], "utf-8");
  std::string body = mail[0]["body"];
  EXPECT_NE(
      body.find("· 距整改时限还有 7 天:#1 贫困户识别不精准(牵头单位:龙潭镇;整改时限:2026-09-30)"),
      std::string::npos)
      << body;
  EXPECT_NE(body.find("#2 帮扶措施不到位"), std::string::npos) << body;
  std::string id = mail[0]["message_id"];
  EXPECT_EQ(id.rfind("<duban-b", 0), 0u) << id;
  // The SMS deliveries had no SMS channel: the person is told by the e-mail instead (recorded).
  for (const auto& [r, d] : deliveries()) {
    if (d.channel == "sms") {
      EXPECT_EQ(d.status, DeliveryStatus::cancelled);
      EXPECT_EQ(d.last_error, "已有邮件 / e-mail already queued");
    } else {
      EXPECT_EQ(d.status, DeliveryStatus::sent);
      EXPECT_EQ(d.attempts, 1);
    }
  }
}

TEST_F(EmailDispatch, ABatchAnotherDispatcherHoldsIsLeftToItUntilItsLeaseRunsOut) {
  SmtpSink sink(dir_ / "mail");
  use_email(sink.port());
  assigned_item("问题甲", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T10:00", config_.zone));
  queue_now();
  // Another process (a server, or `duban remind` from cron) claimed the e-mail and is sending it.
  {
    auto uow = store_->begin(store::Intent::write);
    auto ids = due_emails(*uow);
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(uow->outbox().claim(ids, "b1", {"other", clock_.now() + std::chrono::seconds(90)}),
              ids);
    // Claimed once: a second claim of the same rows takes nothing.
    EXPECT_TRUE(uow->outbox().claim(ids, "b9", {"third", clock_.now()}).empty());
    uow->commit();
  }
  EXPECT_EQ(dispatcher_->run_once().messages, 0) << "held by the other process";
  EXPECT_TRUE(received(dir_ / "mail").empty());
  clock_.advance(std::chrono::seconds(91));  // the other process stopped: its lease ran out
  EXPECT_EQ(dispatcher_->run_once().sent, 1);
  schedule::Dispatcher second(*store_, config_, clock_, *registry_, [](const std::string&) {});
  EXPECT_EQ(second.run_once().messages, 0);
  EXPECT_EQ(received(dir_ / "mail").size(), 1u);
}

TEST_F(EmailDispatch, DispatchersOfSeveralProcessesSendEachReminderOnce) {
  SmtpSink sink(dir_ / "mail");
  use_email(sink.port());
  for (int i = 0; i < 12; ++i) assigned_item("问题" + std::to_string(i), "2026-09-30");
  clock_.set(*parse_local_time("2026-09-30T10:00", config_.zone));
  ASSERT_GT(queue_now(), 0);
  // Three dispatchers, each on a store of its own (as three processes), running at once.
  std::vector<std::unique_ptr<store::Store>> stores;
  std::vector<std::unique_ptr<schedule::Dispatcher>> dispatchers;
  for (int i = 0; i < 3; ++i) {
    stores.push_back(open_store());
    dispatchers.push_back(std::make_unique<schedule::Dispatcher>(
        *stores.back(), config_, clock_, *registry_, [](const std::string&) {}));
  }
  std::vector<std::thread> threads;
  std::atomic<int> sent{0};
  for (auto& d : dispatchers) {
    threads.emplace_back([&sent, &d] {
      for (int run = 0; run < 3; ++run) sent += d->run_once().sent;
    });
  }
  for (auto& t : threads) t.join();
  auto mail = received(dir_ / "mail");
  std::set<std::string> ids;
  for (const auto& m : mail) ids.insert(m["message_id"].get<std::string>());
  EXPECT_EQ(ids.size(), mail.size()) << "a message arrived twice";
  EXPECT_EQ(static_cast<int>(mail.size()), sent.load());
  for (const auto& [r, d] : deliveries()) {
    if (d.channel == "email") {
      EXPECT_EQ(d.status, DeliveryStatus::sent) << d.id;
    }
  }
}

TEST_F(EmailDispatch, TwoDispatchRunsOverTheSameRemindersSendEachOnce) {
  SmtpSink sink(dir_ / "mail");
  use_email(sink.port());
  assigned_item("问题甲", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-30T10:00", config_.zone));
  EXPECT_EQ(queue_now(), 4);  // 7, 3 and 1 days before, and the due date, after a late start
  dispatcher_->run_once();
  dispatcher_->run_once();
  EXPECT_EQ(queue_now(), 0);
  schedule::Dispatcher second(*store_, config_, clock_, *registry_, [](const std::string&) {});
  EXPECT_EQ(second.run_once().messages, 0);
  auto mail = received(dir_ / "mail");
  // The owner gets one message, the unit head one for the due date.
  ASSERT_EQ(mail.size(), 2u);
  // The owner's four rungs of one item say where it stands now: due today, once.
  for (const auto& m : mail) {
    std::string body = m["body"];
    EXPECT_NE(m["subject"].get<std::string>().find("您有 1 项"), std::string::npos) << m["subject"];
    EXPECT_NE(body.find("今天到期:#1 问题甲"), std::string::npos) << body;
    EXPECT_EQ(body.find("距整改时限还有"), std::string::npos) << body;
  }
  std::set<std::string> to{mail[0]["envelope_to"], mail[1]["envelope_to"]};
  EXPECT_EQ(
      to, (std::set<std::string>{"longtan@demo-county.example", "longtan.sj@demo-county.example"}));
}

TEST_F(EmailDispatch, AnEngineStoppedMidDispatchSendsTheSameMessageAgainNeverANewOne) {
  SmtpSink sink(dir_ / "mail");
  use_email(sink.port());
  assigned_item("问题甲", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T10:00", config_.zone));
  queue_now();
  // A dispatch claimed the owner's e-mail as batch b1 and stopped before recording the outcome
  // (whether or not the server got it); its lease has run out.
  {
    auto uow = store_->begin(store::Intent::write);
    auto ids = due_emails(*uow);
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(uow->outbox().claim(ids, "b1", {"stopped", clock_.now()}), ids);
    uow->commit();
  }
  EXPECT_EQ(dispatcher_->run_once().sent, 1);  // the claimed batch goes out as it was
  // Stopped again, this time after the server accepted it but before the outcome was recorded:
  // the database holds the batch as in flight, as such a stop leaves it.
  ASSERT_EQ(
      database_->shell("UPDATE deliveries SET status = 'sending' WHERE batch = 'b1'").exit_code, 0);
  auto store2 = open_store();
  schedule::Dispatcher restarted(*store2, config_, clock_, *registry_, [](const std::string&) {});
  EXPECT_EQ(restarted.run_once().sent, 1);
  auto mail = received(dir_ / "mail");
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[0]["message_id"], mail[1]["message_id"]);
  EXPECT_EQ(mail[0]["message_id"], "<duban-b1@demo-county.example>");
  std::set<std::string> ids;
  for (const auto& m : mail) ids.insert(m["message_id"].get<std::string>());
  EXPECT_EQ(ids.size(), 1u) << "each reminder exactly once by Message-ID";
}

TEST_F(EmailDispatch, AnOutageLosesNothingDuplicatesNothingAndBacksOff) {
  int port = 0;
  {
    SmtpSink probe(dir_ / "probe");  // find a free port, then leave it closed: the server is down
    port = probe.port();
    probe.stop();
  }
  use_email(port);
  assigned_item("问题甲", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-23T10:00", config_.zone));
  queue_now();
  auto r1 = dispatcher_->run_once();
  EXPECT_EQ(r1.retrying, 1);
  auto waiting = deliveries(DeliveryStatus::retrying);
  ASSERT_EQ(waiting.size(), 1u);
  auto first_wait = waiting[0].second.next_attempt_at - clock_.now();
  EXPECT_GE(first_wait, std::chrono::seconds(48));  // 60 s ± 20 %
  EXPECT_LT(first_wait, std::chrono::seconds(72));
  EXPECT_NE(waiting[0].second.last_error.find("onnection refused"), std::string::npos)
      << waiting[0].second.last_error;
  // Before the backoff ends nothing is tried.
  clock_.advance(std::chrono::seconds(40));
  EXPECT_EQ(dispatcher_->run_once().messages, 0);
  clock_.advance(std::chrono::seconds(40));
  EXPECT_EQ(dispatcher_->run_once().retrying, 1);
  auto second_wait = deliveries(DeliveryStatus::retrying)[0].second.next_attempt_at - clock_.now();
  EXPECT_GE(second_wait, std::chrono::seconds(96));  // doubled: 120 s ± 20 %
  EXPECT_LT(second_wait, std::chrono::seconds(144));
  // The server comes back on the same port.
  SmtpSink sink(dir_ / "mail", port);
  clock_.advance(std::chrono::seconds(150));
  EXPECT_EQ(dispatcher_->run_once().sent, 1);
  clock_.advance(std::chrono::hours(1));
  EXPECT_EQ(dispatcher_->run_once().messages, 0);
  auto mail = received(dir_ / "mail");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(deliveries(DeliveryStatus::sent)[0].second.attempts, 3);
}

TEST_F(EmailDispatch, PermanentlyRefusedAndExhaustedMessagesEndDeadAndAreListed) {
  SmtpSink sink(dir_ / "mail", 0, "--reject longtan@demo-county.example");
  use_email(sink.port());
  config_.dispatch.max_attempts = 2;
  assigned_item("问题甲", "2026-09-30");
  clock_.set(*parse_local_time("2026-09-30T10:00", config_.zone));
  queue_now();
  auto r = dispatcher_->run_once();
  EXPECT_EQ(r.dead, 1);  // the owner's message (4 reminders) is refused with 550
  EXPECT_EQ(r.sent, 1);  // the unit head's is not
  auto dead = deliveries(DeliveryStatus::dead);
  ASSERT_EQ(dead.size(), 4u);
  for (const auto& [rem, d] : dead) {
    EXPECT_EQ(d.address, "longtan@demo-county.example");
    EXPECT_NE(d.last_error.find("550"), std::string::npos) << d.last_error;
  }
  // Retried by hand: pending again, refused again, dead again, never sent twice elsewhere.
  {
    auto uow = store_->begin(store::Intent::write);
    EXPECT_TRUE(uow->outbox().retry(dead[0].second.id, clock_.now()));
    uow->commit();
  }
  EXPECT_EQ(dispatcher_->run_once().dead, 1);
  EXPECT_EQ(received(dir_ / "mail").size(), 1u);
}

}  // namespace
}  // namespace duban::testing
