#include "audit/signing.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "domain/errors.hpp"

namespace duban::audit {

namespace {

constexpr const char* kSecretHeader = "duban-ed25519-secret-key 1";
constexpr const char* kPublicHeader = "duban-ed25519-public-key 1";

void ready() {
  if (sodium_init() < 0) {
    throw Error(Errc::internal, {"libsodium 初始化失败", "libsodium failed to initialise"});
  }
}

std::string to_base64(const unsigned char* bytes, std::size_t n) {
  std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool from_base64(const std::string& text, std::string& out, std::size_t expected) {
  out.assign(expected, '\0');
  std::size_t n = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &n, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      n != expected) {
    return false;
  }
  return true;
}

[[noreturn]] void bad_key(const std::string& shown) {
  throw Error(Errc::invalid_argument,
              {shown + " 不是 duban 的签名密钥文件", shown + " is not a duban signing key file"});
}

// The key's two lines: the header and the base64 text.
std::string key_text(const std::string& text, const char* header, const std::string& shown) {
  std::istringstream in(text);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  if (first != header || second.empty()) bad_key(shown);
  return second;
}

void write_new(const std::filesystem::path& file, const std::string& text, mode_t mode) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) {
    auto why = std::string(std::strerror(errno));
    throw Error(
        Errc::io_error,
        {"无法创建 " + file.string() + ":" + why + (errno == EEXIST ? "(不会覆盖已有的密钥)" : ""),
         "cannot create " + file.string() + ": " + why +
             (errno == EEXIST ? " (an existing key is never replaced)" : "")});
  }
  ::fchmod(fd, mode);  // whatever the umask
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    throw Error(Errc::io_error,
                {"写入 " + file.string() + " 失败", "cannot write " + file.string()});
  }
}

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(Errc::io_error, {"无法读取 " + file.string(), "cannot read " + file.string()});
  }
  std::string text;
  std::getline(in, text, '\0');
  if (text.size() > 4096) bad_key(file.string());
  return text;
}

}  // namespace

PublicKey generate_key(const std::filesystem::path& file) {
  ready();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  PublicKey pub{to_base64(pk, sizeof pk)};
  auto secret = std::string(kSecretHeader) + "\n" + to_base64(sk, sizeof sk) + "\n";
  sodium_memzero(sk, sizeof sk);
  auto public_file = std::filesystem::path(file.string() + ".pub");
  for (const auto& f : {file, public_file}) {
    if (std::filesystem::exists(std::filesystem::symlink_status(f))) {
      throw Error(Errc::io_error, {"无法创建 " + f.string() + ":文件已存在(不会覆盖已有的密钥)",
                                   "cannot create " + f.string() +
                                       ": it exists (an existing key is never replaced)"});
    }
  }
  write_new(file, secret, 0600);
  sodium_memzero(secret.data(), secret.size());
  write_new(public_file, std::string(kPublicHeader) + "\n" + pub.base64 + "\n", 0644);
  return pub;
}

SigningKey SigningKey::load(const std::filesystem::path& file) {
  ready();
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    throw Error(Errc::io_error,
                {"无法读取签名密钥 " + file.string() + ":" + std::strerror(errno),
                 "cannot read the signing key " + file.string() + ": " + std::strerror(errno)});
  }
  if ((st.st_mode & 077) != 0) {
    throw Error(Errc::io_error,
                {"签名密钥 " + file.string() + " 可被其他用户读取:请执行 chmod 600",
                 "the signing key " + file.string() + " may be read by others: chmod 600 it"});
  }
  SigningKey key;
  auto text = read_all(file);
  if (!from_base64(key_text(text, kSecretHeader, file.string()), key.secret_,
                   crypto_sign_SECRETKEYBYTES)) {
    bad_key(file.string());
  }
  sodium_memzero(text.data(), text.size());
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_ed25519_sk_to_pk(pk, reinterpret_cast<const unsigned char*>(key.secret_.data()));
  key.public_.base64 = to_base64(pk, sizeof pk);
  return key;
}

std::string SigningKey::sign(const std::string& message) const {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), reinterpret_cast<const unsigned char*>(secret_.data()));
  return to_base64(sig, sizeof sig);
}

PublicKey parse_public_key(const std::string& text, const std::string& shown_as) {
  ready();
  auto b64 = key_text(text, kPublicHeader, shown_as);
  std::string bytes;
  if (!from_base64(b64, bytes, crypto_sign_PUBLICKEYBYTES)) bad_key(shown_as);
  return PublicKey{b64};
}

PublicKey load_public_key(const std::filesystem::path& file) {
  return parse_public_key(read_all(file), file.string());
}

bool verify_signature(const PublicKey& key, const std::string& message,
                      const std::string& signature_base64) {
  ready();
  std::string pk, sig;
  if (!from_base64(key.base64, pk, crypto_sign_PUBLICKEYBYTES) ||
      !from_base64(signature_base64, sig, crypto_sign_BYTES)) {
    return false;
  }
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(),
                                     reinterpret_cast<const unsigned char*>(pk.data())) == 0;
}

}  // namespace duban::audit
