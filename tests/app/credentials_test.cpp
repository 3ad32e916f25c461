// Passwords and API tokens through the use cases on a real SQLite file: who may set and issue
// them, expiry and revocation by the injected clock, nothing secret in the database or journal,
// and `audit verify` replaying them.
#include "app/credential_cases.hpp"
#include "support/engine_fixture.hpp"
#include "support/test_support.hpp"

namespace duban::testing {
namespace {

class CredentialCases : public Engine {
 protected:
  std::string dump() {
    auto r = database_->dump();
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return r.out;
  }
};

TEST_F(CredentialCases, APasswordLetsItsUserInAndNobodyElse) {
  app::set_password(services(),
                    {"longtan", "longtan", "龙潭镇扶贫专干2020", audit::HashCost::minimal});
  auto user = app::check_password(services(), "longtan", "龙潭镇扶贫专干2020");
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->unit, "longtan");
  EXPECT_FALSE(app::check_password(services(), "longtan", "龙潭镇扶贫专干2021"));
  EXPECT_FALSE(app::check_password(services(), "xinmin", "龙潭镇扶贫专干2020"));  // none set
  EXPECT_FALSE(app::check_password(services(), "nobody", "龙潭镇扶贫专干2020"));
  // A unit's member sets its own password only; the leading group anyone's.
  EXPECT_EQ(refusal([&] {
              app::set_password(
                  services(), {"longtan", "xinmin", "新民乡密码123456", audit::HashCost::minimal});
            }),
            Errc::permission_denied);
  app::set_password(services(), {"office", "xinmin", "新民乡密码123456", audit::HashCost::minimal});
  EXPECT_TRUE(app::check_password(services(), "xinmin", "新民乡密码123456"));
  EXPECT_EQ(
      refusal([&] {
        app::set_password(services(), {"office", "xinmin", "short", audit::HashCost::minimal});
      }),
      Errc::invalid_argument);
  auto db = dump();
  EXPECT_EQ(db.find("龙潭镇扶贫专干2020"), std::string::npos);
  EXPECT_EQ(db.find("新民乡密码123456"), std::string::npos);
  EXPECT_NE(db.find("$argon2id$"), std::string::npos);
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

TEST_F(CredentialCases, ATokenWorksUntilItExpiresOrIsRevokedAndIsNeverStored) {
  auto issued = app::issue_token(services(), {"longtan", "longtan", "脚本", 2});
  EXPECT_EQ(issued.token.rfind("dbn_", 0), 0u);
  auto user = app::user_for_token(services(), issued.token);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->id, "longtan");
  EXPECT_FALSE(app::user_for_token(services(), issued.token + "x"));
  EXPECT_FALSE(app::user_for_token(services(), "dbn_" + std::string(43, 'A')));
  EXPECT_EQ(dump().find(issued.token), std::string::npos) << "only its hash is kept";
  // Two days later it has expired.
  clock_.advance(std::chrono::hours(47));
  EXPECT_TRUE(app::user_for_token(services(), issued.token));
  clock_.advance(std::chrono::hours(1));
  EXPECT_FALSE(app::user_for_token(services(), issued.token));
  // Revoked: refused at once.
  auto second = app::issue_token(services(), {"office", "longtan", "", 30});
  EXPECT_TRUE(app::user_for_token(services(), second.token));
  EXPECT_EQ(refusal([&] { app::revoke_token(services(), "xinmin", second.record.id); }),
            Errc::permission_denied);
  app::revoke_token(services(), "longtan", second.record.id);
  EXPECT_FALSE(app::user_for_token(services(), second.token));
  app::revoke_token(services(), "longtan", second.record.id);  // again: nothing more
  auto listed = app::list_tokens(services(), "longtan", "");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_TRUE(listed[0].token_hash.empty());
  EXPECT_FALSE(listed[0].revoked_at.empty());
  EXPECT_EQ(refusal([&] { app::list_tokens(services(), "longtan", "xinmin"); }),
            Errc::permission_denied);
  EXPECT_EQ(refusal([&] {
              app::issue_token(services(), {"longtan", "longtan", "", 0});
            }),
            Errc::invalid_argument);
  EXPECT_TRUE(app::audit_verify(services()).ok);
}

}  // namespace
}  // namespace duban::testing
