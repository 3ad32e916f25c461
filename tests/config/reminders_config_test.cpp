// Reminder policies in workflows/*.yaml and working-day calendars in config/calendar/: shipped
// files load, and every mistake is reported with its file, line and column.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config/diagnostics.hpp"
#include "support/test_support.hpp"

namespace duban::config {
namespace {

using duban::testing::read_file;
using duban::testing::TempDir;
using duban::testing::write_file;
using Lines = std::vector<std::string>;

class ReminderConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "duban.yaml", "county: 测试县\nunits: units.yaml\nworkflows: workflows\n");
    write_file(dir_ / "units.yaml", "units:\n  - {id: office, name: 办公室, kind: office}\n");
    for (auto name : {"evaluation-procedure.yaml", "rectification-lifecycle.yaml"}) {
      write_file(dir_ / "workflows" / name,
                 read_file(duban::testing::source_dir() / "workflows" / name));
    }
    for (auto name : {"2025.yaml", "2026.yaml", "county.yaml"}) {
      write_file(dir_ / "calendar" / name,
                 read_file(duban::testing::source_dir() / "config" / "calendar" / name));
    }
  }
  void replace(const std::string& file, const std::string& from, const std::string& to) {
    ASSERT_TRUE(duban::testing::replace_in_file(dir_ / file, from, to)) << from;
  }
  Lines lines() {
    Lines out;
    try {
      load_config(dir_ / "duban.yaml");
    } catch (const ConfigInvalid& e) {
      auto prefix = dir_.path().string() + "/";
      for (const auto& d : e.diagnostics()) {
        auto file = d.file.rfind(prefix, 0) == 0 ? d.file.substr(prefix.size()) : d.file;
        out.push_back(file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
                      d.path + ": " + d.message.en);
      }
    }
    return out;
  }
  TempDir dir_;
};

TEST_F(ReminderConfig, TheShippedLadderIsTheDefaultOfTheIssue) {
  auto cfg = load_config(dir_ / "duban.yaml");
  auto want = default_item_policy();
  const auto& got = cfg.workflow.item_reminders;
  ASSERT_EQ(got.rungs.size(), want.rungs.size());
  for (std::size_t i = 0; i < want.rungs.size(); ++i) {
    EXPECT_EQ(got.rungs[i].id, want.rungs[i].id);
    EXPECT_EQ(got.rungs[i].sign, want.rungs[i].sign) << want.rungs[i].id;
    EXPECT_EQ(got.rungs[i].offset.str(), want.rungs[i].offset.str()) << want.rungs[i].id;
    EXPECT_EQ(got.rungs[i].repeat.has_value(), want.rungs[i].repeat.has_value());
    EXPECT_EQ(got.rungs[i].to, want.rungs[i].to) << want.rungs[i].id;
    EXPECT_EQ(got.rungs[i].channels, want.rungs[i].channels) << want.rungs[i].id;
    EXPECT_EQ(got.rungs[i].escalation, want.rungs[i].escalation) << want.rungs[i].id;
  }
  EXPECT_EQ(got.send_time, std::chrono::minutes{9 * 60});
  EXPECT_EQ(cfg.workflow.step_reminders.rungs.size(), 3u);
  EXPECT_EQ(cfg.workflow.submission_reminders.rungs.size(), 3u);
  EXPECT_TRUE(cfg.calendar.covers(2026));
  EXPECT_FALSE(cfg.calendar.is_working_day(*parse_date("2026-10-01")));
}

TEST_F(ReminderConfig, BadRungsAreReportedWithTheirPlace) {
  replace("workflows/rectification-lifecycle.yaml", "before: 7 days", "before: 7 weeks");
  replace("workflows/rectification-lifecycle.yaml", "{id: before_3, before: 3 days,",
          "{id: before_3, before: 3 days, after: 1 day,");
  replace("workflows/rectification-lifecycle.yaml",
          "to: [owner], channels: [email, sms]}\n      - "
          "{id: before_3",
          "to: [ower], channels: [email, sms]}\n      - {id: before_3");
  replace("workflows/rectification-lifecycle.yaml", "{id: due,", "{id: before_1,");
  replace("workflows/rectification-lifecycle.yaml", "send_time: \"09:00\"", "send_time: \"9点\"");
  EXPECT_EQ(lines(),
            (Lines{
                "workflows/rectification-lifecycle.yaml:8:16: lifecycle.reminders.send_time: a "
                "time of day is HH:MM: 9点",
                "workflows/rectification-lifecycle.yaml:10:32: "
                "lifecycle.reminders.rungs[0].before: expected \"7 days\", \"3 working days\", "
                "\"7天\" or \"3个工作日\": 7 weeks",
                "workflows/rectification-lifecycle.yaml:10:46: "
                "lifecycle.reminders.rungs[0].to[0]: unknown recipient: ower (did you mean "
                "owner?)",
                "workflows/rectification-lifecycle.yaml:11:9: lifecycle.reminders.rungs[1]: give "
                "exactly one of before, after, on_due_date: true",
                "workflows/rectification-lifecycle.yaml:13:14: lifecycle.reminders.rungs[3].id: "
                "id listed twice: before_1",
            }));
}

