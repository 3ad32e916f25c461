#include "plugin/registry.hpp"

#include <dlfcn.h>

#include <filesystem>

#include "config/diagnostics.hpp"
#include "config/plugin_settings.hpp"
#include "config/yaml_reader.hpp"
#include "domain/errors.hpp"

namespace duban::plugin {

namespace {

// The plugin's settings read through the configuration's own reader: file:line:column errors and
// unknown keys, as for every other section.
class YamlSection final : public Section {
 public:
  YamlSection(const config::PluginSettings& s, config::Diagnostics& diagnostics)
      : source_{s.file, diagnostics, s.text},
        node_(s.node.IsDefined() && !s.node.IsNull() ? s.node : YAML::Node(YAML::NodeType::Map)),
        reader_(node_, s.path, source_) {}
  std::optional<std::string> string(std::string_view key, bool required) override {
    return reader_.string(std::string(key), need(required));
  }
  std::optional<long long> integer(std::string_view key, long long min, long long max,
                                   bool required) override {
    auto v = reader_.integer(std::string(key), need(required), static_cast<int>(min),
                             static_cast<int>(max));
    if (!v) return std::nullopt;
    return *v;
  }
  std::optional<bool> boolean(std::string_view key) override {
    return reader_.boolean(std::string(key));
  }
  std::vector<std::pair<std::string, std::string>> map(std::string_view key) override {
    std::vector<std::pair<std::string, std::string>> out;
    auto n = reader_.node(std::string(key));
    if (!config::present(n)) return out;
    if (!n.IsMap()) {
      source_.error(n.Mark(), reader_.path_of(std::string(key)),
                    {"应为映射(键: 值)", "expected a map (key: value)"});
      return out;
    }
    for (const auto& kv : n) {
      auto k = kv.first.Scalar();
      auto v =
          config::scalar_string(kv.second, reader_.path_of(std::string(key)) + "." + k, source_);
      if (v) out.emplace_back(k, *v);
    }
    return out;
  }
  void error(std::string_view key, std::string_view zh, std::string_view en) override {
    auto k = std::string(key);
    auto mark = k.empty() || !node_[k].IsDefined() ? node_.Mark() : node_[k].Mark();
    source_.error(mark, k.empty() ? reader_.path() : reader_.path_of(k),
                  {std::string(zh), std::string(en)});
  }
  void finish() { reader_.finish(); }

 private:
  static config::Need need(bool required) {
    return required ? config::Need::required : config::Need::optional;
  }
  config::Source source_;
  YAML::Node node_;
  config::MapReader reader_;
};

class EngineHost final : public Host {
 public:
  EngineHost(std::string name, const config::Config& config, const Clock& clock, Registry::Log log,
             const RuleServices& rules)
      : name_(std::move(name)),
        config_(config),
        clock_(clock),
        log_(std::move(log)),
        rules_(rules) {}
  void log(std::string_view line) override { log_("[" + name_ + "] " + std::string(line)); }
  std::int64_t now() override { return clock_.now().time_since_epoch().count(); }
  std::string county() override { return config_.county; }
  std::string zone() override { return config_.zone.str(); }
  std::optional<Ranking> ranking(const std::string& round) override {
    return rules_.ranking ? rules_.ranking(round) : std::nullopt;
  }
  bool recommend(const Recommendation& recommendation) override {
    return rules_.recommend && rules_.recommend(name_, recommendation);
  }

 private:
  std::string name_;
  const config::Config& config_;
  const Clock& clock_;
  Registry::Log log_;
  const RuleServices& rules_;
};

// What a call's thread (a send, an observer) and its caller share: the caller may stop waiting,
// the thread finishes on its own.
struct SendCall {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  SendResult result;
  /// On the call's thread: the result is in.
  void finish(SendResult r) {
    std::lock_guard lock(mutex);
    result = std::move(r);
    done = true;
    done_cv.notify_all();
  }
  /// On the caller's: whether the result came within `timeout`.
  bool wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex);
    return done_cv.wait_for(lock, timeout, [&] { return done; });
  }
};

}  // namespace

struct Registry::Loaded {
  PluginStatus status;
  void* handle = nullptr;
  void (*destroy)(Plugin*) = nullptr;
  std::unique_ptr<EngineHost> host;
  Plugin* plugin = nullptr;
  Channel* channel = nullptr;
  Observer* observer = nullptr;
  std::atomic<int> abandoned{0};  ///< calls still running after their timeout
  /// An observer call is running (possibly abandoned): the next waits until it returned.
  std::shared_ptr<std::atomic<bool>> observing = std::make_shared<std::atomic<bool>>(false);
};

