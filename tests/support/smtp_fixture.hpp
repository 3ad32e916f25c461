#pragma once
// The engine with the real e-mail plugin and a real SMTP server (aiosmtpd) on loopback.
#include <nlohmann/json.hpp>

#include "app/item_cases.hpp"
#include "config/loaders.hpp"
#include "config/plugin_settings.hpp"
#include "plugin/registry.hpp"
#include "schedule/dispatcher.hpp"
#include "schedule/reminder_queue.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {

class SmtpSink {
 public:
  /// Starts the sink storing into `folder`; port 0 picks a free one.
  SmtpSink(const std::filesystem::path& folder, int port = 0, const std::string& extra = "") {
    std::filesystem::create_directories(folder);
    process_ = std::make_unique<ChildProcess>(
        "exec /usr/bin/python3 " + (source_dir() / "tests/support/smtp_sink.py").string() + " " +
        folder.string() + " --port " + std::to_string(port) + " " + extra);
    auto line = process_->wait_for_line("listening ", 20000);
    if (line.empty()) throw std::runtime_error("smtp sink did not start: " + process_->output());
    port_ = std::stoi(line.substr(line.find("listening ") + 10));
  }
  int port() const { return port_; }
  void stop() { process_->terminate(); }

 private:
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

/// A real HTTP peer (tests/support/http_sink.py) that records requests and fails on demand.
class HttpSink {
 public:
  HttpSink(const std::filesystem::path& file, const std::string& extra = "") : file_(file) {
    process_ = std::make_unique<ChildProcess>(
        "exec /usr/bin/python3 " + (source_dir() / "tests/support/http_sink.py").string() + " " +
        file.string() + " " + extra);
    auto line = process_->wait_for_line("listening ", 20000);
    if (line.empty()) throw std::runtime_error("http sink did not start: " + process_->output());
    port_ = std::stoi(line.substr(line.find("listening ") + 10));
  }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  /// The requests received so far, oldest first.
  std::vector<nlohmann::json> requests() const {
    std::vector<nlohmann::json> out;
    if (!std::filesystem::exists(file_)) return out;
    auto text = read_file(file_);
    std::size_t at = 0;
    while (at < text.size()) {
      auto end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      if (end > at) out.push_back(nlohmann::json::parse(text.substr(at, end - at)));
      at = end + 1;
    }
    return out;
  }

 private:
  std::filesystem::path file_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

/// The messages in a sink's folder, decoded by Python's e-mail package.
inline std::vector<nlohmann::json> received(const std::filesystem::path& folder) {
  auto r =
      run_command("/usr/bin/python3 " + (source_dir() / "tests/support/read_mail.py").string() +
                  " " + folder.string());
  std::vector<nlohmann::json> out;
  std::size_t at = 0;
  while (at < r.out.size()) {
    auto end = r.out.find('\n', at);
    if (end == std::string::npos) end = r.out.size();
    auto line = r.out.substr(at, end - at);
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    at = end + 1;
  }
  return out;
}

class EmailEngine : public Engine {
 protected:
  void SetUp() override {
    Engine::SetUp();
    clock_.set(*parse_local_time("2026-09-01T08:00", config_.zone));
    config_.dispatch.sms_quiet_hours.reset();
  }
  /// Loads the e-mail plugin pointed at `port`.
  void use_email(int port) { use_plugins({{"email", email_settings(port)}}); }
  static std::string email_settings(int port) {
    return "{host: 127.0.0.1, port: " + std::to_string(port) +
           ", from: duban@demo-county.example, from_name: 示范县督办系统, timeout_seconds: 5}";
  }
  /// Loads plugins by name with their settings (YAML flow text).
  void use_plugins(const std::vector<std::pair<std::string, std::string>>& plugins) {
    config_.plugins.clear();
    for (const auto& [name, yaml] : plugins) {
      auto settings = std::make_shared<config::PluginSettings>();
      settings->file = "test";
      settings->path = "plugins." + name + ".settings";
      settings->node = YAML::Load(yaml);
      config::PluginEntry e;
      e.name = name;
      e.path = config::default_plugin_dir() / ("lib" + name + ".so");
      e.settings = settings;
      config_.plugins.push_back(e);
    }
    registry_.reset();
    registry_ = std::make_unique<plugin::Registry>(config_, clock_, [this](const std::string& l) {
      std::lock_guard lock(log_mutex_);
      log_.push_back(l);
    });
    dispatcher_ = std::make_unique<schedule::Dispatcher>(*store_, config_, clock_, *registry_,
                                                         [](const std::string&) {});
  }
  std::int64_t assigned_item(const std::string& title, const std::string& due,
                             const std::string& unit = "longtan") {
    auto item = app::add_item(services(), {"office", "", "国家", "", title, "", unit});
    app::change_item(
        services(),
        {"office", item.id, ItemEventKind::assign, "", "", "赵某七", "核查", due, "", {}});
    // The unit acknowledges it (签收; its user has the unit's id): the ladder alone runs.
    app::change_item(services(), {.actor = unit, .id = item.id, .event = ItemEventKind::ack});
    return item.id;
  }
  std::vector<std::pair<QueuedReminder, Delivery>> deliveries(
      std::optional<DeliveryStatus> status = std::nullopt) {
    auto uow = store_->begin(store::Intent::read);
    store::OutboxFilter f;
    f.status = status;
    f.limit = 100000;
    auto rows = uow->outbox().list(f);
    uow->commit();
    return rows;
  }
  std::int64_t queue_now() {
    return schedule::queue_due_reminders(*store_, config_, clock_.now()).reminders;
  }
  std::unique_ptr<plugin::Registry> registry_;
  std::unique_ptr<schedule::Dispatcher> dispatcher_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

}  // namespace duban::testing
