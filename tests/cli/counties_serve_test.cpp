// One `duban serve` for several counties on one PostgreSQL database (`counties:` in duban.yaml):
// two counties and the province's office, each with its configuration. A login names its county,
// each county sees its own, the province reads every county's summary and published ranking and
// changes nothing.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "support/cli_fixture.hpp"
#include "support/smtp_fixture.hpp"

namespace duban::testing {
namespace {

class CountiesServe : public DubanCli {
 protected:
  void SetUp() override {
    if (!database_.postgresql()) {
      GTEST_SKIP() << "PostgreSQL only: an SQLite file holds one county";
    }
    config_ = write_config("duban.yaml", "示范县", "520101",
                           "counties: [b.yaml, p.yaml]\nserver: {listen: 127.0.0.1:0}\n");
    b_ = write_config("b.yaml", "邻县", "520102", "");
    p_ = write_config("p.yaml", "省扶贫办", "52", "province: true\n");
    now_ = "2020-07-20T09:00";
    for (const auto& c : {config_, b_, p_}) {
      ASSERT_EQ(on(c, "init").exit_code, 0);
      write_file(dir_ / "pw.txt", "office-pw\n");
      ASSERT_EQ(on(c, "user passwd office < pw.txt").exit_code, 0);
    }
    auto demo = (source_dir() / "config" / "demo" / "items.csv").string();
    ASSERT_EQ(on(b_, "import '" + demo + "'").exit_code, 0);  // 13 items
    ASSERT_EQ(duban("item add --title 本县的问题 --unit longtan").exit_code, 0);
    // County A's round, scored and published.
    ASSERT_EQ(duban("round start 2020-H1").exit_code, 0);
    import_demo_scores("2020-H1");
    open_step_six("2020-H1");
    ASSERT_EQ(duban("round publish 2020-H1").exit_code, 0);
  }
  std::filesystem::path write_config(const std::string& name, const std::string& county,
                                     const std::string& code, const std::string& more) {
    auto src = source_dir() / "config";
    write_file(dir_ / name, "county: " + county + "\ncounty_code: \"" + code +
                                "\"\nlanguage: en\nclock: {allow_pinned: true}\nunits: " +
                                (src / "demo/units.yaml").string() +
                                "\nworkflows: " + (source_dir() / "workflows").string() +
                                "\ncalendar: " + (src / "calendar").string() +
                                "\nscoring: " + (src / "scoring.yaml").string() + "\n" + more);
    return dir_ / name;
  }
  CommandResult on(const std::filesystem::path& config, const std::string& args) {
    return run_command("cd '" + dir_.path().string() + "' && " + database_.env() +
                       "DUBAN_LANG=en DUBAN_NOW='" + now_ + "' DUBAN_USER=office " +
                       duban_binary() + " " + args + " --config '" + config.string() + "'");
  }
  HttpReply send(int port, const std::string& line, const std::string& token,
                 const std::string& body = "") {
    std::string headers = token.empty() ? "" : "Authorization: Bearer " + token + "\r\n";
    return http_raw("127.0.0.1", port,
                    line + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers +
                        "Content-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  std::string login(int port, const std::string& user) {
    auto r = send(port, "POST /api/v1/auth/login", "",
                  nlohmann::json{{"username", user}, {"password", "office-pw"}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? nlohmann::json::parse(r.body)["token"].get<std::string>() : "";
  }
  std::filesystem::path b_, p_;
};

TEST_F(CountiesServe, OneServerServesEachCountyItsOwnAndTheProvinceReadsThemAll) {
  int port = serve("DUBAN_NOW=2020-07-20T09:10");
  ASSERT_GT(port, 0);
  EXPECT_NE(server_->output().find("示范县、邻县、省扶贫办"), std::string::npos)
      << server_->output();
  auto a = login(port, "520101/office");
  auto b = login(port, "520102/office");
  auto p = login(port, "52/office");
  auto items = [&](const std::string& token) {
    auto r = send(port, "GET /api/v1/items?limit=100", token);
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body)["items"];
  };
  ASSERT_EQ(items(a).size(), 1u);
  EXPECT_EQ(items(a)[0]["title"], "本县的问题");
  EXPECT_EQ(items(b).size(), 13u);
  EXPECT_EQ(items(p).size(), 0u);
  // A's token on B's item 13: as an item that does not exist.
  EXPECT_EQ(send(port, "GET /api/v1/items/13", a).status, 404);
  EXPECT_EQ(send(port, "GET /api/v1/items/13", b).status, 200);

  // The province: every county's figures and published ranking; nothing it may change.
  auto view = send(port, "GET /api/v1/province/counties", p);
  ASSERT_EQ(view.status, 200) << view.body;
  auto counties = nlohmann::json::parse(view.body)["counties"];
  ASSERT_EQ(counties.size(), 2u) << view.body;
  EXPECT_EQ(counties[0]["code"], "520101");
  EXPECT_EQ(counties[0]["items"]["open"], 1);
  EXPECT_EQ(counties[1]["code"], "520102");
  EXPECT_EQ(counties[1]["name"], "邻县");
  ASSERT_EQ(counties[0]["rounds"].size(), 1u);
  auto towns = counties[0]["rounds"][0]["kinds"][0];
  EXPECT_EQ(towns["kind"], "township");
  EXPECT_EQ(towns["units"][0]["name"], "龙潭镇");  // 92.40, first (tests/support/demo_scores.hpp)
  EXPECT_EQ(towns["units"][0]["rank"], 1);
  EXPECT_EQ(counties[1]["rounds"].size(), 0u);
  auto write = send(port, "POST /api/v1/items", p, R"({"title": "省里加的", "unit": "longtan"})");
  EXPECT_EQ(write.status, 403) << write.body;
  EXPECT_EQ(items(p).size(), 0u);
  // A county's users do not read the province's view.
  EXPECT_EQ(send(port, "GET /api/v1/province/counties", a).status, 403);
  EXPECT_EQ(send(port, "GET /api/v1/province/counties", "").status, 401);
  // One pool for the three counties: its 4 connections and the one that watches for changes
  // (and this query's own), not 5 for each county.
  auto connections =
      std::stoi(sqlite("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"));
  EXPECT_LE(connections, 6);
  // The database's counties, this configuration's marked.
  auto listed = on(b_, "county list --json");
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  auto list = nlohmann::json::parse(listed.out);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1]["code"], "520102");
  EXPECT_EQ(list[1]["name"], "邻县");
  EXPECT_EQ(list[1]["this"], true);
  EXPECT_EQ(list[0]["this"], false);
  // Each county's chain verifies on its own.
  for (const auto& c : {config_, b_, p_}) EXPECT_EQ(on(c, "audit verify").exit_code, 0);
}

// Each county's reminders go out on their own: a county whose mail server takes every connection
// and never answers holds up its own deliveries, not the next county's. (With the counties'
// sweeps and deliveries on one background thread, the second county's e-mail waited for the
// first one's send to time out.)
class CountiesServeReminders : public DubanCli {
 protected:
  void SetUp() override {
    if (!database_.postgresql()) {
      GTEST_SKIP() << "PostgreSQL only: an SQLite file holds one county";
    }
    if (std::thread::hardware_concurrency() < 2) {
      GTEST_SKIP() << "one core: the counties share one background loop";
    }
  }
  std::filesystem::path write_config(const std::string& name, const std::string& county,
                                     const std::string& code, int smtp_port,
                                     const std::string& more) {
    auto src = source_dir() / "config";
    write_file(dir_ / name,
               "county: " + county + "\ncounty_code: \"" + code +
                   "\"\nlanguage: en\nclock: {allow_pinned: true}\nunits: " +
                   (src / "demo/units.yaml").string() +
                   "\nworkflows: " + (source_dir() / "workflows").string() +
                   "\ncalendar: " + (src / "calendar").string() +
                   "\nscheduler: {interval_seconds: 3600}\n"
                   "dispatch: {sms_quiet_hours: off, interval_seconds: 3600}\nplugins:\n"
                   "  - name: email\n    settings: {host: 127.0.0.1, port: " +
                   std::to_string(smtp_port) +
                   ", from: duban@demo-county.example, timeout_seconds: 60}\n" + more);
    return dir_ / name;
  }
  CommandResult on(const std::filesystem::path& config, const std::string& args,
                   const std::string& user = "office") {
    return run_command("cd '" + dir_.path().string() + "' && " + database_.env() +
                       "DUBAN_LANG=en DUBAN_NOW='2026-09-01T08:00' DUBAN_USER=" + user + " " +
                       duban_binary() + " " + args + " --config '" + config.string() + "'");
  }
  // An item of longtan's, acknowledged, due 30 September: its 7-days-before rung on the 23rd.
  void item_due(const std::filesystem::path& config) {
    auto added = on(config, "item add --title 贫困户识别不精准 --unit longtan --json");
    ASSERT_EQ(added.exit_code, 0) << added.out;
    auto id = std::to_string(nlohmann::json::parse(added.out)["id"].get<int>());
    ASSERT_EQ(on(config, "item assign " + id + " --owner 赵某七 --due 2026-09-30 --measures 核查")
                  .exit_code,
              0);
    ASSERT_EQ(on(config, "item ack " + id, "longtan").exit_code, 0);
  }
};

TEST_F(CountiesServeReminders, ACountyWhoseMailServerHangsDoesNotHoldUpAnothersReminders) {
  // County A's mail server: a socket that takes connections and never says a word.
  int silent = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(silent, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(silent, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(silent, 16), 0);
  ASSERT_EQ(::fcntl(silent, F_SETFL, O_NONBLOCK), 0);
  socklen_t length = sizeof a;
  ASSERT_EQ(::getsockname(silent, reinterpret_cast<sockaddr*>(&a), &length), 0);
  SmtpSink sink(dir_ / "mail");
  config_ = write_config("duban.yaml", "示范县", "520101", ntohs(a.sin_port),
                         "counties: [b.yaml]\nserver: {listen: 127.0.0.1:0}\n");
  auto b = write_config("b.yaml", "邻县", "520102", sink.port(), "");
  for (const auto& c : {config_, b}) {
    ASSERT_EQ(on(c, "init").exit_code, 0);
    item_due(c);
  }
  ChildProcess server("cd '" + dir_.path().string() +
                      "' && DUBAN_LANG=en DUBAN_NOW=2026-09-23T10:00 " + database_.env() + "exec " +
                      duban_binary() + " serve --config '" + config_.string() + "'");
  ASSERT_FALSE(server.wait_for_line("duban is serving", 20000).empty()) << server.output();
  // B's reminder is sent while A's send is still waiting for its greeting (60 s): the server says
  // so (its log line for county 520102) well within A's wait.
  auto sent = server.wait_for_line("[520102] dispatch: 1 messages, 1 sent", 20000);
  const auto mail = received(dir_ / "mail");
  // A's connection ends: its send fails now rather than in a minute.
  for (int c; (c = ::accept4(silent, nullptr, nullptr, SOCK_NONBLOCK)) >= 0;) ::close(c);
  ::close(silent);
  ASSERT_FALSE(sent.empty()) << server.output();
  ASSERT_EQ(mail.size(), 1u) << server.output();
  EXPECT_EQ(mail[0]["envelope_to"], "longtan@demo-county.example");
  EXPECT_NE(mail[0]["body"].get<std::string>().find("邻县"), std::string::npos) << mail[0]["body"];
  EXPECT_EQ(server.terminate(), 0) << server.output();
}

// check-config checks every county a service lists, each error with its own file and line, and
// that no two share a code (on either backend: it opens no database).
class CountiesConfig : public DubanCli {};

TEST_F(CountiesConfig, EveryCountyOfAServiceIsCheckedAndItsCodeIsItsOwn) {
  auto src = source_dir() / "config";
  auto body = [&](const std::string& county, const std::string& code, const std::string& more) {
    return "county: " + county + "\ncounty_code: \"" + code +
           "\"\nunits: " + (src / "demo/units.yaml").string() +
           "\nworkflows: " + (source_dir() / "workflows").string() +
           "\nclock: {allow_pinned: true}\n" + more;
  };
  write_file(dir_ / "duban.yaml", body("示范县", "520101", "counties: [b.yaml]\n"));
  config_ = dir_ / "duban.yaml";
  write_file(dir_ / "b.yaml", body("邻县", "520102", ""));
  auto one = duban("county list");  // an SQLite file, or a new database: the one county
  EXPECT_EQ(one.exit_code, 0) << one.out;
  EXPECT_NE(one.out.find("* 520101"), std::string::npos) << one.out;
  auto ok = duban("check-config");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("other counties of this service: 1, each configuration valid"),
            std::string::npos)
      << ok.out;
  write_file(dir_ / "b.yaml", body("邻县", "520101", ""));
  auto twice = duban("check-config");
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.out.find("county code 520101 is used twice"), std::string::npos) << twice.out;
  write_file(dir_ / "b.yaml", body("邻县", "520 102", ""));
  auto bad = duban("check-config");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("b.yaml:2"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("a county code is letters, digits, - and _"), std::string::npos)
      << bad.out;
  // One province's office at most.
  write_file(dir_ / "b.yaml", body("省办", "52", "province: true\n"));
  write_file(dir_ / "c.yaml", body("省办二", "53", "province: true\n"));
  write_file(dir_ / "duban.yaml", body("示范县", "520101", "counties: [b.yaml, c.yaml]\n"));
  auto two = duban("check-config");
  EXPECT_EQ(two.exit_code, 1);
  EXPECT_NE(two.out.find("one province's office at most"), std::string::npos) << two.out;
  write_file(dir_ / "duban.yaml", body("示范县", "520101", "counties: [c.yaml]\n"));
  std::filesystem::remove(dir_ / "c.yaml");
  auto missing = duban("check-config");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("county configuration does not exist"), std::string::npos)
      << missing.out;
}

}  // namespace
}  // namespace duban::testing
