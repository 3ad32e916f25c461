// Logging in and out, tokens that expire or are revoked, login throttling, the per-token rate
// limit, idempotent retries and the language of the answers.
#include "api/api_fixture.hpp"
#include "app/denials.hpp"
#include "app/idempotent_requests.hpp"
#include "app/item_cases.hpp"
#include "audit/credentials.hpp"

namespace duban {
namespace {

using testing::Api;

TEST_F(Api, LoginMeAndLogout) {
  auto wrong = post("/api/v1/auth/login", {{"username", "longtan"}, {"password", "nope"}}, "");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.content_type, "application/problem+json");
  EXPECT_EQ(wrong.code(), "unauthenticated");
  auto unknown = post("/api/v1/auth/login", {{"username", "nobody"}, {"password", "nope"}}, "");
  EXPECT_EQ(unknown.body, wrong.body) << "no hint of which part was wrong";

  auto ok = post("/api/v1/auth/login", {{"username", "longtan"}, {"password", "longtan-pw"}}, "");
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto token = ok.json()["token"].get<std::string>();
  EXPECT_EQ(token.rfind("dbn_", 0), 0u);
  EXPECT_EQ(ok.json()["expires_at"], "2020-06-02T01:00:00Z") << "a login lasts a day";
  auto me = get("/api/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["id"], "longtan");
  EXPECT_EQ(me.json()["unit"], "longtan");
  EXPECT_EQ(me.json()["unit_name"], "龙潭镇");
  EXPECT_EQ(me.json()["access"], "member");
  EXPECT_EQ(me.json()["county"]["province"], false) << me.body;
  EXPECT_EQ(me.json()["county"]["name"], services().config.county) << me.body;
  EXPECT_EQ(me.json()["county"]["code"], services().config.county_code) << me.body;

  EXPECT_EQ(post("/api/v1/auth/logout", nlohmann::json::object(), token).status, 204);
  auto after = get("/api/v1/me", token);
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.code(), "unauthenticated");
  EXPECT_EQ(after.headers["WWW-Authenticate"], "Bearer realm=\"duban\"");

  auto denials = app::list_denials(services(), "");
  ASSERT_EQ(denials.size(), 2u) << "both failed logins are in the security log";
  EXPECT_EQ(denials[0].actor, "longtan");
  EXPECT_EQ(denials[0].action, "login");
  EXPECT_EQ(denials[0].subject, "address:192.0.2.7");
}

TEST_F(Api, ExpiredRevokedAndMissingTokensAre401) {
  EXPECT_EQ(get("/api/v1/me", "").code(), "unauthenticated");
  EXPECT_EQ(get("/api/v1/me", "dbn_madeup").code(), "unauthenticated");
  auto token = login("xinmin");
  clock_.advance(std::chrono::hours(23));
  EXPECT_EQ(get("/api/v1/me", token).status, 200);
  clock_.advance(std::chrono::hours(1));
  EXPECT_EQ(get("/api/v1/me", token).status, 401) << "expired after a day";

  auto issued = app::issue_token(services(), {"xinmin", "xinmin", "script", 30});
  EXPECT_EQ(get("/api/v1/me", issued.token).status, 200);
  app::revoke_token(services(), "office", issued.record.id);
  EXPECT_EQ(get("/api/v1/me", issued.token).status, 401);
}

TEST_F(Api, TooManyFailedLoginsWaitEvenWithTheRightPassword) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(post("/api/v1/auth/login", {{"username", "office"}, {"password", "x"}}, "").status,
              401);
  }
  auto locked = post("/api/v1/auth/login", {{"username", "office"}, {"password", "office-pw"}}, "");
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.code(), "rate_limited");
  EXPECT_EQ(locked.headers["Retry-After"], "900");
  clock_.advance(std::chrono::minutes(10));
  EXPECT_EQ(post("/api/v1/auth/login", {{"username", "office"}, {"password", "office-pw"}}, "")
                .headers["Retry-After"],
            "300");
  clock_.advance(std::chrono::minutes(5));
  EXPECT_EQ(
      post("/api/v1/auth/login", {{"username", "office"}, {"password", "office-pw"}}, "").status,
      200);
}

