#include "store/evidence_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "audit/credentials.hpp"
#include "domain/errors.hpp"

namespace duban::store {

namespace {

[[noreturn]] void failed(const std::filesystem::path& path, const std::string& why) {
  throw Error(Errc::io_error, {"无法保存佐证材料 " + path.string() + ":" + why,
                               "cannot store evidence " + path.string() + ": " + why});
}

bool valid_hash(const std::string& h) {
  if (h.size() != 64) return false;
  for (char c : h)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void sync_folder(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

std::filesystem::path EvidenceFiles::path_of(const std::string& sha256) const {
  return folder_ / sha256.substr(0, 2) / sha256;
}

std::string EvidenceFiles::put(std::string_view bytes) const {
  auto hash = audit::sha256_hex(bytes);
  auto target = path_of(hash);
  std::error_code ec;
  if (std::filesystem::exists(target, ec)) return hash;  // stored before: content-addressed
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) failed(target.parent_path(), ec.message());
  ::chmod(folder_.c_str(), 0700);
  std::string name = (target.parent_path() / ".upload-XXXXXX").string();
  int fd = ::mkstemp(name.data());  // O_EXCL, 0600: never through a planted link
  if (fd < 0) failed(target, std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(name.c_str());
      failed(target, std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(name.c_str());
    failed(target, std::strerror(errno));
  }
  if (::rename(name.c_str(), target.c_str()) != 0) {
    ::unlink(name.c_str());
    failed(target, std::strerror(errno));
  }
  sync_folder(target.parent_path());
  return hash;
}

std::optional<std::string> EvidenceFiles::get(const std::string& sha256) const {
  if (!valid_hash(sha256)) return std::nullopt;
  std::ifstream in(path_of(sha256), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace duban::store
