// Rectification items through the whole lifecycle, the journal and its audit, on a real SQLite
// file.
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class ItemCli : public DubanCli {
 protected:
  void SetUp() override { ASSERT_EQ(duban("init").exit_code, 0); }
  std::int64_t add(const std::string& unit = "longtan") {
    auto item =
        json("item add --title 未整户识别 --unit " + unit + " --source 国家 --category 精准识别");
    return item["id"].get<std::int64_t>();
  }
  nlohmann::json item(std::int64_t id) { return json("item show " + std::to_string(id)); }
};

TEST_F(ItemCli, WholeLifecycleWithRejectReworkAndReopenThenAuditPasses) {
  auto id = std::to_string(add());
  EXPECT_EQ(item(std::stoll(id))["state"], "identified");
  expect_refused("item assign " + id + " --owner 赵某七 --measures 逐户核查", "missing_field");
  ASSERT_EQ(duban("item assign " + id + " --owner 赵某七 --due 2020-06-30 --measures 逐户核查",
                  "evaluator")
                .exit_code,
            0);
  expect_refused("item rectify " + id + " --result 已整改", "permission_denied", "xinmin");
  ASSERT_EQ(
      duban("item rectify " + id + " --result 已合户 --evidence 台账.pdf", "longtan").exit_code, 0);
  expect_refused("item reject " + id, "reason_required", "inspector");
  ASSERT_EQ(
      duban("item reject " + id + " --reason 佐证不足 --due 2020-07-15", "inspector").exit_code, 0);
  auto rejected = item(std::stoll(id));
  EXPECT_EQ(rejected["state"], "assigned");
  EXPECT_EQ(rejected["rework_count"], 1);
  EXPECT_EQ(rejected["due"], "2020-07-15");
  ASSERT_EQ(
      duban("item rectify " + id + " --result 已补充佐证 --evidence 照片.jpg", "longtan").exit_code,
      0);
  ASSERT_EQ(duban("item verify " + id, "inspector").exit_code, 0);
  expect_refused("item close " + id, "permission_denied", "inspector");
  ASSERT_EQ(duban("item close " + id).exit_code, 0);
  expect_refused("item reopen " + id, "reason_required");
  ASSERT_EQ(duban("item reopen " + id + " --reason 返贫 --due 2020-09-30").exit_code, 0);
  auto reopened = item(std::stoll(id));
  EXPECT_EQ(reopened["state"], "assigned");
  EXPECT_EQ(reopened["evidence"], (nlohmann::json{"台账.pdf", "照片.jpg"}));

  auto journal = json("item journal " + id);
  std::vector<std::string> events;
  for (const auto& e : journal) events.push_back(e["event"]);
  EXPECT_EQ(events, (std::vector<std::string>{"create", "assign", "rectify", "reject", "rectify",
                                              "verify", "close", "reopen"}));
  EXPECT_EQ(journal[3]["reason"], "佐证不足");
  EXPECT_EQ(journal[3]["actor"], "inspector");
  EXPECT_EQ(journal[3]["changes"]["rework_count"], (nlohmann::json{"0", "1"}));
  EXPECT_EQ(duban("audit verify").exit_code, 0);
}

TEST_F(ItemCli, TheRectifierCannotVerifyEvenFromTheLeadingGroup) {
  // A leading-group user who rectified (as a member of the office unit's item) may not verify it.
  auto id = std::to_string(add("office"));
  ASSERT_EQ(
      duban("item assign " + id + " --owner 张某三 --due 2020-06-30 --measures 自查").exit_code, 0);
  ASSERT_EQ(duban("item rectify " + id + " --result 已整改").exit_code, 0);
  expect_refused("item verify " + id, "self_verification");
  EXPECT_EQ(duban("item verify " + id, "leader").exit_code, 0);
}

TEST_F(ItemCli, EveryRefusedEventLeavesItemAndJournalUnchanged) {
  auto id = std::to_string(add());
  auto before_item = sqlite("SELECT * FROM items");
  auto before_journal = sqlite("SELECT COUNT(*), MAX(hash) FROM journal");
  expect_refused("item rectify " + id + " --result x", "invalid_transition", "longtan");
  for (auto ev : {"verify " + id, "reject " + id + " --reason x", "close " + id,
                  "reopen " + id + " --reason x"}) {
    expect_refused("item " + ev, "invalid_transition");
  }
  expect_refused("item assign 999 --owner a --due 2020-01-01 --measures m", "not_found");
  expect_refused("item assign " + id + " --owner a --due 2020-02-30 --measures m",
                 "invalid_argument");
  expect_refused("item assign " + id + " --owner a --due 2020-02-01 --measures m", "unknown_actor",
                 "nobody");
  EXPECT_EQ(sqlite("SELECT * FROM items"), before_item);
  EXPECT_EQ(sqlite("SELECT COUNT(*), MAX(hash) FROM journal"), before_journal);
}