TEST_F(Api, EachTokenHasARateLimit) {
  api::ApiOptions o;
  o.requests_per_second = 1;
  o.burst = 3;
  with_options(o);
  auto token = login("viewer");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(get("/api/v1/me", token).status, 200);
  auto limited = get("/api/v1/me", token);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers["Retry-After"], "1");
  EXPECT_EQ(get("/api/v1/me", login("office")).status, 200) << "another token has its own";
  clock_.advance(std::chrono::seconds(2));
  EXPECT_EQ(get("/api/v1/me", token).status, 200);
}

TEST_F(Api, AnIdempotencyKeyMakesARetryReturnTheFirstAnswer) {
  auto token = login("office");
  nlohmann::json body = {{"title", "饮水安全不达标"}, {"unit", "longtan"}};
  auto first = post("/api/v1/items", body, token, {{"idempotency-key", "k-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = post("/api/v1/items", body, token, {{"idempotency-key", "k-1"}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers["Idempotent-Replayed"], "true");
  EXPECT_EQ(get("/api/v1/items", token).json()["total"], 1) << "acted once";

  auto other = post("/api/v1/items", {{"title", "另一个"}, {"unit", "longtan"}}, token,
                    {{"idempotency-key", "k-1"}});
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.code(), "validation_failed");
  EXPECT_EQ(post("/api/v1/items", body, token).status, 201) << "without a key: acts again";
  EXPECT_EQ(get("/api/v1/items", token).json()["total"], 2);
}

TEST_F(Api, AnIdempotencyKeysAnswerOutlivesTheServerThatGaveIt) {
  auto token = login("office");
  nlohmann::json body = {{"title", "饮水安全不达标"}, {"unit", "longtan"}};
  auto first = post("/api/v1/items", body, token, {{"idempotency-key", "k-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  with_options(options_);  // a new server over the same database: nothing kept in memory
  auto again = post("/api/v1/items", body, token, {{"idempotency-key", "k-1"}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.content_type, first.content_type);
  EXPECT_EQ(again.headers["Idempotent-Replayed"], "true");
  EXPECT_EQ(get("/api/v1/items", token).json()["total"], 1) << "acted once";
  EXPECT_EQ(database_->shell("SELECT acted, done, status FROM idempotent_requests").out,
            "1|1|201\n");

  clock_.advance(std::chrono::hours(24));  // kept a day (server.idempotency_hours)
  token = login("office");                 // the token lasted a day too
  auto later = post("/api/v1/items", body, token, {{"idempotency-key", "k-1"}});
  EXPECT_EQ(later.status, 201);
  EXPECT_EQ(later.headers.count("Idempotent-Replayed"), 0u) << "expired: a new request";
  EXPECT_EQ(get("/api/v1/items", token).json()["total"], 2);
}

TEST_F(Api, AnIdempotencyKeyIsTheSendersOwn) {
  auto office = login("office"), leader = login("leader");
  auto mine = post("/api/v1/items", {{"title", "甲"}, {"unit", "longtan"}}, office,
                   {{"idempotency-key", "same"}});
  auto theirs = post("/api/v1/items", {{"title", "乙"}, {"unit", "xinmin"}}, leader,
                     {{"idempotency-key", "same"}});
  ASSERT_EQ(mine.status, 201) << mine.body;
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_EQ(theirs.headers.count("Idempotent-Replayed"), 0u) << "not the office's answer";
  EXPECT_EQ(theirs.json()["title"], "乙");
  EXPECT_NE(theirs.json()["id"], mine.json()["id"]);
}

TEST_F(Api, AKeyHeldByAnotherProcessIsBusyUntilItsHoldRunsOut) {
  auto token = login("office");
  nlohmann::json body = {{"title", "饮水安全不达标"}, {"unit", "longtan"}};
  auto user = app::authenticate(services(), token)->user.id;
  auto fingerprint = audit::token_hash("POST /api/v1/items\n" + body.dump());
  // Another process began this very request and stopped before committing anything.
  app::begin_request(services(), {user, "k-2", fingerprint},
                     {"elsewhere:1:x", std::chrono::seconds(60), std::chrono::hours(24)});
  auto busy = post("/api/v1/items", body, token, {{"idempotency-key", "k-2"}});
  EXPECT_EQ(busy.status, 409) << busy.body;
  EXPECT_EQ(busy.headers["Retry-After"], "60");
  EXPECT_EQ(get("/api/v1/items", token).json()["total"], 0);

  clock_.advance(std::chrono::seconds(60));
  auto taken = post("/api/v1/items", body, token, {{"idempotency-key", "k-2"}});
  EXPECT_EQ(taken.status, 201) << "its hold ran out without acting: carried out here";
  EXPECT_EQ(get("/api/v1/items", token).json()["total"], 1);
}

TEST_F(Api, ARequestCarriedOutButNeverAnsweredIsNotCarriedOutAgain) {
  auto token = login("office");
  nlohmann::json body = {{"title", "饮水安全不达标"}, {"unit", "longtan"}};
  auto user = app::authenticate(services(), token)->user.id;
  app::RequestKey key{user, "k-3", audit::token_hash("POST /api/v1/items\n" + body.dump())};
  app::RequestOptions elsewhere{"elsewhere:1:x", std::chrono::seconds(60), std::chrono::hours(24)};
  app::begin_request(services(), key, elsewhere);
  {
    // Its process committed the item, then was killed before keeping the answer.
    app::ActingOn acting(key);
    app::AddItem add;
    add.actor = "office";
    add.title = "饮水安全不达标";
    add.unit = "longtan";
    app::add_item(services(), add);
    EXPECT_TRUE(acting.acted());
  }
  clock_.advance(std::chrono::minutes(5));
  auto retry = post("/api/v1/items", body, token, {{"idempotency-key", "k-3"}});
  EXPECT_EQ(retry.status, 409) << retry.body;
  EXPECT_NE(retry.json()["detail"].get<std::string>().find("carried out"), std::string::npos)
      << retry.body;
  EXPECT_EQ(get("/api/v1/items", token).json()["total"], 1) << "not made twice";
}

TEST_F(Api, AFailedKeyedRequestMayBeSentAgain) {
  auto token = login("office");
  auto bad = post("/api/v1/items", {{"title", "x"}, {"unit", "nowhere"}}, token,
                  {{"idempotency-key", "k-4"}});
  EXPECT_EQ(bad.status, 404) << bad.body;
  auto same = post("/api/v1/items", {{"title", "x"}, {"unit", "nowhere"}}, token,
                   {{"idempotency-key", "k-4"}});
  EXPECT_EQ(same.body, bad.body);
  EXPECT_EQ(same.headers["Idempotent-Replayed"], "true") << "a refusal is an answer too";
  auto long_key = post("/api/v1/items", {{"title", "x"}, {"unit", "longtan"}}, token,
                       {{"idempotency-key", std::string(256, 'k')}});
  EXPECT_EQ(long_key.status, 422);
  EXPECT_NE(long_key.body.find("Idempotency-Key"), std::string::npos) << long_key.body;
}

TEST_F(Api, AcceptLanguageChoosesTheLanguageOfEachAnswer) {
  auto zh = send("GET", "/api/v1/me", "", "", {{"accept-language", "zh-CN,zh;q=0.9"}});
  auto en = send("GET", "/api/v1/me", "", "", {{"accept-language", "en-US,en;q=0.9,zh;q=0.5"}});
  EXPECT_NE(zh.json()["detail"].get<std::string>().find("请先登录"), std::string::npos) << zh.body;
  EXPECT_NE(en.json()["detail"].get<std::string>().find("log in first"), std::string::npos);
  EXPECT_EQ(current_lang(), Lang::en) << "the process's own language is left alone";
}

}  // namespace
}  // namespace duban

namespace duban {
namespace {

using testing::Api;

TEST_F(Api, BehindATrustedProxyTheForwardedAddressIsTheClients) {
  auto fail = [&](const std::string& forwarded) {
    auto a = send("POST", "/api/v1/auth/login", R"({"username":"office","password":"x"})", "",
                  {{"x-forwarded-for", forwarded}});
    EXPECT_EQ(a.status, 401) << a.body;
    return app::list_denials(services(), "").back().subject;
  };
  EXPECT_EQ(fail("203.0.113.9"), "address:192.0.2.7") << "no proxy trusted: the header is words";
  api::ApiOptions o;
  o.trusted_proxies = {"192.0.2.7"};
  with_options(o);
  EXPECT_EQ(fail("198.51.100.1, 203.0.113.9"), "address:203.0.113.9")
      << "the hop the proxy added; the one before it is the client's own word";
  EXPECT_EQ(fail("2001:db8::1"), "address:2001:db8::1");
  EXPECT_EQ(fail("not-an-address"), "address:192.0.2.7");
  o.trusted_proxies = {"192.0.2.8"};
  with_options(o);
  EXPECT_EQ(fail("203.0.113.9"), "address:192.0.2.7") << "another proxy is trusted, not this peer";
}

}  // namespace
}  // namespace duban
