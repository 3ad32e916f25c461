#pragma once
// Loading the configured plugins and calling their hooks safely. The engine never names a
// concrete plugin: it asks the registry for "the channel called email".
//
// Loading: each entry of `plugins:` is opened (dlopen), its interface version checked, created,
// and handed its settings section. A plugin that is missing, fails to load, has the wrong version
// or an invalid section is reported by name, path and reason: a required one stops the start
// (Error plugin_failed, listing all of them), any other is left out and the log says so.
//
// Calling: send() runs the channel's send on a thread of its own and waits up to the timeout; a
// throw is a `retry` result, a hang is abandoned (its thread left to finish, the library never
// unloaded under it) and counted; `max_stuck` hangs in a row disable the plugin with an alert.
// Observers are called the same way, one call at a time per observer: a call still running after
// its timeout is abandoned and the observer is not called again until it has returned.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "clock/clock.hpp"
#include "config/config.hpp"
#include "plugin/duban_plugin.hpp"

namespace duban::plugin {

/// What `duban plugin list` shows of one configured plugin.
struct PluginStatus {
  std::string name;
  std::string path;
  bool required = false;
  bool loaded = false;
  bool disabled = false;           ///< loaded, then switched off after hanging repeatedly
  std::vector<std::string> kinds;  ///< channel, observer
  std::string problem;  ///< why it is not loaded or was disabled (in the current language)
  int hangs = 0;        ///< sends timed out in a row
};

/// What the rule plugins' Host offers beyond the basics, wired by the composition root to the
/// engine's use cases (the registry itself knows none).
struct RuleServices {
  std::function<std::optional<Ranking>(const std::string& round)> ranking;
  /// (plugin name, recommendation) → filed
  std::function<bool(const std::string&, const Recommendation&)> recommend;
};

class Registry {
 public:
  using Log = std::function<void(const std::string&)>;
  /// Loads every plugin of `config.plugins`. Throws Error(plugin_failed) when a required one
  /// cannot be loaded (after trying them all, listing every failure).
  Registry(const config::Config& config, const Clock& clock, Log log);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// Call before the first observe(): what a rule plugin's Host reads and files through.
  void set_rule_services(RuleServices services) { rules_ = std::move(services); }

  std::vector<PluginStatus> status() const;
  /// Whether a loaded, enabled plugin offers the channel `name`.
  bool has_channel(const std::string& name) const;
  /// Sends through channel `name`; never throws, never blocks longer than `timeout`.
  SendResult send(const std::string& name, const Message& message,
                  std::chrono::milliseconds timeout);
  /// The loaded plugins that observe commits, by name.
  std::vector<std::string> observer_names() const;
  /// Passes committed changes to observer `name` on a thread of its own, waiting up to `timeout`.
  /// Never throws: "" when it returned, otherwise why not (it threw, timed out, is still busy
  /// with an earlier call that timed out, or is not loaded).
  std::string observe(const std::string& name, const std::vector<Change>& changes,
                      std::chrono::milliseconds timeout);

 private:
  struct Loaded;
  void load(const config::PluginEntry& entry, std::vector<Text>& required_failures);
  const config::Config& config_;
  const Clock& clock_;
  Log log_;
  RuleServices rules_;
  std::vector<std::unique_ptr<Loaded>> plugins_;
  mutable std::mutex mutex_;
};

}  // namespace duban::plugin
