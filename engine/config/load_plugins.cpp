// Reading the `plugins:` list, `plugin_dir` and the `dispatch:` section of duban.yaml.
#include <regex>
#include <set>

#include "config/loaders.hpp"
#include "config/plugin_settings.hpp"

namespace duban::config {

namespace fs = std::filesystem;

namespace {

std::optional<std::chrono::minutes> time_of_day(const std::string& text) {
  static const std::regex kTime("([01][0-9]|2[0-3]):([0-5][0-9])");
  std::smatch m;
  if (!std::regex_match(text, m, kTime)) return std::nullopt;
  return std::chrono::minutes{std::stoi(m[1]) * 60 + std::stoi(m[2])};
}

}  // namespace

fs::path default_plugin_dir() {
  // Beside the executable: build/engine/duban and build/tests/duban_tests both find build/plugins.
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return fs::path("plugins");
  return (exe.parent_path() / ".." / "plugins").lexically_normal();
}

void read_plugins(MapReader& top, const Source& src, const fs::path& base, Config& cfg) {
  fs::path dir = default_plugin_dir();
  if (auto d = top.string("plugin_dir")) dir = base / *d;
  std::set<std::string> names;
  for_each_element(top, "plugins", Need::optional, [&](const YAML::Node& n, const std::string& p) {
    MapReader r(n, p, src);
    if (!r.is_map()) return;
    PluginEntry e;
    auto name = r.string("name", Need::required);
    static const std::regex kName("[a-z][a-z0-9_]{0,39}");
    if (name && !std::regex_match(*name, kName)) {
      src.error(n["name"].Mark(), r.path_of("name"),
                {"插件名只能用小写字母、数字和下划线:" + *name,
                 "a plugin name is lowercase letters, digits and underscores: " + *name});
      name.reset();
    }
    if (name && !names.insert(*name).second) {
      src.error(n["name"].Mark(), r.path_of("name"),
                {"插件重复:" + *name, "plugin listed twice: " + *name});
      name.reset();
    }
    e.required = r.boolean("required").value_or(false);
    auto path = r.string("path");
    auto settings = std::make_shared<PluginSettings>();
    settings->file = src.file;
    settings->text = src.text;
    settings->path = r.path_of("settings");
    if (auto s = r.node("settings"); present(s)) settings->node = s;
    r.finish();
    if (!name) return;
    e.name = *name;
    e.path = path ? base / *path : dir / ("lib" + *name + ".so");
    e.settings = std::move(settings);
    cfg.plugins.push_back(std::move(e));
  });
}

void read_dispatch(MapReader& top, const Source& src, Config& cfg) {
  MapReader d(top.node("dispatch"), "dispatch", src);
  auto& out = cfg.dispatch;
  out.interval_seconds = d.integer("interval_seconds", Need::optional, 1, 3600).value_or(30);
  out.max_attempts = d.integer("max_attempts", Need::optional, 1, 100).value_or(8);
  out.backoff_seconds = d.integer("backoff_seconds", Need::optional, 1, 86400).value_or(60);
  out.max_backoff_seconds =
      d.integer("max_backoff_seconds", Need::optional, 1, 7 * 86400).value_or(21600);
  out.send_timeout_seconds = d.integer("send_timeout_seconds", Need::optional, 1, 600).value_or(30);
  out.max_stuck = d.integer("max_stuck", Need::optional, 1, 100).value_or(3);
  out.lease_seconds =
      d.integer("lease_seconds", Need::optional, out.send_timeout_seconds + 1, 86400).value_or(0);
  if (auto q = d.node("sms_quiet_hours"); q.IsDefined()) {
    if (q.IsNull() || (q.IsScalar() && q.Scalar() == "off")) {
      out.sms_quiet_hours.reset();
    } else {
      MapReader qr(q, d.path_of("sms_quiet_hours"), src);
      auto from = qr.string("from", Need::required);
      auto to = qr.string("to", Need::required);
      qr.finish();
      auto f = from ? time_of_day(*from) : std::nullopt;
      auto t = to ? time_of_day(*to) : std::nullopt;
      if (from && !f) {
        src.error(q["from"].Mark(), qr.path_of("from"),
                  {"时间应写成 HH:MM:" + *from, "a time of day is HH:MM: " + *from});
      }
      if (to && !t) {
        src.error(q["to"].Mark(), qr.path_of("to"),
                  {"时间应写成 HH:MM:" + *to, "a time of day is HH:MM: " + *to});
      }
      if (f && t) out.sms_quiet_hours = std::pair{*f, *t};
    }
  }
  d.finish();
  MapReader t(top.node("tasks"), "tasks", src);
  auto& tasks = cfg.tasks;
  tasks.interval_seconds = t.integer("interval_seconds", Need::optional, 1, 3600).value_or(10);
  tasks.timeout_seconds = t.integer("timeout_seconds", Need::optional, 1, 3600).value_or(30);
  tasks.max_attempts = t.integer("max_attempts", Need::optional, 1, 100).value_or(5);
  tasks.backoff_seconds = t.integer("backoff_seconds", Need::optional, 1, 86400).value_or(30);
  tasks.max_backoff_seconds =
      t.integer("max_backoff_seconds", Need::optional, 1, 7 * 86400).value_or(3600);
  tasks.keep_days = t.integer("keep_days", Need::optional, 1, 3660).value_or(7);
  t.finish();
}

}  // namespace duban::config
