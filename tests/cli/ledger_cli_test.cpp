// duban item ack | extend | suspend | resume | reassign from the command line, on a real SQLite
// file: who may do what, what each says, and the deadline history `item show` prints.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class LedgerCli : public DubanCli {
 protected:
  void SetUp() override {
    now_ = "2026-09-01T08:00";
    ASSERT_EQ(duban("init").exit_code, 0);
  }
  std::string assigned(const std::string& due) {
    auto item = json("item add --title 贫困户识别不精准 --unit longtan --source 国家");
    auto id = std::to_string(item["id"].get<int>());
    EXPECT_EQ(duban("item assign " + id + " --owner 赵某七 --due " + due + " --measures 逐户核查")
                  .exit_code,
              0);
    return id;
  }
};

TEST_F(LedgerCli, TheUnitAcknowledgesAsksForMoreTimeAndTheLeadingGroupDecides) {
  auto id = assigned("2026-09-30");
  auto shown = duban("item show " + id);
  EXPECT_NE(shown.out.find("not yet (due by 2026-09-03 08:00:00 +08:00)"), std::string::npos)
      << shown.out;
  expect_refused("item ack " + id, "permission_denied");
  auto ack = duban("item ack " + id, "longtan");
  EXPECT_EQ(ack.exit_code, 0) << ack.out;
  EXPECT_EQ(ack.out, "item " + id + ": ack\n");
  expect_refused("item ack " + id, "invalid_transition", "longtan");

  expect_refused("item extend " + id + " --due 2026-10-31", "reason_required", "longtan");
  expect_refused("item extend " + id + " --due 2026-09-15 --reason 资金未到位", "invalid_argument",
                 "longtan");
  auto asked = duban("item extend " + id + " --due 2026-10-31 --reason 资金未到位", "longtan");
  EXPECT_EQ(
      asked.out,
      "item " + id + ": extend, asked for 2026-10-31, awaiting the leading group's decision\n");
  expect_refused("item extend " + id + " --approve", "permission_denied", "longtan");
  expect_refused("item extend " + id + " --approve --refuse", "invalid_argument");
  auto approved = duban("item extend " + id + " --approve --due 2026-10-20 --reason 同意二十日");
  EXPECT_EQ(approved.exit_code, 0) << approved.out;
  EXPECT_EQ(approved.out, "item " + id + ": approve-extension; due 2026-09-30 → 2026-10-20\n");
  expect_refused("item extend " + id + " --refuse --reason 不同意", "invalid_transition");

  auto item = json("item show " + id);
  EXPECT_EQ(item["due"], "2026-10-20");
  EXPECT_EQ(item["acknowledged_by"], "longtan");
  EXPECT_TRUE(item["extension_request"].is_null());
  ASSERT_EQ(item["deadline_history"].size(), 3u) << item.dump(2);
  EXPECT_EQ(item["deadline_history"][2]["event"], "approve-extension");
  EXPECT_EQ(item["deadline_history"][2]["due_before"], "2026-09-30");
  EXPECT_EQ(item["deadline_history"][2]["due_after"], "2026-10-20");
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(LedgerCli, SuspendAndResumeInChineseWithTheHistoryItemShowPrints) {
  auto id = assigned("2026-09-30");
  now_ = "2026-09-20T10:00";
  expect_refused("item suspend " + id, "reason_required");
  auto stopped = duban("--lang zh item suspend " + id + " --reason 等待资金下达");
  EXPECT_EQ(stopped.out, "事项 " + id + ": 暂停,时限停止计算\n");
  auto list = duban("--lang zh item list");
  EXPECT_NE(list.out.find("2026-09-30  暂停"), std::string::npos) << list.out;
  now_ = "2026-10-06T10:00";
  EXPECT_EQ(duban("item list --overdue").out,
            "id    state      due         status    unit"
            "                  problem\ntotal 0\n");
  auto resumed = duban("--lang zh item resume " + id);
  EXPECT_EQ(resumed.out, "事项 " + id + ": 恢复;整改时限 2026-09-30 → 2026-10-16\n");
  auto shown = duban("--lang zh item show " + id);
  EXPECT_NE(shown.out.find("时限变更记录:\n"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("office    暂停      2026-09-30 → 2026-09-30  时限停止计算 / clock "
                           "stopped:等待资金下达"),
            std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("office    恢复      2026-09-30 → 2026-10-16"), std::string::npos)
      << shown.out;
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(LedgerCli, ReassignAndEveryLedgerCommandHasHelp) {
  auto id = assigned("2026-09-30");
  auto again = duban("item assign " + id + " --owner 周某九");
  EXPECT_NE(again.out.find("[invalid_transition]"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("use item reassign"), std::string::npos) << again.out;
  expect_refused("item reassign " + id + " --owner 周某九", "reason_required");
  expect_refused("item reassign " + id + " --owner 周某九 --reason 调整", "permission_denied",
                 "longtan");
  auto moved = duban("item reassign " + id + " --unit xinmin --owner 周某九 --reason 职责调整");
  EXPECT_EQ(moved.out, "item " + id + ": reassign\n");
  auto item = json("item show " + id);
  EXPECT_EQ(item["unit"], "xinmin");
  EXPECT_EQ(item["acknowledged_by"], "");
  expect_refused("item ack " + id, "permission_denied", "longtan");
  EXPECT_EQ(duban("item ack " + id, "xinmin").exit_code, 0);
  for (auto command : {"ack", "extend", "suspend", "resume", "reassign"}) {
    auto help = duban(std::string("item ") + command + " --help");
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("ID"), std::string::npos) << help.out;
  }
}

}  // namespace
}  // namespace duban::testing
