// Reminders from the command line and from `duban serve`, with the real e-mail plugin and a real
// SMTP server on loopback: remind --dry-run, plugin list, notifications list|retry.
#include "support/cli_fixture.hpp"
#include "support/smtp_fixture.hpp"

namespace duban::testing {
namespace {

class RemindCli : public DubanCli {
 protected:
  // duban.yaml in the temp folder: the demo units, the shipped workflows and calendars, and the
  // given plugins.
  void configure(const std::string& plugins) {
    auto src = source_dir();
    write_file(dir_ / "duban.yaml",
               "county: 示范县\nunits: " + (src / "config/demo/units.yaml").string() +
                   "\nworkflows: " + (src / "workflows").string() +
                   "\ncalendar: " + (src / "config/calendar").string() +
                   "\nclock: {allow_pinned: true}\nscheduler: {interval_seconds: 3600}\n" +
                   "dispatch: {sms_quiet_hours: off}\nplugins:\n" + plugins);
    config_ = dir_ / "duban.yaml";
  }
  std::string email_plugin(int port, bool required = false) {
    return std::string("  - name: email\n") + (required ? "    required: true\n" : "") +
           "    settings: {host: 127.0.0.1, port: " + std::to_string(port) +
           ", from: duban@demo-county.example, from_name: 示范县督办系统}\n";
  }
  std::string item_due(const std::string& due) {
    auto item = json("item add --title 贫困户识别不精准 --unit longtan --source 国家");
    auto id = std::to_string(item["id"].get<int>());
    EXPECT_EQ(duban("item assign " + id + " --owner 赵某七 --due " + due + " --measures 逐户核查")
                  .exit_code,
              0);
    // The unit acknowledges it (签收): the ladder alone runs, nothing is brought forward.
    EXPECT_EQ(duban("item ack " + id, "longtan").exit_code, 0);
    return id;
  }
};

TEST_F(RemindCli, DryRunSaysWhatWouldBeSentWhenToWhomAndByWhichChannel) {
  configure("  []\n");
  now_ = "2026-09-01T08:00";
  ASSERT_EQ(duban("init").exit_code, 0);
  auto id = item_due("2026-09-30");
  auto planned = json("remind --dry-run --at 2026-09-30T12:00");
  ASSERT_EQ(planned.size(), 4u) << planned.dump(2);
  EXPECT_EQ(planned[0]["rung"], "before_7");
  EXPECT_EQ(planned[0]["fire_at"], "2026-09-23 09:00:00 +08:00");
  EXPECT_EQ(planned[3]["rung"], "due");
  EXPECT_EQ(planned[3]["deliveries"].size(), 4u);  // owner and unit head, e-mail and SMS
  EXPECT_EQ(planned[3]["deliveries"][0]["to"], "赵某七");
  EXPECT_EQ(planned[3]["deliveries"][0]["address"], "longtan@demo-county.example");
  auto text = duban("remind --dry-run --at 2026-09-24", "");
  EXPECT_EQ(text.exit_code, 0) << text.out;
  EXPECT_NE(text.out.find("item:" + id), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("before_7"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("sms    13700000011"), std::string::npos) << text.out;
  // Nothing was written: a dry run twice says the same, and the outbox is empty.
  EXPECT_EQ(json("remind --dry-run --at 2026-09-30T12:00"), planned);
  EXPECT_EQ(sqlite("SELECT COUNT(*) FROM reminders"), "0\n");
  auto bad = duban("remind --at 2026-09-24");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("--at goes with --dry-run only"), std::string::npos) << bad.out;
}

TEST_F(RemindCli, PluginListShowsWhatLoadedAndWhyTheRestDidNot) {
  SmtpSink sink(dir_ / "mail");
  configure(email_plugin(sink.port()) + "  - {name: fax}\n");
  auto out = duban("plugin list");
  EXPECT_EQ(out.exit_code, 0) << out.out;
  EXPECT_NE(out.out.find("email"), std::string::npos);
  EXPECT_NE(out.out.find("loaded"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("fax             not loaded"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("the plugin file does not exist"), std::string::npos) << out.out;
  auto j = json("plugin list");
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["loaded"], true);
  EXPECT_EQ(j[0]["kinds"], nlohmann::json::array({"channel"}));
  EXPECT_EQ(j[1]["loaded"], false);
}

TEST_F(RemindCli, ARequiredPluginThatIsMissingStopsServeAndRemind) {
  configure("  - {name: fax, required: true}\n");
  now_ = "2026-09-01T08:00";
  ASSERT_EQ(duban("init").exit_code, 0);
  expect_refused("remind", "plugin_failed");
  auto serve = duban("serve --listen 127.0.0.1:0");
  EXPECT_EQ(serve.exit_code, 1) << serve.out;
  EXPECT_NE(serve.out.find("plugin fax ("), std::string::npos) << serve.out;
}

TEST_F(RemindCli, ServeQueuesAndDeliversTheRemindersThatFellDue) {
  SmtpSink sink(dir_ / "mail");
  configure(email_plugin(sink.port(), true));
  now_ = "2026-09-01T08:00";
  ASSERT_EQ(duban("init").exit_code, 0);
  item_due("2026-09-30");
  ChildProcess server("cd '" + dir_.path().string() +
                      "' && DUBAN_LANG=en DUBAN_NOW=2026-09-23T10:00 " + database_.env() + "exec " +
                      duban_binary() + " serve --listen 127.0.0.1:0 --config '" + config_.string() +
                      "'");
  auto line = server.wait_for_line("dispatch: 1 messages, 1 sent", 20000);
  ASSERT_FALSE(line.empty()) << server.output();
  EXPECT_EQ(server.terminate(), 0) << server.output();
  auto mail = received(dir_ / "mail");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0]["envelope_to"], "longtan@demo-county.example");
  EXPECT_NE(mail[0]["body"].get<std::string>().find("距整改时限还有 7 天"), std::string::npos);
  now_ = "2026-09-23T10:05";
  auto listed = json("notifications list --status sent");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["to"], "赵某七");
  EXPECT_EQ(listed[0]["channel"], "email");
  // The SMS delivery was replaced by the e-mail the owner got already (no SMS plugin).
  auto cancelled = json("notifications list --status cancelled");
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(cancelled[0]["channel"], "sms");
  // A unit member may not read the outbox; the refusal is logged.
  expect_refused("notifications list", "permission_denied", "longtan");
  expect_refused("notifications retry " + std::to_string(listed[0]["id"].get<int>()),
                 "invalid_transition");
  expect_refused("notifications retry 999", "not_found");
}

}  // namespace
}  // namespace duban::testing
