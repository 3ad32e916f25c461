#include "api/county_router.hpp"

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "api/problem.hpp"
#include "app/credential_cases.hpp"
#include "app/queries.hpp"
#include "app/score_cases.hpp"
#include "domain/errors.hpp"

namespace duban::api {

namespace {

constexpr std::size_t kRemembered = 100000;  ///< tokens whose county is remembered, at most
constexpr const char* kCounties = "/api/v1/counties";
constexpr const char* kProvinceCounties = "/api/v1/province/counties";

std::string path_of(const std::string& target) { return target.substr(0, target.find('?')); }

// A county as the province sees it: its open and overdue items now, and each round's published
// ranking (the ranked units, in rank order, by kind).
nlohmann::json county_summary(app::Services& s) {
  store::OpenCounts counts;
  {
    auto uow = s.store.begin(store::Intent::read);
    counts = uow->items().open_and_overdue(s.clock.now());
  }
  auto rounds = nlohmann::json::array();
  for (const auto& r : app::list_rounds(s)) {
    auto ranking = app::published_ranking(s, r.id.str());
    if (!ranking) continue;
    auto kinds = nlohmann::json::array();
    for (const auto& k : ranking->kinds) {
      auto units = nlohmann::json::array();
      for (const auto& u : k.units) {
        if (u.rank == 0) continue;
        units.push_back({{"unit", u.unit},
                         {"name", u.name},
                         {"rank", u.rank},
                         {"total", u.total},
                         {"grade", u.grade}});
      }
      kinds.push_back(
          {{"kind", std::string(to_string(k.kind))}, {"ranked", k.ranked}, {"units", units}});
    }
    rounds.push_back(
        {{"round", ranking->round}, {"published_at", ranking->published_at}, {"kinds", kinds}});
  }
  return {{"code", s.config.county_code},
          {"name", s.config.county},
          {"items", {{"open", counts.open}, {"overdue", counts.overdue}}},
          {"rounds", rounds}};
}

Response refused(const Text& why) { return to_response(Error(Errc::permission_denied, why)); }

class Counties {
 public:
  explicit Counties(std::vector<CountyRoute> counties) : counties_(std::move(counties)) {}

  Response respond(const Request& request) {
    const auto path = path_of(request.target);
    if (request.method == "GET" && path == kCounties) {
      auto list = nlohmann::json::array();
      for (const auto& c : counties_) {
        list.push_back({{"code", c.services->config.county_code},
                        {"name", c.services->config.county},
                        {"province", c.province}});
      }
      return json_response(200, {{"counties", list}});
    }
    const bool province_path = path.rfind("/api/v1/province/", 0) == 0;
    auto header = request.header("authorization");
    if (header.rfind("Bearer ", 0) == 0) {
      auto token = header.substr(7);
      auto at = county_of_token(token);
      if (!at) {
        if (province_path) {
          return to_response(unauthenticated({"请先登录", "log in first"}));
        }
        return counties_.front().handler(request);  // its 401
      }
      auto& county = counties_[*at];
      if (province_path) {
        if (!county.province) {
          return refused({"只有省级(市级)办公室可以查看各县汇总",
                          "only the province's (prefecture's) office reads every county's"
                          " summary"});
        }
        if (request.method != "GET" || path != kProvinceCounties) {
          return to_response(
              Error(Errc::not_found, {"没有这个地址:" + path, "no such resource: " + path}));
        }
        return province_view();
      }
      if (county.province && request.method != "GET" && request.method != "HEAD" &&
          path != "/api/v1/auth/logout") {
        return refused({"省级(市级)办公室只能查看,不能修改任何数据",
                        "the province's (prefecture's) office reads; it changes nothing"});
      }
      return county.handler(request);
    }
    if (province_path) return to_response(unauthenticated({"请先登录", "log in first"}));
    if (request.method == "POST" && path == "/api/v1/auth/login") {
      return login(request);
    }
    if (auto asked = request.header("x-duban-county"); !asked.empty()) {
      auto at = find(asked);
      if (!at) return unknown_county(asked);
      return counties_[*at].handler(request);
    }
    return counties_.front().handler(request);
  }

