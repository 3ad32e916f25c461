// Several `duban serve` nodes on one database (the PostgreSQL run: one server; the SQLite run: one
// file): every pair of conflicting events on one item, sent to two nodes at once with the same
// If-Match, commits exactly one; the other is told the item's version now. The journal stays one
// unbroken chain.
#include <future>
#include <nlohmann/json.hpp>
#include <regex>

#include "domain/calendar.hpp"
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

struct Event {
  std::string name, actor, body;
};

class Nodes : public DubanCli {
 protected:
  void SetUp() override {
    now_ = "2020-07-20T09:00";
    ASSERT_EQ(duban("init").exit_code, 0);
    for (const auto* user : {"office", "inspector", "longtan"}) {
      write_file(dir_ / "pw.txt", std::string(user) + "-pw\n");
      ASSERT_EQ(duban(std::string("user passwd ") + user + " < pw.txt").exit_code, 0) << user;
    }
    // Both nodes on one running clock from 09:00 on (writers cross second boundaries as they
    // would).
    auto start = *parse_local_time(now_, ZoneOffset{std::chrono::hours(8)});
    auto real =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto clock = "DUBAN_CLOCK_OFFSET=" + std::to_string((start - real).count());
    ports_[0] = serve(clock);
    other_ = std::make_unique<ChildProcess>(
        "cd '" + dir_.path().string() + "' && " + database_.env() + " " + clock +
        " DUBAN_LANG=en exec " + duban_binary() + " serve --listen 127.0.0.1:0 --config '" +
        config_.string() + "'");
    std::smatch m;
    auto line = other_->wait_for_line("health: http://", 20000);
    ASSERT_TRUE(std::regex_search(line, m, std::regex(":(\\d+)/healthz"))) << other_->output();
    ports_[1] = std::stoi(m[1]);
    for (const auto* user : {"office", "inspector", "longtan"}) {
      auto r =
          send(0, "POST", "/api/v1/auth/login", "",
               std::string(R"({"username": ")") + user + R"(", "password": ")" + user + R"(-pw"})");
      ASSERT_EQ(r.status, 200) << r.body;
      tokens_[user] = nlohmann::json::parse(r.body)["token"].get<std::string>();
    }
  }
  HttpReply send(int node, const std::string& method, const std::string& target,
                 const std::string& actor, const std::string& body,
                 const std::string& headers = "") {
    std::string auth = actor.empty() ? "" : "Authorization: Bearer " + tokens_[actor] + "\r\n";
    return http_raw("127.0.0.1", ports_[node],
                    method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth +
                        headers + "Content-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  /// Sends `e` about item `id` to `node`; expects 200.
  void apply(int node, std::int64_t id, const Event& e) {
    auto r = send(node, "POST", "/api/v1/items/" + std::to_string(id) + "/events", e.actor, e.body);
    ASSERT_EQ(r.status, 200) << e.name << ": " << r.body;
  }
  nlohmann::json item(std::int64_t id) {
    auto r = send(0, "GET", "/api/v1/items/" + std::to_string(id), "office", "");
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body);
  }
  std::int64_t new_item(const std::string& title) {
    auto r = send(0, "POST", "/api/v1/items", "office",
                  R"({"title": ")" + title + R"(", "unit": "longtan"})");
    EXPECT_EQ(r.status, 201) << r.body;
    return nlohmann::json::parse(r.body)["id"].get<std::int64_t>();
  }
  int ports_[2] = {0, 0};
  std::unique_ptr<ChildProcess> other_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(Nodes, OfEveryPairOfConflictingEventsSentToTwoNodesAtOnceExactlyOneCommits) {
  const Event assign{"assign", "office",
                     R"({"event": "assign", "owner": "赵某七", "measures": "逐户核查",)"
                     R"( "due": "2020-08-31"})"};
  const Event rectify{"rectify", "longtan", R"({"event": "rectify", "result": "已完成改水"})"};
  const Event verify{"verify", "inspector", R"({"event": "verify"})"};
  const Event close{"close", "office", R"({"event": "close"})"};
  // The events each state allows, each sent by someone allowed to.
  const std::vector<std::pair<std::vector<Event>, std::vector<Event>>> states = {
      {{assign},
       {{"ack", "longtan", R"({"event": "ack"})"},
        rectify,
        {"extend", "longtan", R"({"event": "extend", "due": "2020-09-30", "reason": "工程量大"})"},
        {"suspend", "office", R"({"event": "suspend", "reason": "等待资金"})"},
        {"reassign", "office",
         R"({"event": "reassign", "unit": "xinmin", "reason": "职责调整"})"}}},
      {{assign, rectify},
       {verify, {"reject", "inspector", R"({"event": "reject", "reason": "证据不足"})"}}},
      {{assign, rectify, verify}, {close}},
      {{assign, rectify, verify, close},
       {{"reopen", "office", R"({"event": "reopen", "reason": "群众反映问题复发"})"}}},
  };
  int pairs = 0;
  for (const auto& [path, allowed] : states) {
    for (std::size_t a = 0; a < allowed.size(); ++a) {
      for (std::size_t b = a; b < allowed.size(); ++b) {
        const auto& first = allowed[a];
        const auto& second = allowed[b];
        SCOPED_TRACE(first.name + " / " + second.name);
        auto id = new_item("并发冲突测试 " + std::to_string(++pairs));
        for (const auto& e : path) apply(pairs % 2, id, e);
        auto version = item(id)["version"].get<int>();
        auto if_match = "If-Match: \"" + std::to_string(version) + "\"\r\n";
        auto target = "/api/v1/items/" + std::to_string(id) + "/events";
        auto one = std::async(std::launch::async, [&] {
          return send(0, "POST", target, first.actor, first.body, if_match);
        });
        auto two = std::async(std::launch::async, [&] {
          return send(1, "POST", target, second.actor, second.body, if_match);
        });
        auto r1 = one.get(), r2 = two.get();
        ASSERT_EQ((r1.status == 200) + (r2.status == 200), 1) << r1.body << "\n" << r2.body;
        const auto& lost = r1.status == 200 ? r2 : r1;
        const auto& winner = r1.status == 200 ? first : second;
        const auto& loser = r1.status == 200 ? second : first;
        auto problem = nlohmann::json::parse(lost.body);
        if (winner.name == "reassign" && loser.actor == "longtan") {
          // The item went to another unit: for longtan it is now as one that does not exist.
          EXPECT_EQ(lost.status, 404) << lost.body;
        } else {
          EXPECT_EQ(lost.status, 412) << lost.body;
          EXPECT_EQ(problem["code"], "conflict");
          EXPECT_EQ(problem["current_version"], version + 1) << lost.body;
          EXPECT_NE(lost.headers.find("ETag: \"" + std::to_string(version + 1) + "\""),
                    std::string::npos)
              << lost.headers;
        }
        EXPECT_EQ(item(id)["version"], version + 1) << "one change, not two";
      }
    }
  }
  EXPECT_EQ(pairs, 20);
  auto audit = duban("audit verify");
  EXPECT_EQ(audit.exit_code, 0) << "one unbroken chain\n" << audit.out;
  EXPECT_EQ(other_->terminate(), 0) << other_->output();
}

TEST_F(Nodes, WritersOnTwoNodesAtOnceKeepTheJournalOneUnbrokenChain) {
  // Sixteen clients, eight per node, each creating and assigning items as fast as it can.
  std::vector<std::future<int>> clients;
  for (int c = 0; c < 16; ++c) {
    clients.push_back(std::async(std::launch::async, [this, c] {
      int made = 0;
      for (int i = 0; i < 12; ++i) {
        auto r = send(c % 2, "POST", "/api/v1/items", "office",
                      R"({"title": "并发写入 )" + std::to_string(c) + "-" + std::to_string(i) +
                          R"(", "unit": "longtan"})");
        EXPECT_EQ(r.status, 201) << r.body;
        if (r.status != 201) continue;
        auto id = nlohmann::json::parse(r.body)["id"].get<std::int64_t>();
        auto a =
            send(1 - c % 2, "POST", "/api/v1/items/" + std::to_string(id) + "/events", "office",
                 R"({"event": "assign", "owner": "赵某七", "measures": "逐户核查",)"
                 R"( "due": "2020-08-31"})");
        EXPECT_EQ(a.status, 200) << a.body;
        made += a.status == 200;
      }
      return made;
    }));
  }
  int made = 0;
  for (auto& c : clients) made += c.get();
  EXPECT_EQ(made, 16 * 12) << "every write answered and committed";
  auto audit = duban("audit verify");
  EXPECT_EQ(audit.exit_code, 0) << audit.out;
  EXPECT_EQ(sqlite("SELECT COUNT(*) FROM journal WHERE event = 'assign'"), "192\n");
  EXPECT_EQ(other_->terminate(), 0) << other_->output();
}

}  // namespace
}  // namespace duban::testing
