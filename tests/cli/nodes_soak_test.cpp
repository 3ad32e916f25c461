// Three `duban serve` nodes on one database, thousands of reminders falling due, nodes killed with
// SIGKILL at random moments and started again: every reminder reaches the SMTP server and the SMS
// gateway under exactly one Message-ID / Idempotency-Key (a message resent by the node that took
// over a killed node's batch carries the same id, so the receiver drops the repeat; the repeats
// are counted and printed). DUBAN_SOAK_ITEMS (default 10000) and DUBAN_SOAK_KILLS (default 6)
// make it larger (scripts/soak-nodes.sh).
#include <csignal>
#include <map>
#include <random>
#include <regex>
#include <set>

#include "support/cli_fixture.hpp"
#include "support/smtp_fixture.hpp"

namespace duban::testing {
namespace {

int from_env(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

class NodesSoak : public DubanCli {
 protected:
  // The nodes' clocks run from kStart on (DUBAN_CLOCK_OFFSET, the same for every node, however
  // late it starts): leases run out in real time.
  static constexpr const char* kStart = "2026-09-23T09:30";
  std::string offset() {
    auto start = *parse_local_time(kStart, ZoneOffset{std::chrono::minutes(8 * 60)});
    auto real =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    if (!offset_) offset_ = (start - real).count();
    return std::to_string(*offset_);
  }
  void start_node(int i) {
    nodes_[i] = std::make_unique<ChildProcess>(
        "cd '" + dir_.path().string() + "' && " + database_.env() +
        " DUBAN_CLOCK_OFFSET=" + offset() + " DUBAN_LANG=en exec " + duban_binary() +
        " serve --listen 127.0.0.1:0 --config '" + config_.string() + "'");
    // A node that starts while the others sweep and claim waits its turn at the county's journal
    // head (its first count is a write): on a loaded 2-core machine, seconds.
    ASSERT_FALSE(nodes_[i]->wait_for_line("health: http://", 60000).empty()) << nodes_[i]->output();
  }
  std::int64_t count(const std::string& sql) { return std::stoll(sqlite(sql)); }
  std::unique_ptr<ChildProcess> nodes_[3];
  std::optional<long long> offset_;
};

TEST_F(NodesSoak, ThreeNodesKilledAtRandomDeliverEachReminderUnderOneIdOnce) {
  const int items = from_env("DUBAN_SOAK_ITEMS", 10000);
  const int kills = from_env("DUBAN_SOAK_KILLS", 6);
  SmtpSink smtp(dir_ / "mail");
  HttpSink sms(dir_ / "sms.jsonl");
  auto src = source_dir() / "config";
  write_file(dir_ / "duban.yaml",
             "county: 示范县\nunits: " + (src / "demo/units.yaml").string() +
                 "\nworkflows: " + (source_dir() / "workflows").string() +
                 "\ncalendar: " + (src / "calendar").string() +
                 "\nclock: {allow_pinned: true}\nscheduler: {interval_seconds: 1}\n"
                 "dispatch: {interval_seconds: 1, send_timeout_seconds: 3, lease_seconds: 5,"
                 " sms_quiet_hours: off}\nplugins:\n"
                 "  - name: email\n    settings: {host: 127.0.0.1, port: " +
                 std::to_string(smtp.port()) +
                 ", from: duban@demo-county.example, timeout_seconds: 3}\n"
                 "  - name: sms\n    settings: {url: '" +
                 sms.url("/api/send") +
                 "', body: '{\"phone\": \"{to}\", \"text\": \"{text}\"}',"
                 " success_contains: '\"ok\":true', timeout_seconds: 3}\n");
  config_ = dir_ / "duban.yaml";
  // Items due a week after the clock's start, over the townships, each owned by the unit's staff
  // member: one reminder each (before_7, e-mail and SMS to the owner) falls due at 09:00.
  auto cfg = config::load_config(config_);
  std::vector<std::pair<std::string, std::string>> owners;
  for (const auto& u : cfg.units) {
    if (u.kind != UnitKind::township) continue;
    for (const auto& c : u.contacts)
      if (!c.head && !c.email.empty() && !c.phone.empty()) owners.emplace_back(u.id, c.name);
  }
  ASSERT_GE(owners.size(), 10u);
  std::string csv = "问题,责任单位,责任人,整改时限,整改措施\n";
  for (int i = 0; i < items; ++i) {
    const auto& [unit, owner] = owners[i % owners.size()];
    csv += "压力测试事项" + std::to_string(i) + "," + unit + "," + owner + ",2026-09-30,逐户核查\n";
  }
  write_file(dir_ / "items.csv", csv);
  now_ = "2026-09-22T10:00";
  ASSERT_EQ(duban("init").exit_code, 0);
  auto imported = duban("import items.csv");
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  now_ = "";

  const auto begun = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) start_node(i);
  std::mt19937 random(20261207);
  std::uniform_int_distribution<int> which(0, 2), pause_ms(50, 600);
  // Kills spread over the run (while reminders are swept, claimed and sent), then until
  // everything is sent, or three minutes have passed.
  std::int64_t queued = 0, unsent = -1;
  int killed = 0;
  for (auto deadline = begun + std::chrono::minutes(3);
       std::chrono::steady_clock::now() < deadline;) {
    queued = count("SELECT COUNT(*) FROM reminders");
    unsent = count("SELECT COUNT(*) FROM deliveries WHERE status <> 'sent'");
    if (queued == items && unsent == 0) break;
    // Waits on a node's output with a deadline (never a bare sleep for a deadline); the output
    // itself is not what is waited for.
    nodes_[which(random)]->wait_for_line("\x01never printed\x01", pause_ms(random));
    if (killed == kills) continue;
    int victim = which(random);
    ::kill(nodes_[victim]->pid(), SIGKILL);
    nodes_[victim]->wait();
    start_node(victim);
    ++killed;
  }
  const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - begun);
  EXPECT_GE(killed, 1) << "a node was killed while there was work";
  EXPECT_EQ(queued, items) << "one reminder per item, whoever swept";
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), 2 * items);
  EXPECT_EQ(unsent, 0) << sqlite("SELECT status, COUNT(*) FROM deliveries GROUP BY status")
                       << sqlite(
                              "SELECT batch, claimed_by, lease_until, COUNT(*) FROM deliveries"
                              " WHERE status = 'sending' GROUP BY batch, claimed_by,"
                              " lease_until")
                       <<
      [&] {
        std::string logs;
        for (auto& n : nodes_) {
          const auto& out = n->output();
          logs += "--- node\n" + out.substr(out.size() > 3000 ? out.size() - 3000 : 0);
        }
        return logs;
      }();

  // E-mail: every item under exactly one Message-ID.
  std::map<std::string, int> arrivals;                  // Message-ID → times received
  std::map<std::int64_t, std::set<std::string>> where;  // item → Message-IDs naming it
  const std::regex item_line("#(\\d+) ");
  for (const auto& m : received(dir_ / "mail")) {
    std::string id = m["message_id"];
    if (arrivals[id]++ > 0) continue;
    std::string body = m["body"];
    for (std::sregex_iterator it(body.begin(), body.end(), item_line), end; it != end; ++it)
      where[std::stoll((*it)[1])].insert(id);
  }
  EXPECT_EQ(static_cast<int>(where.size()), items) << "every item's reminder arrived";
  int split = 0, repeats = 0;
  for (const auto& [item, ids] : where) split += ids.size() != 1;
  for (const auto& [id, n] : arrivals) repeats += n - 1;
  EXPECT_EQ(split, 0) << "no reminder in two different messages";
  EXPECT_EQ(static_cast<std::int64_t>(arrivals.size()),
            count("SELECT COUNT(DISTINCT batch) FROM deliveries WHERE channel = 'email'"));
  // SMS: every batch under one Idempotency-Key.
  std::map<std::string, int> keys;
  for (const auto& r : sms.requests()) ++keys[r["headers"].value("Idempotency-Key", "")];
  int sms_repeats = 0;
  for (const auto& [key, n] : keys) sms_repeats += n - 1;
  EXPECT_EQ(static_cast<std::int64_t>(keys.size()),
            count("SELECT COUNT(DISTINCT batch) FROM deliveries WHERE channel = 'sms'"));
  EXPECT_LE(repeats + sms_repeats, kills) << "a repeat only where a node was killed mid-send";
  auto audit = duban("audit verify");
  EXPECT_EQ(audit.exit_code, 0) << audit.out;
  std::printf(
      "soak: %d reminders, %d kills, %zu e-mails (%d repeated ids), %zu SMS (%d repeated"
      " keys), all sent in %.1f s\n",
      items, killed, arrivals.size(), repeats, keys.size(), sms_repeats, took.count());
  for (auto& n : nodes_) n->terminate();
}

}  // namespace
}  // namespace duban::testing
