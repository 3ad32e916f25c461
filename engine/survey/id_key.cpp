#include "survey/id_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "domain/errors.hpp"

namespace duban::survey {

namespace {

const char* const kHeader = "duban id-number key v1";

[[noreturn]] void cannot(const std::filesystem::path& file, const std::string& zh,
                         const std::string& en) {
  throw Error(Errc::io_error, {"身份证号密钥 " + file.string() + ":" + zh,
                               "the ID number key " + file.string() + ": " + en});
}

void make(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  std::array<unsigned char, 32> key{};
  randombytes_buf(key.data(), key.size());
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(text, sizeof text, key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
  sodium_memzero(key.data(), key.size());
  auto body = std::string(kHeader) + "\n" + text + "\n";
  sodium_memzero(text, sizeof text);
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    cannot(file, std::string("无法创建:") + std::strerror(errno),
           std::string("cannot create it: ") + std::strerror(errno));
  ::fchmod(fd, 0600);  // whatever the umask
  bool ok = ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(body.data(), body.size());
  if (!ok) cannot(file, "写入失败", "cannot write it");
}

}  // namespace

IdHasher IdHasher::open(const std::filesystem::path& file, bool create) {
  if (sodium_init() < 0) throw Error(Errc::internal, {"libsodium 无法初始化", "libsodium failed"});
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    if (errno != ENOENT || !create) {
      cannot(file,
             std::string("无法读取(") + std::strerror(errno) +
                 "):导入花名册时会自动生成;多台服务器应使用同一个密钥文件",
             std::string("cannot read it (") + std::strerror(errno) +
                 "): a roster import makes it; several servers must share one key file");
    }
    make(file);
    if (::stat(file.c_str(), &st) != 0) cannot(file, "无法读取", "cannot read it");
  }
  if ((st.st_mode & 077) != 0) {
    cannot(file, "可被其他用户读取:请执行 chmod 600", "may be read by others: chmod 600 it");
  }
  std::ifstream in(file, std::ios::binary);
  std::string header, text;
  std::getline(in, header);
  std::getline(in, text);
  IdHasher h;
  std::size_t length = 0;
  if (header != kHeader ||
      sodium_base642bin(h.key_.data(), h.key_.size(), text.data(), text.size(), nullptr, &length,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length != h.key_.size()) {
    sodium_memzero(text.data(), text.size());
    cannot(file, "不是 duban 的身份证号密钥文件", "is not a duban ID number key file");
  }
  sodium_memzero(text.data(), text.size());
  return h;
}

IdHasher IdHasher::throwaway() {
  if (sodium_init() < 0) throw Error(Errc::internal, {"libsodium 无法初始化", "libsodium failed"});
  IdHasher h;
  randombytes_buf(h.key_.data(), h.key_.size());
  return h;
}

std::string IdHasher::hash(const std::string& id_number) const {
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(id_number.data()),
                     id_number.size(), key_.data(), key_.size());
  char hex[2 * sizeof out + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

}  // namespace duban::survey
