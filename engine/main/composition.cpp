#include "main/composition.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdlib>
#include <iostream>

#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "app/input_dates.hpp"
#include "app/queries.hpp"
#include "clock/asio_clock.hpp"
#include "config/config.hpp"
#include "domain/errors.hpp"
#include "schedule/scheduler.hpp"
#include "store/soci_store.hpp"

namespace duban::main {

namespace {

// Everything behind one Services, kept alive together.
struct Owned {
  config::Config config;
  std::unique_ptr<Clock> clock;
  std::unique_ptr<store::Store> store;
  app::PostCommit post_commit;
  std::unique_ptr<app::Services> services;
};

}  // namespace

std::optional<Instant> pinned_now(const config::Config& cfg) {
  const char* pinned = std::getenv("DUBAN_NOW");
  if (!pinned || !*pinned) return std::nullopt;
  std::string text = pinned;
  if (!cfg.allow_pinned_clock) {
    throw Error(
        Errc::invalid_argument,
        {"配置不允许用 DUBAN_NOW 固定时间(" + cfg.file.string() +
             " 中 clock.allow_pinned 未开启):日志的时间不能由命令行指定",
         "DUBAN_NOW is not allowed by the configuration (clock.allow_pinned is off in " +
             cfg.file.string() + "): the journal's time cannot be set from the command line"});
  }
  auto at = text.back() == 'Z' ? parse_utc(text) : parse_local_time(text, cfg.zone);
  if (!at) {
    throw Error(Errc::invalid_argument,
                {"DUBAN_NOW 格式应为 YYYY-MM-DDTHH:MM[:SS](本地时间)或 …Z(UTC):" + text,
                 "DUBAN_NOW must be YYYY-MM-DDTHH:MM[:SS] (local) or ...Z (UTC): " + text});
  }
  app::require_plausible({"DUBAN_NOW", "DUBAN_NOW"}, local_date(*at, cfg.zone),
                         cfg.plausible_years);
  return at;
}

namespace {

std::unique_ptr<Clock> make_clock(const config::Config& cfg) {
  if (auto at = pinned_now(cfg)) return std::make_unique<ManualClock>(*at);
  return std::make_unique<SystemClock>();
}

}  // namespace

std::shared_ptr<app::Services> open_services(const std::string& config_path) {
  auto owned = std::make_shared<Owned>();
  owned->config = config::load_config(config_path);
  if (!lang_is_explicit()) set_current_lang(owned->config.lang, false);
  owned->clock = make_clock(owned->config);
  store::DatabaseOptions options;
  options.sqlite_path = owned->config.database.path;
  options.pool_size = owned->config.database.pool_size;
  owned->store = store::open_store(options, owned->config.zone);
  owned->services = std::make_unique<app::Services>(
      app::Services{*owned->store, owned->config, *owned->clock, owned->post_commit});
  // Units and users are written only when the configuration changed since they were last synced.
  app::sync_if_changed(*owned->services);
  // The aliasing constructor: callers hold Services, the control block owns the rest.
  return std::shared_ptr<app::Services>(owned, owned->services.get());
}

int serve(app::Services& services, const std::string& listen, std::ostream& out) {
  auto server_cfg = services.config.server;
  if (!listen.empty() && !config::parse_listen(listen, server_cfg)) {
    throw Error(Errc::invalid_argument,
                {"--listen 格式应为 主机:端口:" + listen, "--listen must be HOST:PORT: " + listen});
  }
  boost::asio::io_context io;
  auto log = [&out](const std::string& line) { out << line << std::endl; };
  // The server's own clock: timers on its io_context; DUBAN_NOW (where allowed) shifts its start.
  AsioClock clock(io, pinned_now(services.config));
  app::Services served{services.store, services.config, clock, services.post_commit};
  schedule::Scheduler scheduler(
      services.store, clock, std::chrono::seconds(services.config.scheduler_interval_seconds), log);
  api::HttpServer server(io, server_cfg.host, server_cfg.port,
                         api::routes({served, [&scheduler] { return scheduler.last(); }}),
                         server_cfg.max_connections, log);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    log(Text{"收到停止信号,服务退出", "stopping"}.str());
    io.stop();
  });
  server.start();
  scheduler.start();
  auto url = "http://" + server_cfg.host + ":" + std::to_string(server.port());
  out << Text{"duban 服务已启动(" + services.config.county + "):" + url + "/  健康检查:" + url +
                  "/healthz",
              "duban is serving (" + services.config.county + "): " + url + "/  health: " + url +
                  "/healthz"}
             .str()
      << std::endl;
  io.run();
  return 0;
}

cli::Hooks hooks() { return cli::Hooks{open_services, serve}; }

}  // namespace duban::main