Registry::Registry(const config::Config& config, const Clock& clock, Log log)
    : config_(config), clock_(clock), log_(std::move(log)) {
  std::vector<Text> required_failures;
  for (const auto& entry : config.plugins) load(entry, required_failures);
  if (!required_failures.empty()) {
    std::string zh = "必需的插件无法加载:", en = "required plugins could not be loaded:";
    for (const auto& f : required_failures) {
      zh += "\n  " + f.zh;
      en += "\n  " + f.en;
    }
    throw Error(Errc::plugin_failed, {zh, en});
  }
}

Registry::~Registry() {
  for (auto& p : plugins_) {
    // A plugin with a send still running is left loaded: unloading it would pull its code from
    // under that thread. The process is ending anyway.
    if (p->abandoned.load() > 0) continue;
    if (p->plugin && p->destroy) {
      try {
        p->destroy(p->plugin);
      } catch (...) {
      }
    }
    if (p->handle) dlclose(p->handle);
  }
}

void Registry::load(const config::PluginEntry& entry, std::vector<Text>& required_failures) {
  auto loaded = std::make_unique<Loaded>();
  auto& st = loaded->status;
  st.name = entry.name;
  st.path = entry.path.string();
  st.required = entry.required;
  auto fail = [&](const Text& why) {
    st.problem = why.str();
    auto line = Text{"插件 " + entry.name + "(" + st.path + "):" + why.zh,
                     "plugin " + entry.name + " (" + st.path + "): " + why.en};
    if (entry.required) {
      required_failures.push_back(line);
    } else {
      log_(line.str() + Text{";未加载,继续运行", "; not loaded, running without it"}.str());
    }
    if (loaded->plugin && loaded->destroy) {
      try {
        loaded->destroy(loaded->plugin);
      } catch (...) {
      }
      loaded->plugin = nullptr;
    }
    if (loaded->handle) dlclose(loaded->handle);
    loaded->handle = nullptr;
    std::lock_guard lock(mutex_);
    plugins_.push_back(std::move(loaded));
  };
  std::error_code ec;
  if (!std::filesystem::is_regular_file(entry.path, ec)) {
    return fail({"插件文件不存在", "the plugin file does not exist"});
  }
  loaded->handle = dlopen(entry.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!loaded->handle) {
    std::string why = dlerror();
    return fail({"无法加载:" + why, "cannot be loaded: " + why});
  }
  auto version = reinterpret_cast<int (*)()>(dlsym(loaded->handle, "duban_plugin_api_version"));
  auto create = reinterpret_cast<Plugin* (*)(Host*)>(dlsym(loaded->handle, "duban_plugin_create"));
  loaded->destroy =
      reinterpret_cast<void (*)(Plugin*)>(dlsym(loaded->handle, "duban_plugin_destroy"));
  if (!version || !create || !loaded->destroy) {
    return fail({"不是 duban 插件(缺少 duban_plugin_api_version/create/destroy 入口)",
                 "not a duban plugin (no duban_plugin_api_version/create/destroy entry points)"});
  }
  int v = version();
  if (v != DUBAN_PLUGIN_API_VERSION) {
    auto want = std::to_string(DUBAN_PLUGIN_API_VERSION), got = std::to_string(v);
    return fail({"接口版本不符:插件为 " + got + ",引擎为 " + want,
                 "wrong interface version: the plugin has " + got + ", the engine " + want});
  }
  loaded->host = std::make_unique<EngineHost>(entry.name, config_, clock_, log_, rules_);
  try {
    loaded->plugin = create(loaded->host.get());
  } catch (const std::exception& e) {
    return fail({std::string("创建失败:") + e.what(), std::string("creation failed: ") + e.what()});
  } catch (...) {
    return fail({"创建失败", "creation failed"});
  }
  if (!loaded->plugin) return fail({"创建失败(返回空)", "creation failed (returned null)"});
  config::Diagnostics diagnostics;
  try {
    YamlSection section(*entry.settings, diagnostics);
    loaded->plugin->configure(section);
    section.finish();
  } catch (const std::exception& e) {
    return fail({std::string("读取配置时出错:") + e.what(),
                 std::string("failed reading its settings: ") + e.what()});
  }
  if (!diagnostics.empty()) {
    std::string zh = "配置有误:", en = "invalid settings:";
    for (const auto& d : diagnostics.list()) {
      zh += "\n    " + d.location() + d.message.zh;
      en += "\n    " + d.location() + d.message.en;
    }
    return fail({zh, en});
  }
  loaded->channel = loaded->plugin->channel();
  loaded->observer = loaded->plugin->observer();
  if (loaded->channel) st.kinds.push_back("channel");
  if (loaded->observer) st.kinds.push_back("observer");
  st.loaded = true;
  std::lock_guard lock(mutex_);
  plugins_.push_back(std::move(loaded));
}

