// The authorization matrix (tests/api/authz_matrix.yaml), every cell against a real server:
// each cell's object is prepared through the API, the request is made as the role, its status
// (and a list's total) must be the expected one, and a denial must leave the database
// byte-identical apart from the security log that records it.
#include <yaml-cpp/yaml.h>

#include <regex>

#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

struct Cell {
  int status = 0;
  int total = -1;  ///< a list's total, when given ("200/0")
};

Cell parse_cell(const std::string& text) {
  Cell c;
  auto slash = text.find('/');
  c.status = std::stoi(text.substr(0, slash));
  if (slash != std::string::npos) c.total = std::stoi(text.substr(slash + 1));
  return c;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string encode_target(const std::string& target) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : target) {
    if (c >= 0x80) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A body as YAML (a map of strings and whole numbers) as JSON.
nlohmann::json to_json(const YAML::Node& node) {
  auto out = nlohmann::json::object();
  for (const auto& kv : node) {
    auto text = kv.second.as<std::string>();
    if (std::regex_match(text, std::regex("-?[0-9]+"))) {
      out[kv.first.as<std::string>()] = std::stoll(text);
    } else {
      out[kv.first.as<std::string>()] = text;
    }
  }
  return out;
}

class AuthzMatrix : public DubanCli {
 protected:
  void SetUp() override {
    // The demo configuration with the rate limit out of the way (the matrix makes thousands of
    // requests in seconds) and no plugins; paths absolute so that it may live in the temp folder.
    auto src = source_dir();
    config_ = dir_.path() / "duban.yaml";
    write_file(config_,
               "county: 示范县\ntime_zone: \"+08:00\"\nlanguage: en\ndata_dir: var\n"
               "server: {listen: 127.0.0.1:0, requests_per_second: 1000000, burst: 1000000}\n"
               "database: {backend: sqlite, path: duban.db}\n"
               // One sweep, at start: a periodic one would write the day's counts between a
               // denial's two snapshots (on PostgreSQL the matrix outlasts a minute).
               "scheduler: {interval_seconds: 86400}\n"
               "units: " +
                   (src / "config/demo/units.yaml").string() +
                   "\n"
                   "workflows: " +
                   (src / "workflows").string() +
                   "\n"
                   "calendar: " +
                   (src / "config/calendar").string() +
                   "\n"
                   "scoring: " +
                   (src / "config/scoring.yaml").string() +
                   "\n"
                   "clock: {allow_pinned: true}\n");
    ASSERT_EQ(duban("init").exit_code, 0);
    matrix_ = YAML::LoadFile((src / "tests/api/authz_matrix.yaml").string());
    std::vector<std::string> users;
    for (const auto& r : matrix_["roles"]) users.push_back(r.second.as<std::string>());
    users.push_back(matrix_["other_member"].as<std::string>());
    for (const auto& u : users) {
      write_file(dir_.path() / "pw.txt", u + "-matrix-pw\n");
      ASSERT_EQ(duban("user passwd " + u + " < pw.txt").exit_code, 0) << u;
    }
    port_ = serve("DUBAN_NOW=2020-06-01T09:00");
    ASSERT_NE(port_, 0);
    for (const auto& u : users) {
      auto r = call("POST", "/api/v1/auth/login", "",
                    R"({"username": ")" + u + R"(", "password": ")" + u + R"(-matrix-pw"})");
      ASSERT_EQ(r.status, 200) << r.body;
      tokens_[u] = nlohmann::json::parse(r.body)["token"];
    }
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->terminate(), 0) << server_->output();
    }
  }

  HttpReply call(const std::string& method, const std::string& target, const std::string& user,
                 const std::string& body = "", const std::string& type = "application/json") {
    std::string request = method + " " + encode_target(target) + " HTTP/1.1\r\nHost: x\r\n";
    if (!user.empty()) request += "Authorization: Bearer " + tokens_.at(user) + "\r\n";
    if (!body.empty()) request += "Content-Type: " + type + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
    return http_raw("127.0.0.1", port_, request + body);
  }
  nlohmann::json ok(const HttpReply& r, const std::string& what) {
    EXPECT_LT(r.status, 300) << what << ": " << r.body;
    return r.body.empty() ? nlohmann::json() : nlohmann::json::parse(r.body);
  }
  std::string event(std::int64_t item, const std::string& user, const nlohmann::json& body) {
    auto r = call("POST", "/api/v1/items/" + std::to_string(item) + "/events", user, body.dump());
    ok(r, "prepare " + body.dump());
    return r.body;
  }

  /// Prepares the cell's object; fills the placeholders.
  std::map<std::string, std::string> prepare(const std::string& state, const std::string& unit,
                                             const std::string& member, bool needs_round) {
    std::map<std::string, std::string> v{{"{unit}", unit}, {"{user}", member}};
    if (needs_round) {  // a round of the cell's own: 2000-H1, 2000-Y, 2001-H1, …
      v["{round}"] = std::to_string(2000 + rounds_ / 2) + (rounds_ % 2 ? "-Y" : "-H1");
      ++rounds_;
    }
    v["{cell}"] = std::to_string(cells_);
    v["{title}"] = "矩阵" + unit + "-" + std::to_string(cells_++);
    const std::string lead = "office";
    if (state == "user" || state == "disabled_user") {  // a user made through the API
      v["{account}"] = "matrix-" + v["{cell}"];
      ok(call("POST", "/api/v1/users", lead,
              nlohmann::json{{"id", v["{account}"]}, {"name", "矩阵用户"}, {"unit", unit}}.dump()),
         "user");
      if (state == "disabled_user") {
        ok(call("POST", "/api/v1/users/" + v["{account}"] + "/disable", lead,
                R"({"reason": "矩阵测试"})"),
           "disable");
      }
      return v;
    }
    if (state == "round" || state == "step1") {
      ok(call("POST", "/api/v1/rounds", lead, R"({"code": ")" + v["{round}"] + R"("})"), "round");
      if (state == "step1") {
        ok(call("POST", "/api/v1/rounds/" + v["{round}"] + "/steps/1/events", lead,
                R"({"event": "open"})"),
           "step 1");
      }
      return v;
    }
    if (state == "none") return v;
    auto made = ok(call("POST", "/api/v1/items", lead,
                        nlohmann::json{{"title", v["{title}"]}, {"unit", unit}}.dump()),
                   "item");
    auto id = made["id"].get<std::int64_t>();
    v["{item}"] = std::to_string(id);
    if (state == "identified") return v;
    event(id, lead,
          {{"event", "assign"}, {"owner", "某人"}, {"measures", "核查"}, {"due", "2020-06-30"}});
    if (state == "extension") {
      event(id, member, {{"event", "extend"}, {"due", "2020-07-31"}, {"reason", "资金未到位"}});
    }
    if (state == "evidence") {
      auto e = ok(call("POST", "/api/v1/items/" + v["{item}"] + "/evidence?name=a.pdf", member,
                       "%PDF-1.4 prepared\n", "application/pdf"),
                  "evidence");
      v["{evidence}"] = std::to_string(e["id"].get<std::int64_t>());
    }
    if (state == "rectified" || state == "verified" || state == "closed") {
      event(id, member, {{"event", "rectify"}, {"result", "已整改"}});
    }
    if (state == "verified" || state == "closed") event(id, "inspector", {{"event", "verify"}});
    if (state == "closed") event(id, lead, {{"event", "close"}});
    return v;
  }

  YAML::Node matrix_;
  int port_ = 0;
  int rounds_ = 0, cells_ = 0;
  std::map<std::string, std::string> tokens_;
};

