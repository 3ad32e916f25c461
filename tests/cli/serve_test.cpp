// `duban serve` on loopback, checked with a real HTTP request.
#include <unistd.h>

#include <memory>
#include <regex>
#include <sstream>

#include "store/database.hpp"
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

class ServeCli : public DubanCli {};

TEST_F(ServeCli, ServesHealthzAndStopsCleanlyOnSigterm) {
  ASSERT_EQ(duban("init").exit_code, 0);
  auto demo = (source_dir() / "config" / "demo" / "items.csv").string();
  ASSERT_EQ(duban("import '" + demo + "'").exit_code, 0);
  ChildProcess server("cd '" + dir_.path().string() +
                      "' && DUBAN_LANG=en DUBAN_NOW=2020-06-01T09:00 " + database_.env() + "exec " +
                      duban_binary() + " serve --listen 127.0.0.1:0 --config '" + config_.string() +
                      "'");
  auto line = server.wait_for_line("health: http://", 20000);
  ASSERT_FALSE(line.empty()) << server.output();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)/healthz")));
  int port = std::stoi(m[1]);

  auto health = http_get("127.0.0.1", port, "/healthz");
  ASSERT_EQ(health.status, 200) << health.headers;
  auto body = nlohmann::json::parse(health.body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["schema_version"], store::latest_schema_version());
  EXPECT_EQ(body["now"], "2020-06-01T01:00:00Z");
  EXPECT_EQ(body["open_items"], 13);
  EXPECT_EQ(body["overdue_items"], 4);  // the items due 2020-05-15

  auto missing = http_get("127.0.0.1", port, "/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.headers.find("application/problem+json"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["code"], "not_found");

  EXPECT_EQ(server.terminate(), 0) << server.output();
}

TEST_F(ServeCli, ABusyPortIsAClearError) {
  ASSERT_EQ(duban("init").exit_code, 0);
  ChildProcess first("cd '" + dir_.path().string() + "' && DUBAN_LANG=en " + database_.env() +
                     "exec " + duban_binary() + " serve --listen 127.0.0.1:0 --config '" +
                     config_.string() + "'");
  auto line = first.wait_for_line("health: http://", 20000);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex(":(\\d+)/healthz")));
  auto r = duban("serve --listen 127.0.0.1:" + std::string(m[1]));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("cannot listen on 127.0.0.1:" + std::string(m[1])), std::string::npos)
      << r.out;
}

// The shipped configuration from the temp folder, its paths absolute, with server.web_dir.
std::filesystem::path config_with_web_dir(const TempDir& dir, const std::string& web_dir) {
  const auto config = source_dir() / "config";
  auto text = read_file(config / "duban.yaml");
  auto swap = [&text](const std::string& from, const std::string& to) {
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  swap("units: demo/units.yaml", "units: " + (config / "demo" / "units.yaml").string() +
                                     "\ncalendar: " + (config / "calendar").string() +
                                     "\nscoring: " + (config / "scoring.yaml").string());
  swap("workflows: ../workflows", "workflows: " + (source_dir() / "workflows").string());
  swap("  listen: 127.0.0.1:8080", "  listen: 127.0.0.1:8080\n  web_dir: " + web_dir);
  write_file(dir / "duban.yaml", text);
  return dir / "duban.yaml";
}

TEST_F(ServeCli, TheDashboardIsServedOrTheServerSaysHowToBuildIt) {
  write_file(dir_ / "web" / "index.html", "<!doctype html><title>督办 test</title>");
  config_ = config_with_web_dir(dir_, "web");  // relative to the configuration file
  ASSERT_EQ(duban("init").exit_code, 0);
  int port = serve();
  ASSERT_GT(port, 0);
  EXPECT_NE(server_->output().find("dashboard: http://127.0.0.1:" + std::to_string(port) + "/ui/"),
            std::string::npos)
      << server_->output();
  auto page = http_get("127.0.0.1", port, "/ui/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<!doctype html><title>督办 test</title>");
  EXPECT_EQ(server_->terminate(), 0);

  config_ = config_with_web_dir(dir_, "never-built");
  port = serve();
  ASSERT_GT(port, 0);
  EXPECT_NE(server_->output().find("the dashboard was not built"), std::string::npos)
      << server_->output();
  auto missing = http_get("127.0.0.1", port, "/ui/");
  EXPECT_EQ(missing.status, 503);
  EXPECT_NE(missing.body.find("npm run build --prefix web"), std::string::npos);
  EXPECT_EQ(http_get("127.0.0.1", port, "/healthz").status, 200) << "the API is not affected";
}

}  // namespace
}  // namespace duban::testing