TEST_F(ReminderConfig, BadCalendarFilesAreReportedWithTheirPlace) {
  replace("calendar/2026.yaml", "work: [2026-05-09]", "work: [2026-05-08]");
  replace("calendar/2026.yaml", "{from: 2026-06-19, to: 2026-06-21}",
          "{from: 2026-06-19, to: 2026-06-31}");
  write_file(dir_ / "calendar" / "2026-copy.yaml", "year: 2026\n");
  write_file(dir_ / "calendar" / "county.yaml",
             "days_off:\n  - {name: 县庆, date: 2031-11-20}\nholidays:\n  - {name: x, off: "
             "2026-01-01}\n");
  EXPECT_EQ(lines(),
            (Lines{
                "calendar/2026.yaml:5:7: year: year 2026 is already given by " +
                    (dir_ / "calendar/2026-copy.yaml").string(),
                "calendar/2026.yaml:11:65: holidays[3].work[0]: an adjusted working day must be a "
                "Saturday or Sunday: 2026-05-08",
                "calendar/2026.yaml:12:45: holidays[4].off.to: a date must be YYYY-MM-DD and a "
                "real day: 2026-06-31",
                "calendar/county.yaml:4:5: holidays[0]: holidays belong in a file with a `year`",
            }));
}

TEST_F(ReminderConfig, ACountysOwnDayOffIsNotAWorkingDay) {
  write_file(dir_ / "calendar" / "county.yaml",
             "days_off:\n  - {name: 县庆, date: 2026-11-20}\nworking_days:\n"
             "  - {name: 集中攻坚, date: 2026-11-21}\n");
  auto cfg = load_config(dir_ / "duban.yaml");
  EXPECT_FALSE(cfg.calendar.is_working_day(*parse_date("2026-11-20")));
  EXPECT_TRUE(cfg.calendar.is_working_day(*parse_date("2026-11-21")));
  EXPECT_EQ(cfg.calendar.reason(*parse_date("2026-11-20")), "县庆");
}

TEST_F(ReminderConfig, TheAcknowledgementTimeIsReadForItemsAndCheckedWithItsPlace) {
  {
    auto cfg = load_config(dir_ / "duban.yaml");
    ASSERT_TRUE(cfg.workflow.item_reminders.acknowledge_within);
    EXPECT_EQ(cfg.workflow.item_reminders.acknowledge_within->str(), "2 working days");
  }
  replace("workflows/rectification-lifecycle.yaml", "acknowledge_within: 2 working days",
          "acknowledge_within: 2 weeks");
  // Steps are not assigned, so nothing there is acknowledged: the key is unknown.
  replace("workflows/evaluation-procedure.yaml", "  reminders:\n    send_time: \"09:00\"",
          "  reminders:\n    acknowledge_within: 1 day\n    send_time: \"09:00\"");
  EXPECT_EQ(lines(),
            (Lines{"workflows/evaluation-procedure.yaml:49:5: "
                   "procedure.reminders.acknowledge_within: unknown key acknowledge_within",
                   "workflows/rectification-lifecycle.yaml:17:25: "
                   "lifecycle.reminders.acknowledge_within: expected \"24 hours\", \"1 day\" or "
                   "\"2 working days\": 2 weeks"}));
  replace("workflows/rectification-lifecycle.yaml", "acknowledge_within: 2 weeks",
          "acknowledge_within: 24小时");
  replace("workflows/evaluation-procedure.yaml", "    acknowledge_within: 1 day\n", "");
  auto cfg = load_config(dir_ / "duban.yaml");
  EXPECT_EQ(cfg.workflow.item_reminders.acknowledge_within->str(), "24 hours");
}

}  // namespace
}  // namespace duban::config
