#pragma once
// The dashboard: the assets `npm run build` writes to web/dist, read once when the
// server starts and answered under /ui/ from memory. A server whose assets were not built says so
// on /ui/ (503, with the command that builds them) instead of serving a broken page.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_server.hpp"

namespace duban::api {

class WebAssets {
 public:
  /// The files at the top of `dir` (the build writes a flat folder). Not ready when `dir` has no
  /// index.html; files with other names than [A-Za-z0-9._-] are left out.
  static WebAssets load(const std::filesystem::path& dir);

  bool ready() const { return files_.count("index.html") > 0; }
  const std::filesystem::path& dir() const { return dir_; }
  std::size_t size() const { return files_.size(); }

  /// Whether `target` (path and query) is the dashboard's: /ui, /ui/…
  static bool owns(std::string_view target);
  /// GET or HEAD of /ui/NAME: the file (with its ETag; 304 when If-None-Match has it), 404 for an
  /// unknown name, 405 for another method, 503 when the assets were not built; /ui → /ui/.
  Response answer(const Request& request) const;

 private:
  struct File {
    std::string body, type, etag;
  };
  std::filesystem::path dir_;
  std::map<std::string, File, std::less<>> files_;
};

}  // namespace duban::api
