// `duban serve` on loopback, checked with a real HTTP request.
#include <regex>

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
                      "' && DUBAN_LANG=en DUBAN_NOW=2020-06-01T09:00 exec " + duban_binary() +
                      " serve --listen 127.0.0.1:0 --config '" + config_.string() + "'");
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
  ChildProcess first("cd '" + dir_.path().string() + "' && DUBAN_LANG=en exec " + duban_binary() +
                     " serve --listen 127.0.0.1:0 --config '" + config_.string() + "'");
  auto line = first.wait_for_line("health: http://", 20000);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex(":(\\d+)/healthz")));
  auto r = duban("serve --listen 127.0.0.1:" + std::string(m[1]));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("cannot listen on 127.0.0.1:" + std::string(m[1])), std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace duban::testing