std::vector<PluginStatus> Registry::status() const {
  std::lock_guard lock(mutex_);
  std::vector<PluginStatus> out;
  for (const auto& p : plugins_) out.push_back(p->status);
  return out;
}

bool Registry::has_channel(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const auto& p : plugins_)
    if (p->status.name == name && p->channel && !p->status.disabled) return true;
  return false;
}

SendResult Registry::send(const std::string& name, const Message& message,
                          std::chrono::milliseconds timeout) {
  Loaded* target = nullptr;
  {
    std::lock_guard lock(mutex_);
    for (auto& p : plugins_)
      if (p->status.name == name && p->channel && !p->status.disabled) target = p.get();
  }
  if (!target) {
    return SendResult{SendStatus::retry, "channel " + name + " is not available", std::nullopt};
  }
  auto call = std::make_shared<SendCall>();
  Channel* channel = target->channel;
  std::thread([call, channel, message] {
    SendResult r;
    try {
      r = channel->send(message);
    } catch (const std::exception& e) {
      r = SendResult{SendStatus::retry, std::string("the plugin threw: ") + e.what(), std::nullopt};
    } catch (...) {
      r = SendResult{SendStatus::retry, "the plugin threw", std::nullopt};
    }
    call->finish(std::move(r));
  }).detach();
  if (call->wait(timeout)) {
    std::lock_guard g(mutex_);
    target->status.hangs = 0;
    return call->result;
  }
  ++target->abandoned;
  std::lock_guard g(mutex_);
  ++target->status.hangs;
  auto secs = std::to_string(timeout.count() / 1000.0).substr(0, 4);
  if (target->status.hangs >= config_.dispatch.max_stuck && !target->status.disabled) {
    target->status.disabled = true;
    target->status.problem =
        Text{"连续 " + std::to_string(target->status.hangs) + " 次发送超时(" + secs +
                 " 秒),已停用;其消息保留在队列中",
             std::to_string(target->status.hangs) + " sends in a row timed out (" + secs +
                 " s): disabled; its messages stay queued"}
            .str();
    log_(Text{"告警:插件 " + name + " " + target->status.problem,
              "ALERT: plugin " + name + " " + target->status.problem}
             .str());
  }
  return SendResult{SendStatus::retry, "timed out after " + secs + " s", std::nullopt};
}

std::vector<std::string> Registry::observer_names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& p : plugins_)
    if (p->observer) out.push_back(p->status.name);
  return out;
}

std::string Registry::observe(const std::string& name, const std::vector<Change>& changes,
                              std::chrono::milliseconds timeout) {
  Loaded* target = nullptr;
  {
    std::lock_guard lock(mutex_);
    for (auto& p : plugins_)
      if (p->status.name == name && p->observer) target = p.get();
  }
  if (!target) return "not loaded (duban plugin list says why)";
  auto busy = target->observing;
  if (busy->exchange(true)) {
    return "still busy with an earlier call that timed out";
  }
  auto call = std::make_shared<SendCall>();
  Observer* observer = target->observer;
  std::thread([call, observer, changes, busy] {
    SendResult r;
    try {
      observer->on_committed(changes);
    } catch (const std::exception& e) {
      r.detail = std::string("on_committed threw: ") + e.what();
    } catch (...) {
      r.detail = "on_committed threw";
    }
    busy->store(false);
    call->finish(std::move(r));
  }).detach();
  if (call->wait(timeout)) {
    if (!call->result.detail.empty()) log_("plugin " + name + ": " + call->result.detail);
    return call->result.detail;
  }
  ++target->abandoned;
  auto secs = std::to_string(timeout.count() / 1000.0).substr(0, 4);
  log_("plugin " + name + ": on_committed timed out after " + secs + " s");
  return "timed out after " + secs + " s";
}

}  // namespace duban::plugin
