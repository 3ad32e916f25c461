#include "audit/credentials.hpp"

#include <sodium.h>

#include <cstring>

#include "domain/errors.hpp"

namespace duban::audit {

namespace {

void ready() {
  if (sodium_init() < 0) {
    throw Error(Errc::internal, {"libsodium 初始化失败", "libsodium failed to initialise"});
  }
}

}  // namespace

std::string hash_password(const std::string& password, HashCost cost) {
  ready();
  // Characters, not bytes, for the minimum: 8 Chinese characters are as good as 8 letters.
  std::size_t characters = 0;
  for (unsigned char c : password) characters += (c & 0xC0) != 0x80;
  if (characters < 8 || password.size() > 1024) {
    throw Error(Errc::invalid_argument,
                {"密码长度应为 8 个字符以上(不超过 1024 字节)",
                 "a password must have at least 8 characters (and at most 1,024 bytes)"});
  }
  char out[crypto_pwhash_STRBYTES];
  const bool interactive = cost == HashCost::interactive;
  if (crypto_pwhash_str(
          out, password.data(), password.size(),
          interactive ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN,
          interactive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN) != 0) {
    throw Error(Errc::internal, {"计算密码散列时内存不足", "out of memory hashing a password"});
  }
  return out;
}

bool verify_password(const std::string& password, const std::string& hash) {
  ready();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string::npos) {
    return false;
  }
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string new_token() {
  ready();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  std::string text(
      sodium_base64_encoded_len(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(std::strlen(text.c_str()));
  sodium_memzero(bytes, sizeof bytes);
  return "dbn_" + text;
}

std::string token_hash(const std::string& token) { return sha256_hex(token); }

std::string sha256_hex(std::string_view bytes) {
  ready();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace duban::audit
