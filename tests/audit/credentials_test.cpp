#include "audit/credentials.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/errors.hpp"

namespace duban::audit {
namespace {

TEST(Credentials, APasswordVerifiesAgainstItsArgon2idHashAndNoOther) {
  auto hash = hash_password("龙潭镇扶贫专干2020", HashCost::minimal);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("龙潭镇"), std::string::npos);
  EXPECT_TRUE(verify_password("龙潭镇扶贫专干2020", hash));
  EXPECT_FALSE(verify_password("龙潭镇扶贫专干2021", hash));
  EXPECT_FALSE(verify_password("", hash));
  EXPECT_FALSE(verify_password("龙潭镇扶贫专干2020", ""));
  EXPECT_FALSE(verify_password("龙潭镇扶贫专干2020", "not a hash"));
  // Salted: the same password never hashes the same twice.
  EXPECT_NE(hash_password("龙潭镇扶贫专干2020", HashCost::minimal), hash);
}

TEST(Credentials, ShortPasswordsAreRefusedCountingCharactersNotBytes) {
  EXPECT_THROW(hash_password("1234567", HashCost::minimal), Error);
  EXPECT_NO_THROW(hash_password("12345678", HashCost::minimal));
  EXPECT_THROW(hash_password("督办系统密码", HashCost::minimal), Error);  // 6 characters, 18 bytes
  EXPECT_NO_THROW(hash_password("督办系统登录密码", HashCost::minimal));
  EXPECT_THROW(hash_password(std::string(1025, 'a'), HashCost::minimal), Error);
}

TEST(Credentials, TokensAreLongRandomAndStoredAsTheirSha256) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = new_token();
    EXPECT_EQ(t.rfind("dbn_", 0), 0u);
    EXPECT_EQ(t.size(), 4u + 43u);  // 256 bits, URL-safe base64 without padding
    EXPECT_TRUE(seen.insert(t).second);
  }
  // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(token_hash(*seen.begin()).size(), 64u);
}

}  // namespace
}  // namespace duban::audit