TEST_F(AuthzMatrix, EveryRoleEveryEndpointOwnAndOtherUnit) {
  const std::map<std::string, std::pair<std::string, std::string>> objects = {
      {"own", {"longtan", "longtan"}},
      {"other", {"xinmin", matrix_["other_member"].as<std::string>()}}};
  int cells = 0, denials = 0;
  for (const auto& endpoint : matrix_["endpoints"]) {
    const auto name = endpoint["name"].as<std::string>();
    for (const auto& [side, object] : objects) {
      ASSERT_TRUE(endpoint[side]) << name << ": no " << side << " row";
      ASSERT_EQ(endpoint[side].size(), matrix_["roles"].size()) << name << " " << side;
      for (const auto& role : matrix_["roles"]) {
        const auto role_name = role.first.as<std::string>();
        const auto user = role.second.as<std::string>();
        auto expected = parse_cell(endpoint[side][role_name].as<std::string>());
        const auto state = endpoint["state"].as<std::string>();
        const bool needs_round = state == "round" || state == "step1" ||
                                 YAML::Dump(endpoint).find("{round}") != std::string::npos;
        auto values = prepare(state, object.first, object.second, needs_round);
        auto fill = [&](std::string text) {
          for (const auto& [k, val] : values) text = replace_all(text, k, val);
          return text;
        };
        std::string body, type = "application/json";
        if (endpoint["body"]) body = fill(to_json(endpoint["body"]).dump());
        if (endpoint["raw"]) {
          body = endpoint["raw"].as<std::string>();
          type = endpoint["type"].as<std::string>();
        }
        const bool denial = expected.status >= 400;
        auto before = denial ? data_snapshot() : "";
        auto logged = denial ? std::stoi(denial_count()) : 0;
        auto r = call(endpoint["method"].as<std::string>(),
                      fill(endpoint["path"].as<std::string>()), user, body, type);
        auto where = name + " / " + side + " / " + role_name;
        EXPECT_EQ(r.status, expected.status) << where << "\n" << r.body;
        if (expected.total >= 0 && r.status == 200) {
          EXPECT_EQ(nlohmann::json::parse(r.body)["total"], expected.total) << where;
        }
        if (denial) {
          EXPECT_EQ(data_snapshot(), before) << where << ": the denial changed the database";
          EXPECT_EQ(std::stoi(denial_count()), logged + 1) << where << ": recorded once";
          ++denials;
        }
        ++cells;
      }
    }
  }
  EXPECT_EQ(cells, static_cast<int>(matrix_["endpoints"].size() * 2 * matrix_["roles"].size()));
  EXPECT_NE(data_snapshot().find("CREATE TABLE items"), std::string::npos) << "the real database";
  // After some eight hundred requests by every role, the database (the security log included)
  // holds no token and no password as they were sent: only their hashes.
  auto dump = database_.dump();
  ASSERT_EQ(dump.exit_code, 0);
  ASSERT_GT(dump.out.size(), 10000u);
  EXPECT_NE(dump.out.find("$argon2id$"), std::string::npos) << "the passwords' hashes are there";
  for (const auto& [user, token] : tokens_) {
    EXPECT_EQ(dump.out.find(token), std::string::npos) << user << "'s token is in the database";
    EXPECT_EQ(dump.out.find(token.substr(4)), std::string::npos) << user << "'s token, unprefixed";
    EXPECT_EQ(dump.out.find(user + "-matrix-pw"), std::string::npos)
        << user << "'s password is in the database";
  }
  std::cout << "authorization matrix: " << cells << " cells, " << denials << " denials\n";
}

}  // namespace
}  // namespace duban::testing
