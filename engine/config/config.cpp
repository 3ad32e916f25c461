#include "config/config.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <charconv>

#include "config/loaders.hpp"

namespace duban::config {

namespace fs = std::filesystem;

bool parse_listen(const std::string& text, ServerConfig& out) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  int port = 0;
  const char* begin = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, port);
  if (ec != std::errc{} || ptr != end || port < 0 || port > 65535) return false;
  out.host = text.substr(0, colon);
  out.port = port;
  return true;
}

namespace {
// How a path named inside a config file is shown in error messages: relative to the config
// file's own name as the user gave it, so messages point where the user looks.
std::string shown(const fs::path& config_file, const std::string& relative) {
  return (config_file.parent_path() / relative).lexically_normal().string();
}

// A libpq URI, without a password: the file is read by many and kept in version control.
std::optional<Text> database_url_problem(const std::string& url) {
  if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0) {
    return Text{"应为 postgresql://用户@主机:端口/库名 形式的连接地址:" + url,
                "must be a URI such as postgresql://user@host:port/db: " + url};
  }
  auto rest = url.substr(url.find("://") + 3);
  auto at = rest.find('@');
  auto userinfo = at == std::string::npos ? std::string() : rest.substr(0, at);
  if (userinfo.find(':') != std::string::npos || url.find("password=") != std::string::npos) {
    return Text{"连接地址里不能写密码:请把密码放在 password_env 指定的环境变量中",
                "the url must not hold a password: put it in the environment variable that"
                " password_env names"};
  }
  return std::nullopt;
}
}  // namespace