TEST_F(ItemCli, AuditVerifyNamesTheJournalRowEditedWithTheSqliteShell) {
  for (int i = 0; i < 3; ++i) add();
  ASSERT_EQ(duban("item assign 2 --owner 赵某七 --due 2020-06-30 --measures 核查").exit_code, 0);
  ASSERT_EQ(duban("audit verify").exit_code, 0);
  sqlite("UPDATE journal SET actor = 'mallory' WHERE seq = 4");
  auto r = duban("audit verify");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("journal entry #4 does not match its hash"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("item:2 assign"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(duban("audit verify --json").out);
  EXPECT_FALSE(j["ok"].get<bool>());
  EXPECT_EQ(j["first_broken_seq"], 4);
}

TEST_F(ItemCli, AuditVerifyFindsAnAlteredChangeSet) {
  for (int i = 0; i < 4; ++i) add();
  sqlite("UPDATE journal SET changes = replace(changes, '未整户识别', '已整户识别') WHERE seq = 2");
  auto r = duban("audit verify");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.out.find("#2 does not match"), std::string::npos) << r.out;
}

TEST_F(ItemCli, AnItemsHistoryIsLinkedFromItsRowAndAuditChecksTheLinks) {
  auto id = std::to_string(add());
  add();
  ASSERT_EQ(
      duban("item assign " + id + " --owner 赵某七 --due 2020-07-31 --measures 核查").exit_code, 0);
  ASSERT_EQ(duban("item rectify " + id + " --result 完成", "longtan").exit_code, 0);
  // Item 1's entries are #1, #3 and #4 (#2 created item 2); its row names #4, each links back.
  EXPECT_EQ(sqlite("SELECT journal_seq FROM items WHERE id = " + id), "4\n");
  EXPECT_EQ(sqlite("SELECT seq || ':' || subject_prev FROM journal WHERE subject = 'item:" + id +
                   "' ORDER BY seq"),
            "1:0\n3:1\n4:3\n");
  auto history = json("item journal " + id);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0]["event"], "create");
  EXPECT_EQ(history[2]["event"], "rectify");
  EXPECT_EQ(duban("audit verify").exit_code, 0);

  // A link cut in the middle hides history from `item journal`: the audit names the entry.
  sqlite("UPDATE journal SET subject_prev = 0 WHERE seq = 3");
  auto cut = duban("audit verify");
  EXPECT_EQ(cut.exit_code, 3);
  EXPECT_NE(cut.out.find("#3 does not link to the item's entry before it"), std::string::npos)
      << cut.out;
  sqlite("UPDATE journal SET subject_prev = 1 WHERE seq = 3");
  // An item row that names an older entry as its last (its newest history hidden).
  sqlite("UPDATE items SET journal_seq = 3 WHERE id = " + id);
  auto stale = duban("audit verify");
  EXPECT_EQ(stale.exit_code, 3);
  EXPECT_NE(stale.out.find("item " + id + " names journal entry #3 as its last"), std::string::npos)
      << stale.out;
}

TEST_F(ItemCli, AuditVerifyFindsRemovedEntries) {
  for (int i = 0; i < 4; ++i) add();
  sqlite("DELETE FROM journal WHERE seq = 3");
  auto r = duban("audit verify");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.out.find("#3 is missing"), std::string::npos) << r.out;
  sqlite("DELETE FROM journal WHERE seq >= 3");
  r = duban("audit verify");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.out.find("removed from the end"), std::string::npos) << r.out;
}

TEST_F(ItemCli, OverdueIsDerivedFromTheDueDayAndTheClockInChinaTime) {
  auto id = std::to_string(add());
  ASSERT_EQ(
      duban("item assign " + id + " --owner 赵某七 --due 2020-07-31 --measures 核查").exit_code, 0);
  now_ = "2020-07-31T23:59";
  EXPECT_EQ(json("item list --overdue").size(), 0u);
  EXPECT_EQ(item(std::stoll(id))["status"], "yellow");
  now_ = "2020-08-01T00:00";
  EXPECT_EQ(json("item list --overdue").size(), 1u);
  EXPECT_EQ(item(std::stoll(id))["status"], "red");
  now_ = "2020-07-31T15:59:59Z";  // = 23:59:59 in China
  EXPECT_EQ(json("item list --overdue").size(), 0u);
  now_ = "2020-07-31T16:00:00Z";  // = 00:00 on 1 August in China
  EXPECT_EQ(json("item list --overdue").size(), 1u);
  // Once rectified it is no longer overdue, whatever the date.
  ASSERT_EQ(duban("item rectify " + id + " --result 完成", "longtan").exit_code, 0);
  EXPECT_EQ(json("item list --overdue").size(), 0u);
}

TEST_F(ItemCli, ListFilters) {
  add("longtan");
  add("xinmin");
  ASSERT_EQ(duban("item assign 1 --owner a --due 2020-06-30 --measures m").exit_code, 0);
  EXPECT_EQ(json("item list --state assigned").size(), 1u);
  EXPECT_EQ(json("item list --state 已发现").size(), 1u);
  EXPECT_EQ(json("item list --unit 新民乡").size(), 1u);
  EXPECT_EQ(json("item list --due-before 2020-06-30").size(), 1u);
  EXPECT_EQ(json("item list --due-before 2020-06-29").size(), 0u);
  expect_refused("item list --state done", "invalid_argument");
}

}  // namespace
}  // namespace duban::testing
