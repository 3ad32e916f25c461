#include "api/web_assets.hpp"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace duban::api {

namespace {

constexpr std::size_t max_file = 32u << 20;

std::string type_of(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}};
  for (const auto& [ext, type] : types) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) {
      return std::string(type);
    }
  }
  return "application/octet-stream";
}

bool plain_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string etag_of(std::string_view body) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char text[24];
  std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(h));
  return text;
}

void add_security_headers(Response& r) {
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data: blob:; "
                         "style-src 'self' 'unsafe-inline'; object-src 'none'; "
                         "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

Response page(int status, const std::string& html) {
  Response r{status, "text/html; charset=utf-8", html, {}};
  add_security_headers(r);
  return r;
}

const char* not_built = R"(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>duban 督办:仪表盘未构建</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em">
<h1>仪表盘未构建</h1>
<p>这台服务器没有找到仪表盘的网页文件(web/dist)。API 照常工作(<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>)。</p>
<p>构建网页:<code>npm ci --prefix web &amp;&amp; npm run build --prefix web</code>,
或运行 <code>bash scripts/run.sh</code>;也可在 config/duban.yaml 的 <code>server.web_dir</code> 指定已构建的目录。然后重启 duban serve。</p>
<hr>
<h2 lang="en">The dashboard was not built</h2>
<p lang="en">This server found no dashboard assets (web/dist). The API works as usual.
Build them with <code>npm ci --prefix web &amp;&amp; npm run build --prefix web</code>, or run
<code>bash scripts/run.sh</code>; or point <code>server.web_dir</code> in config/duban.yaml at
built assets. Then restart duban serve.</p>
</body></html>
)";

}  // namespace

WebAssets WebAssets::load(const std::filesystem::path& dir) {
  WebAssets assets;
  assets.dir_ = dir;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (!plain_name(name) || !it->is_regular_file(ec) || it->file_size(ec) > max_file) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in) continue;
    File f{body.str(), type_of(name), ""};
    f.etag = etag_of(f.body);
    assets.files_.emplace(name, std::move(f));
  }
  return assets;
}

bool WebAssets::owns(std::string_view target) {
  const auto path = target.substr(0, target.find('?'));
  return path == "/ui" || path.rfind("/ui/", 0) == 0;
}

Response WebAssets::answer(const Request& request) const {
  const std::string_view target = request.target;
  const auto path = target.substr(0, target.find('?'));
  if (request.method != "GET" && request.method != "HEAD") {
    Response r{405, "text/plain; charset=utf-8", "405 Method Not Allowed\n", {}};
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (path == "/ui") {
    Response r{301, "text/plain; charset=utf-8", "", {}};
    r.headers.emplace_back("Location", "/ui/");
    return r;
  }
  if (!ready()) return page(503, not_built);
  auto name = path.substr(4);
  if (name.empty()) name = "index.html";
  const auto found = files_.find(name);
  if (found == files_.end()) {
    return page(404,
                "<!doctype html><meta charset=\"utf-8\"><title>404</title>"
                "<p>没有这个页面 / no such page. <a href=\"/ui/\">督办 duban</a></p>");
  }
  const auto& f = found->second;
  Response r{200, f.type, request.method == "HEAD" ? "" : f.body, {}};
  if (request.header("if-none-match") == f.etag) {
    r.status = 304;
    r.body.clear();
  }
  r.headers.emplace_back("ETag", f.etag);
  r.headers.emplace_back("Cache-Control", "no-cache");
  add_security_headers(r);
  return r;
}

}  // namespace duban::api