Config load_config(const fs::path& file) {
  Diagnostics diagnostics;
  Source src{file.string(), diagnostics, {}};
  Config cfg;
  cfg.file = file;
  auto root = parse_yaml_file(src, file.string());
  if (!root.IsDefined() || root.IsNull()) {
    if (diagnostics.empty()) src.error(YAML::Mark::null_mark(), "", {"文件为空", "file is empty"});
    throw ConfigInvalid(diagnostics.list());
  }
  MapReader top(root, "", src);
  cfg.county = top.string("county", Need::required).value_or("");
  if (auto code = top.string("county_code")) {
    const bool plain = !code->empty() && code->size() <= 64 &&
                       std::all_of(code->begin(), code->end(), [](unsigned char c) {
                         return std::isalnum(c) || c == '-' || c == '_';
                       });
    if (plain) {
      cfg.county_code = *code;
    } else {
      src.error(root["county_code"].Mark(), "county_code",
                {"县的代码只能由字母、数字、- 和 _ 组成(至多 64 个),如行政区划代码 520122:" + *code,
                 "a county code is letters, digits, - and _ (at most 64), e.g. the division code"
                 " 520122: " +
                     *code});
    }
  }
  if (auto tz = top.string("time_zone")) {
    if (auto zone = ZoneOffset::parse(*tz)) {
      cfg.zone = *zone;
    } else {
      src.error(root["time_zone"].Mark(), "time_zone",
                {"时区格式应为 +08:00:" + *tz, "time zone must look like +08:00: " + *tz});
    }
  }
  if (auto lang = top.choice("language", Need::optional, {"zh", "en"})) {
    cfg.lang = *lang == "en" ? Lang::en : Lang::zh;
  }
  cfg.data_dir = top.string("data_dir").value_or("var");
  {
    MapReader server(top.node("server"), "server", src);
    if (auto listen = server.string("listen")) {
      if (!parse_listen(*listen, cfg.server)) {
        src.error(root["server"]["listen"].Mark(), "server.listen",
                  {"监听地址应为 主机:端口:" + *listen, "listen must be HOST:PORT: " + *listen});
      }
    }
    cfg.server.max_connections =
        server.integer("max_connections", Need::optional, 1, 100000).value_or(256);
    cfg.server.threads = server.integer("threads", Need::optional, 1, 256).value_or(4);
    cfg.server.requests_per_second =
        server.number("requests_per_second", Need::optional, 0.01, 1e6).value_or(50);
    cfg.server.burst = server.integer("burst", Need::optional, 1, 1000000).value_or(200);
    cfg.server.login_failures =
        server.integer("login_failures", Need::optional, 1, 1000).value_or(5);
    cfg.server.login_window_minutes =
        server.integer("login_window_minutes", Need::optional, 1, 1440).value_or(15);
    cfg.server.token_days = server.integer("token_days", Need::optional, 1, 366).value_or(1);
    cfg.server.upload_limit_mb =
        server.integer("upload_limit_mb", Need::optional, 1, 1024).value_or(20);
    cfg.server.page_cache_mb =
        server.integer("page_cache_mb", Need::optional, 0, 4096).value_or(64);
    cfg.server.idempotency_hours =
        server.integer("idempotency_hours", Need::optional, 1, 24 * 31).value_or(24);
    for_each_element(server, "trusted_proxies", Need::optional,
                     [&](const YAML::Node& node, const std::string& path) {
                       auto address = scalar_string(node, path, src);
                       if (!address) return;
                       boost::system::error_code ec;
                       boost::asio::ip::make_address(*address, ec);
                       if (ec) {
                         src.error(node.Mark(), path,
                                   {"应为 IP 地址,如 127.0.0.1:" + *address,
                                    "must be an IP address, e.g. 127.0.0.1: " + *address});
                         return;
                       }
                       cfg.server.trusted_proxies.push_back(*address);
                     });
    if (auto web = server.string("web_dir")) cfg.server.web_dir = file.parent_path() / *web;
    server.finish();
  }
  {
    MapReader db(top.node("database"), "database", src);
    cfg.database.backend =
        db.choice("backend", Need::optional, {"sqlite", "postgresql"}).value_or("sqlite");
    cfg.database.path = db.string("path").value_or("duban.db");
    const bool pg = cfg.database.backend == "postgresql";
    if (auto url = db.string("url", pg ? Need::required : Need::optional)) {
      if (auto why = database_url_problem(*url)) {
        src.error(top.node("database")["url"].Mark(), "database.url", *why);
      }
      cfg.database.url = *url;
    }
    cfg.database.password_env = db.string("password_env").value_or("DUBAN_DATABASE_PASSWORD");
    cfg.database.pool_size = db.integer("pool_size", Need::optional, 1, 64).value_or(4);
    db.finish();
  }
  {
    MapReader sched(top.node("scheduler"), "scheduler", src);
    cfg.scheduler_interval_seconds =
        sched.integer("interval_seconds", Need::optional, 1, 86400).value_or(60);
    sched.finish();
  }
  {
    MapReader audit(top.node("audit"), "audit", src);
    auto base = file.parent_path();
    if (auto key = audit.string("signing_key")) cfg.signing_key = base / *key;
    if (auto key = audit.string("public_key")) cfg.public_key = base / *key;
    if (cfg.public_key.empty() && !cfg.signing_key.empty()) {
      cfg.public_key = cfg.signing_key.string() + ".pub";
    }
    audit.finish();
  }
  {
    MapReader dates(top.node("dates"), "dates", src);
    cfg.plausible_years.first =
        dates.integer("first_year", Need::optional, 1900, 2999).value_or(2000);
    cfg.plausible_years.last =
        dates.integer("last_year", Need::optional, 1900, 2999).value_or(2100);
    if (cfg.plausible_years.first > cfg.plausible_years.last) {
      src.error(root["dates"].Mark(), "dates",
                {"first_year 不能晚于 last_year", "first_year must not be after last_year"});
    }
    dates.finish();
  }
  {
    MapReader clock(top.node("clock"), "clock", src);
    cfg.allow_pinned_clock = clock.boolean("allow_pinned").value_or(false);
    clock.finish();
  }
  auto units_file = top.string("units", Need::required);
  auto workflows_dir = top.string("workflows", Need::required);
  auto calendar_dir = top.string("calendar");
  auto scoring_file = top.string("scoring");
  read_plugins(top, src, file.parent_path(), cfg);
  read_dispatch(top, src, cfg);
  read_survey(top, src, file.parent_path(), cfg);
  cfg.province = top.boolean("province").value_or(false);
  for_each_element(
      top, "counties", Need::optional, [&](const YAML::Node& node, const std::string& path) {
        auto other = scalar_string(node, path, src);
        if (!other) return;
        if (!fs::is_regular_file(file.parent_path() / *other)) {
          src.error(node.Mark(), path,
                    {"县的配置文件不存在:" + shown(file, *other),
                     "county configuration does not exist: " + shown(file, *other)});
          return;
        }
        cfg.counties.push_back(fs::absolute(file.parent_path() / *other).lexically_normal());
      });
  top.finish();

  auto base = file.parent_path();
  if (units_file) {
    if (!fs::exists(base / *units_file)) {
      src.error(root["units"].Mark(), "units",
                {"单位文件不存在:" + shown(file, *units_file),
                 "units file does not exist: " + shown(file, *units_file)});
    } else {
      cfg.units = load_units(base / *units_file, shown(file, *units_file), diagnostics);
    }
  }
  if (workflows_dir) {
    if (!fs::is_directory(base / *workflows_dir)) {
      src.error(root["workflows"].Mark(), "workflows",
                {"流程目录不存在:" + shown(file, *workflows_dir),
                 "workflows folder does not exist: " + shown(file, *workflows_dir)});
    } else {
      cfg.workflow = load_workflow(base / *workflows_dir, shown(file, *workflows_dir), diagnostics);
    }
  }
  if (calendar_dir) {
    if (!fs::is_directory(base / *calendar_dir)) {
      src.error(root["calendar"].Mark(), "calendar",
                {"日历目录不存在:" + shown(file, *calendar_dir),
                 "calendar folder does not exist: " + shown(file, *calendar_dir)});
    } else {
      cfg.calendar_dir = base / *calendar_dir;
    }
  } else if (fs::is_directory(base / "calendar")) {
    cfg.calendar_dir = base / "calendar";
  }
  if (!cfg.calendar_dir.empty()) {
    cfg.calendar = load_calendar(cfg.calendar_dir, shown(file, calendar_dir.value_or("calendar")),
                                 diagnostics);
  }
  if (scoring_file) {
    if (!fs::is_regular_file(base / *scoring_file)) {
      src.error(root["scoring"].Mark(), "scoring",
                {"评分模型文件不存在:" + shown(file, *scoring_file),
                 "scoring model file does not exist: " + shown(file, *scoring_file)});
    } else {
      cfg.scoring_file = base / *scoring_file;
    }
  } else if (fs::is_regular_file(base / "scoring.yaml")) {
    cfg.scoring_file = base / "scoring.yaml";
  }
  if (!cfg.scoring_file.empty()) {
    cfg.scoring = load_scoring(cfg.scoring_file, shown(file, scoring_file.value_or("scoring.yaml")),
                               diagnostics);
  }
  if (!diagnostics.empty()) throw ConfigInvalid(diagnostics.list());

  cfg.sources.push_back(file);
  if (!cfg.scoring_file.empty()) cfg.sources.push_back(cfg.scoring_file);
  if (!cfg.evaluation_plan_file.empty()) cfg.sources.push_back(cfg.evaluation_plan_file);
  if (!cfg.calendar_dir.empty()) cfg.sources.push_back(cfg.calendar_dir);
  if (units_file) cfg.sources.push_back(base / *units_file);
  if (workflows_dir) cfg.sources.push_back(base / *workflows_dir);
  cfg.data_dir = fs::absolute(cfg.data_dir).lexically_normal();
  if (cfg.database.path.is_relative()) cfg.database.path = cfg.data_dir / cfg.database.path;
  if (cfg.roster_key.empty()) cfg.roster_key = cfg.data_dir / "id-number.key";
  return cfg;
}

}  // namespace duban::config
