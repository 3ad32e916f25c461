#include "cli/safe_files.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ext/stdio_filebuf.h>
#include <filesystem>
#include <ostream>
#include <vector>

#include "domain/errors.hpp"

namespace duban::cli {

namespace {

[[noreturn]] void cannot_write(const std::string& target, const std::string& why_zh,
                               const std::string& why_en) {
  throw Error(Errc::io_error,
              {"无法写入 " + target + ":" + why_zh, "cannot write " + target + ": " + why_en});
}

}  // namespace

std::size_t write_atomically(const std::string& target, const config::Config& cfg,
                             const std::function<std::size_t(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(target, ec)) cannot_write(target, "这是一个文件夹", "it is a folder");
  // The same file, whether named directly, through a link or by another path; or a name SQLite
  // would read as the database's journal even while it does not exist.
  auto same = [&](const fs::path& a, const fs::path& b) {
    std::error_code e1, e2;
    if (fs::exists(a, e1) && fs::exists(b, e2)) return fs::equivalent(a, b, e1);
    return fs::weakly_canonical(a, e1) == fs::weakly_canonical(b, e2);
  };
  const auto& db = cfg.database.path;
  if (same(target, db)) cannot_write(target, "这是数据库文件", "it is the database");
  for (const auto* suffix : {"-wal", "-shm", "-journal"}) {
    if (same(target, db.string() + suffix)) {
      cannot_write(target, "这是数据库的日志文件", "it is one of the database's own files");
    }
  }
  auto folder = fs::path(target).parent_path();
  if (folder.empty()) folder = ".";
  for (const auto& source : cfg.sources) {
    bool inside = fs::is_directory(source, ec) && same(folder, source);
    if (same(target, source) || inside) {
      cannot_write(target, "这是配置文件", "it is part of the configuration");
    }
  }
  for (const auto& key : {cfg.signing_key, cfg.public_key}) {
    if (!key.empty() && same(target, key)) {
      cannot_write(target, "这是签名密钥", "it is the signing key");
    }
  }
  std::string pattern = (folder / ".duban-write-XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());  // O_CREAT | O_EXCL, mode 0600
  if (fd < 0) cannot_write(target, std::strerror(errno), std::strerror(errno));
  std::string tmp(name.data());
  std::size_t n = 0;
  try {
    {
      // Written through the descriptor mkstemp opened, never reopened by name.
      __gnu_cxx::stdio_filebuf<char> buf(fd, std::ios::out | std::ios::binary);
      std::ostream out(&buf);
      n = write(out);
      out.flush();
      if (!out || ::fsync(buf.fd()) != 0) cannot_write(target, "写入失败", "the write failed");
    }
    fs::rename(tmp, target, ec);
    if (ec) cannot_write(target, ec.message(), ec.message());
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  return n;
}

}  // namespace duban::cli
