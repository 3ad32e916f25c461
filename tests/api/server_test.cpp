// The REST API on a real server (`duban serve` on loopback) driven by a separate client process:
// a whole round and an item's lifecycle; limits on bodies; a graceful stop on SIGTERM.
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

// Everything the peer sends until it closes (at most 10 s of silence).
std::string read_all(int socket) {
  timeval limit{10, 0};
  ::setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = ::read(socket, buffer, sizeof buffer)) > 0;) out.append(buffer, n);
  return out;
}

class ApiServer : public DubanCli {
 protected:
  int start(const std::string& env = "") {
    EXPECT_EQ(duban("init").exit_code, 0);
    for (const auto* user : {"office", "evaluator", "inspector", "longtan", "xinmin"}) {
      write_file(dir_.path() / "pw.txt", std::string(user) + "-pw\n");
      EXPECT_EQ(duban(std::string("user passwd ") + user + " < pw.txt").exit_code, 0) << user;
    }
    return serve(env + " DUBAN_NOW=2020-06-01T09:00");
  }
};

TEST_F(ApiServer, AWholeRoundAndAnItemsLifecycleFromASeparateClient) {
  int port = start();
  auto client = run_command("/usr/bin/python3 '" +
                            (source_dir() / "tests" / "api" / "lifecycle_client.py").string() +
                            "' " + std::to_string(port) + " 2>&1");
  EXPECT_EQ(client.exit_code, 0) << client.out;
  EXPECT_NE(client.out.find("LIFECYCLE OK"), std::string::npos) << client.out;
  EXPECT_EQ(server_->terminate(), 0) << server_->output();
  auto audit = duban("audit verify");
  EXPECT_EQ(audit.exit_code, 0) << audit.out;
}

TEST_F(ApiServer, OversizedBodiesAre413AndTheServerGoesOn) {
  int port = start();
  std::string big(2 << 20, 'x');
  auto r = http_raw("127.0.0.1", port,
                    "POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Content-Length: " +
                        std::to_string(big.size()) + "\r\nConnection: close\r\n\r\n" + big);
  EXPECT_EQ(r.status, 413) << r.headers << r.body;
  EXPECT_NE(r.body.find("\"code\":\"payload_too_large\""), std::string::npos) << r.body;
  EXPECT_EQ(http_get("127.0.0.1", port, "/api/v1/healthz").status, 200);
  EXPECT_EQ(server_->terminate(), 0) << server_->output();
}

TEST_F(ApiServer, SigtermFinishesTheRequestInFlight) {
  int port = start();
  // A request whose body has not all arrived yet when SIGTERM comes: it is still answered. The
  // connection has served a request before, so the server has surely accepted it.
  int s = connect_tcp("127.0.0.1", port);
  ASSERT_GE(s, 0);
  std::string first = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::write(s, first.data(), first.size()), static_cast<ssize_t>(first.size()));
  char answer[4096];
  auto got = ::read(s, answer, sizeof answer);
  ASSERT_GT(got, 0);
  ASSERT_EQ(std::string(answer, 15), "HTTP/1.1 200 OK");
  std::string body = R"({"username": "office", "password": "office-pw"})";
  std::string head =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  ASSERT_EQ(::write(s, head.data(), head.size()), static_cast<ssize_t>(head.size()));
  ::kill(server_->pid(), SIGTERM);
  ASSERT_FALSE(server_->wait_for_line("stopping", 10000).empty()) << server_->output();
  ASSERT_EQ(::write(s, body.data(), body.size()), static_cast<ssize_t>(body.size()));
  auto reply = read_all(s);
  ::close(s);
  EXPECT_NE(reply.find("HTTP/1.1 200"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
  EXPECT_EQ(server_->wait(), 0) << "ends by itself once the request is answered\n"
                                << server_->output();
}

// A JSON request over its own connection; `headers` are extra header lines ("Name: value\r\n").
HttpReply send_json(int port, const std::string& method, const std::string& target,
                    const std::string& body, const std::string& headers = "") {
  return http_raw("127.0.0.1", port,
                  method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                      "Content-Type: application/json\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n" + headers + "\r\n" + body);
}

std::string login_token(int port) {
  auto r = send_json(port, "POST", "/api/v1/auth/login",
                     R"({"username": "office", "password": "office-pw"})");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? nlohmann::json::parse(r.body)["token"].get<std::string>() : "";
}

TEST_F(ApiServer, AKeyedRetryToAnotherServerAfterTheFirstWasKilledGetsTheFirstAnswer) {
  int a = start();
  ChildProcess other("cd '" + dir_.path().string() + "' && " + database_.env() +
                     " DUBAN_NOW=2020-06-01T09:00 DUBAN_LANG=en exec " + duban_binary() +
                     " serve --listen 127.0.0.1:0 --config '" + config_.string() + "'");
  std::smatch m;
  auto line = other.wait_for_line("health: http://", 20000);
  ASSERT_TRUE(std::regex_search(line, m, std::regex(":(\\d+)/healthz"))) << other.output();
  int b = std::stoi(m[1]);
  auto token = login_token(a);
  const std::string auth = "Authorization: Bearer " + token + "\r\n";
  const std::string body = R"({"title": "村道路灯损坏未修复", "unit": "longtan"})";
  auto first = send_json(a, "POST", "/api/v1/items", body, auth + "Idempotency-Key: lamp-1\r\n");
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(::kill(server_->pid(), SIGKILL), 0);
  EXPECT_EQ(server_->wait(), -1) << "killed";

  auto again = send_json(b, "POST", "/api/v1/items", body, auth + "Idempotency-Key: lamp-1\r\n");
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.body, first.body) << "the same answer, from the database";
  EXPECT_NE(again.headers.find("Idempotent-Replayed: true"), std::string::npos) << again.headers;
  auto title = [&](int port) {
    auto list = http_raw("127.0.0.1", port,
                         "GET /api/v1/items?q=%E8%B7%AF%E7%81%AF HTTP/1.1\r\nHost: x\r\n"
                         "Connection: close\r\n" +
                             auth + "\r\n");
    return nlohmann::json::parse(list.body)["total"].get<int>();
  };
  EXPECT_EQ(title(b), 1) << "one item, made once";
  auto changed =
      send_json(b, "POST", "/api/v1/items", R"({"title": "另一件事", "unit": "longtan"})",
                auth + "Idempotency-Key: lamp-1\r\n");
  EXPECT_EQ(changed.status, 422) << "the key belongs to the first request: " << changed.body;
  EXPECT_EQ(other.terminate(), 0) << other.output();
}

}  // namespace
}  // namespace duban::testing