namespace duban::testing {
namespace {

class ServerRobustness : public DubanCli {
 protected:
  int start(const std::string& limits = "") {
    EXPECT_EQ(duban("init").exit_code, 0);
    return serve(limits);
  }
};

TEST_F(ServerRobustness, MalformedRequestsGet400AndUnknownMethods405WithAllow) {
  int port = start();
  for (const auto& request : std::vector<std::string>{
           "GARBAGE\r\n\r\n",
           "GET /healthz HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n",  // a header without its colon
           "GET /%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
           "GET /%E9%97 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
           "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
       }) {
    auto r = http_raw("127.0.0.1", port, request);
    EXPECT_EQ(r.status, 400) << request << "\n" << r.headers << r.body;
    EXPECT_NE(r.body.find("\"code\":\"bad_request\""), std::string::npos) << r.body;
  }
  auto del =
      http_raw("127.0.0.1", port, "DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(del.status, 405) << del.headers;
  EXPECT_NE(del.headers.find("Allow: GET, HEAD"), std::string::npos) << del.headers;
  auto post = http_raw("127.0.0.1", port,
                       "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                       "Connection: close\r\n\r\n");
  EXPECT_EQ(post.status, 405);
  EXPECT_NE(post.headers.find("Allow: GET, HEAD"), std::string::npos) << post.headers;
  auto head =
      http_raw("127.0.0.1", port, "HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "") << "HEAD has no body";
  EXPECT_NE(head.headers.find("Content-Length: "), std::string::npos) << head.headers;
  EXPECT_EQ(http_get("127.0.0.1", port, "/healthz").status, 200) << "still serving";
  EXPECT_EQ(server_->terminate(), 0) << server_->output();
}

// With few file descriptors left the server used to spin on EMFILE at 100 % CPU and stop
// answering. Now it waits between attempts and serves again once descriptors are free.
TEST_F(ServerRobustness, RunningOutOfFileDescriptorsBacksOffAndRecovers) {
  int port = start("ulimit -n 40 &&");
  std::vector<int> held;
  for (int i = 0; i < 80; ++i) {
    int s = connect_tcp("127.0.0.1", port);  // the kernel's queue takes them all
    if (s >= 0) held.push_back(s);
  }
  auto cpu_ticks = [&] {
    std::istringstream stat(read_file("/proc/" + std::to_string(server_->pid()) + "/stat"));
    std::string field;
    long ticks = 0;
    for (int i = 1; i <= 15 && stat >> field; ++i)
      if (i == 14 || i == 15) ticks += std::stol(field);  // utime + stime
    return ticks;
  };
  // The server says when it starts to wait and each time it waits longer: the window between
  // two of its lines (50 + 100 + 200 ms of waiting) is timed by the server, not by the test.
  ASSERT_FALSE(server_->wait_for_line("accept: Too many open files; waiting 50 ms", 10000).empty())
      << server_->output();
  auto before = cpu_ticks();
  ASSERT_FALSE(server_->wait_for_line("waiting 400 ms", 10000).empty()) << server_->output();
  auto spent = cpu_ticks() - before;
  // Spinning through those 350 ms would burn about 35 ticks (of 100 per second).
  EXPECT_LT(spent, 12) << "the server spins while out of descriptors";
  for (int s : held) ::close(s);
  HttpReply health;
  for (int attempt = 0; attempt < 10 && health.status != 200; ++attempt) {
    health = http_get("127.0.0.1", port, "/healthz");
  }
  EXPECT_EQ(health.status, 200) << "serves again once descriptors are free";
  EXPECT_EQ(server_->terminate(), 0);
}

}  // namespace
}  // namespace duban::testing