 private:
  std::optional<std::size_t> find(const std::string& code) const {
    for (std::size_t i = 0; i < counties_.size(); ++i) {
      if (counties_[i].services->config.county_code == code) return i;
    }
    return std::nullopt;
  }
  std::string codes() const {
    std::string out;
    for (const auto& c : counties_) {
      out += (out.empty() ? "" : ", ") + c.services->config.county_code;
    }
    return out;
  }
  Response province_view() {
    auto list = nlohmann::json::array();
    for (auto& c : counties_) {
      if (!c.province) list.push_back(county_summary(*c.services));
    }
    return json_response(200, {{"counties", list}});
  }
  Response unknown_county(const std::string& code) const {
    return to_response(Error(
        Errc::not_found, {"本服务没有县 " + code + "(有:" + codes() + ")",
                          "this service has no county " + code + " (it has: " + codes() + ")"}));
  }

  // Tokens are looked up once in each county until one knows them (only their hash is stored);
  // the county of one that is valid is remembered: a token never changes county (its county
  // still checks it on every request: revoked, expired).
  std::optional<std::size_t> county_of_token(const std::string& token) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = known_.find(token); it != known_.end()) return it->second;
    }
    for (std::size_t i = 0; i < counties_.size(); ++i) {
      if (app::user_for_token(*counties_[i].services, token)) {
        remember(token, i);
        return i;
      }
    }
    return std::nullopt;
  }
  void remember(const std::string& token, std::size_t county) {
    std::lock_guard lock(mutex_);
    if (known_.size() >= kRemembered) known_.clear();
    known_[token] = county;
  }

  // A login names its county: {"county": "520102", "username": "office", …} or
  // {"username": "520102/office", …}. It is passed on with both fields apart.
  Response login(const Request& request) {
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (!body.is_object()) return counties_.front().handler(request);  // its malformed_json
    std::string code;
    if (auto c = body.find("county"); c != body.end() && c->is_string()) code = *c;
    if (auto u = body.find("username"); u != body.end() && u->is_string()) {
      const std::string name = *u;
      if (auto slash = name.find('/'); slash != std::string::npos && code.empty()) {
        code = name.substr(0, slash);
        body["username"] = name.substr(slash + 1);
        body["county"] = code;
      }
    }
    if (code.empty()) {
      HttpProblem p = validation_failed(
          {{"county",
            {"本服务有多个县,请注明县的代码(" + codes() + "),或把用户名写成 代码/用户名",
             "this service has several counties: name the county's code (" + codes() +
                 "), or give the user name as CODE/USER"}}});
      return to_response(p);
    }
    auto at = find(code);
    if (!at) return unknown_county(code);
    Request passed = request;
    passed.body = body.dump();
    auto response = counties_[*at].handler(passed);
    if (response.status == 200) {
      auto answer = nlohmann::json::parse(response.body, nullptr, false);
      if (answer.is_object() && answer.contains("token") && answer["token"].is_string()) {
        remember(answer["token"], *at);
      }
    }
    return response;
  }

  std::vector<CountyRoute> counties_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> known_;
};

}  // namespace

std::vector<std::pair<std::string, std::string>> county_router_routes() {
  return {{"GET", kCounties}, {"GET", kProvinceCounties}};
}

Handler county_router(std::vector<CountyRoute> counties) {
  if (counties.empty() || counties.front().province) {
    throw Error(Errc::internal, {"没有要服务的县(第一个不能是省级)",
                                 "no county to serve (the first may not be the province's)"});
  }
  auto all = std::make_shared<Counties>(std::move(counties));
  return Handler{[all](const Request& request) { return all->respond(request); }};
}

}  // namespace duban::api
