// The HTTP routes in-process, on the real store: what each path answers, with the same problem
// details the command line prints with --json.
#include "api/routes.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/json_views.hpp"
#include "support/engine_fixture.hpp"

namespace duban {
namespace {

class Routes : public testing::Engine {
 protected:
  api::Response get(const std::string& target, const std::string& method = "GET") {
    auto handler = api::routes({services(), [this] { return sweep_; }});
    return handler(method, target);
  }
  std::optional<SweepResult> sweep_;
};

TEST_F(Routes, HealthReportsTheCountyTheSchemaTheClockAndTheLastSweep) {
  auto before = nlohmann::json::parse(get("/healthz").body);
  EXPECT_EQ(before["status"], "ok");
  EXPECT_EQ(before["county"], config_.county);
  EXPECT_EQ(before["schema_version"], store_->schema_version());
  EXPECT_EQ(before["now"], "2020-06-01T01:00:00Z");
  EXPECT_FALSE(before.contains("last_sweep"));

  sweep_ = SweepResult{*parse_utc("2020-06-01T00:30:00Z"), 5, 2};
  auto after = get("/healthz");
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.content_type, "application/json");
  auto body = nlohmann::json::parse(after.body);
  EXPECT_EQ(body["last_sweep"], "2020-06-01T00:30:00Z");
  EXPECT_EQ(body["open_items"], 5);
  EXPECT_EQ(body["overdue_items"], 2);
}

TEST_F(Routes, UnknownPathsAndMethodsAreProblemDetails) {
  auto missing = get("/items/1");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(missing.body);
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["code"], "not_found");
  EXPECT_EQ(body["detail"], "/items/1");

  auto post = get("/healthz", "POST");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(nlohmann::json::parse(post.body)["code"], "method_not_allowed");
  EXPECT_EQ(get("/healthz", "HEAD").status, 200);
}

TEST_F(Routes, UseCaseErrorsHaveOneShapeForTheApiAndTheCommandLine) {
  Error refused(Errc::permission_denied, {"无权操作", "not allowed"});
  auto problem = app::problem_json(refused);
  EXPECT_EQ(problem["type"], "about:blank");
  EXPECT_EQ(problem["code"], "permission_denied");
  EXPECT_EQ(problem["status"], http_status(Errc::permission_denied));
  EXPECT_EQ(problem["detail"], "not allowed");
}

}  // namespace
}  // namespace duban

#include "api/problem.hpp"

namespace duban::testing {
namespace {

TEST(ProblemResponses, AnUnreachableDatabaseIs503WithRetryAfter) {
  auto r = api::to_response(
      Error(Errc::unavailable, {"数据库暂时无法连接", "the database is unavailable"}));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.content_type, "application/problem+json");
  EXPECT_EQ(nlohmann::json::parse(r.body)["code"], "unavailable");
  bool retry_after = false;
  for (const auto& [name, value] : r.headers) retry_after |= name == "Retry-After" && value == "2";
  EXPECT_TRUE(retry_after);
}

}  // namespace
}  // namespace duban::testing
