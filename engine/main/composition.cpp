#include "main/composition.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "app/input_dates.hpp"
#include "app/json_views.hpp"
#include "app/queries.hpp"
#include "app/recommendation_cases.hpp"
#include "app/score_cases.hpp"
#include "clock/asio_clock.hpp"
#include "config/config.hpp"
#include "domain/errors.hpp"
#include "plugin/registry.hpp"
#include "schedule/dispatcher.hpp"
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

// The database the configuration names; DUBAN_DATABASE_URL (a PostgreSQL URI) overrides it, so
// one configuration serves every node and the test suite can run on either backend.
store::DatabaseOptions database_options(const config::Config& cfg) {
  store::DatabaseOptions options;
  options.sqlite_path = cfg.database.path;
  options.pool_size = cfg.database.pool_size;
  options.postgresql = cfg.database.url;
  bool pg = cfg.database.backend == "postgresql";
  if (const char* url = std::getenv("DUBAN_DATABASE_URL"); url && *url) {
    options.postgresql = url;
    pg = true;
  }
  if (pg) {
    options.backend = store::Backend::postgresql;
    if (const char* password = std::getenv(cfg.database.password_env.c_str())) {
      options.password = password;
    }
  }
  return options;
}

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
  owned->store = store::open_store(database_options(owned->config), owned->config.zone);
  owned->services = std::make_unique<app::Services>(
      app::Services{*owned->store, owned->config, *owned->clock, owned->post_commit});
  // Units and users are written only when the configuration changed since they were last synced.
  app::sync_if_changed(*owned->services);
  // The aliasing constructor: callers hold Services, the control block owns the rest.
  return std::shared_ptr<app::Services>(owned, owned->services.get());
}

namespace {

// What a rule plugin sees of a committed change: the journal entry and the effects by name.
std::vector<plugin::Change> plugin_changes(const std::vector<app::Committed>& committed) {
  static const char* item_effects[] = {
      "assignment_set", "rectification_reported", "rework_counted",    "due_changed",
      "acknowledged",   "extension_requested",    "extension_settled", "suspended",
      "resumed",        "progress_reported"};
  static const char* step_effects[] = {
      "step_opened",         "step_completed",   "completion_overridden",
      "completion_cleared",  "report_approved",  "approval_cleared",
      "submission_received", "problem_recorded", "problems_become_items"};
  static_assert(std::variant_size_v<ItemEffect> == std::size(item_effects));
  static_assert(std::variant_size_v<StepEffect> == std::size(step_effects));
  std::vector<plugin::Change> out;
  for (const auto& c : committed) {
    plugin::Change p;
    p.seq = c.entry.seq;
    p.at = format_utc(c.entry.at);
    p.actor = c.entry.actor;
    p.subject = c.entry.subject;
    p.event = c.entry.event;
    p.state_before = c.entry.state_before;
    p.state_after = c.entry.state_after;
    nlohmann::json changes = nlohmann::json::object();
    for (const auto& [k, v] : c.entry.changes) changes[k] = {v.first, v.second};
    p.changes_json = app::dump_json(changes);
    for (const auto& e : c.item_effects) p.effects.push_back(item_effects[e.index()]);
    for (const auto& e : c.step_effects) p.effects.push_back(step_effects[e.index()]);
    out.push_back(std::move(p));
  }
  return out;
}

plugin::RankedUnit plugin_unit(const RankedUnit& u, const KindRanking& k, const std::string& kind,
                               const std::map<std::string, double>& facts,
                               const std::map<std::string, double>& previous_facts) {
  plugin::RankedUnit p;
  p.unit = u.unit;
  p.name = u.name;
  p.kind = kind;
  p.rank = u.rank;
  p.ranked = k.ranked;
  p.total = u.total;
  p.grade = u.grade;
  p.vetoed = u.vetoed();
  p.last = u.last;
  p.last_streak = u.last_streak;
  p.previous_rank = u.previous_rank.value_or(0);
  p.facts.assign(facts.begin(), facts.end());
  p.previous_facts.assign(previous_facts.begin(), previous_facts.end());
  return p;
}

// What a rule plugin's Host reads and files through: the published ranking with each unit's
// facts, and the use case that files a recommendation.
plugin::RuleServices rule_services(app::Services& services,
                                   std::function<void(const std::string&)> log) {
  plugin::RuleServices rules;
  rules.ranking = [&services](const std::string& round) -> std::optional<plugin::Ranking> {
    auto published = app::published_ranking(services, round);
    if (!published) return std::nullopt;
    auto facts = app::round_facts(services, published->round);
    auto id = *RoundId::parse(published->round);
    std::map<std::string, std::map<std::string, double>> previous;
    if (RoundId before{id.year - 1, id.kind}; app::round_exists(services, before.str())) {
      previous = app::round_facts(services, before.str());
    }
    plugin::Ranking out;
    out.round = published->round;
    out.previous_round = published->previous_round;
    for (const auto& k : published->kinds) {
      for (const auto& u : k.units) {
        out.units.push_back(
            plugin_unit(u, k, std::string(to_string(k.kind)), facts[u.unit], previous[u.unit]));
      }
    }
    return out;
  };
  rules.recommend = [&services, log](const std::string& name, const plugin::Recommendation& r) {
    Recommendation x;
    x.round = r.round;
    x.unit = r.unit;
    x.plugin = name;
    x.rule = r.rule;
    x.action = r.action;
    x.text_zh = r.text_zh;
    x.text_en = r.text_en;
    x.inputs = r.inputs_json.empty() ? "{}" : r.inputs_json;
    nlohmann::json follow = nlohmann::json::object();
    if (!r.item_title.empty()) {
      follow["item"] = {{"title", r.item_title}, {"due_days", r.item_due_days}};
    }
    if (!r.bonus_item.empty()) {
      char points[32];
      std::snprintf(points, sizeof points, "%.2f", r.bonus_points);
      follow["score"] = {{"indicator", r.bonus_item}, {"value", std::string(points)}};
    }
    x.follow_up = app::dump_json(follow);
    try {
      app::file_recommendation(services, x);
      return true;
    } catch (const std::exception& e) {
      log("[" + name + "] " + Text{"建议未能记录:", "recommendation not filed: "}.str() + e.what());
      return false;
    }
  };
  return rules;
}

}  // namespace

std::shared_ptr<plugin::Registry> observing_plugins(app::Services& services, const Clock& clock,
                                                    std::function<void(const std::string&)> log) {
  auto registry = std::make_shared<plugin::Registry>(services.config, clock, log);
  registry->set_rule_services(rule_services(services, log));
  std::weak_ptr<plugin::Registry> weak = registry;
  services.post_commit.add([weak](const std::vector<app::Committed>& committed) {
    if (auto r = weak.lock()) r->observe(plugin_changes(committed));
  });
  return registry;
}

int serve(app::Services& services, const std::string& listen, std::ostream& out) {
  auto server_cfg = services.config.server;
  if (!listen.empty() && !config::parse_listen(listen, server_cfg)) {
    throw Error(Errc::invalid_argument,
                {"--listen 格式应为 主机:端口:" + listen, "--listen must be HOST:PORT: " + listen});
  }
  const auto& cfg = services.config;
  boost::asio::io_context io;
  std::mutex log_mutex;
  auto log = [&out, &log_mutex](const std::string& line) {
    std::lock_guard lock(log_mutex);
    out << line << std::endl;
  };
  // The server's own clock: timers on its io_context; DUBAN_NOW (where allowed) shifts its start.
  AsioClock clock(io, pinned_now(cfg));
  app::Services served{services.store, cfg, clock, services.post_commit};
  // Reminders and their delivery run on a thread of their own, with a clock of their own: a sweep
  // over a million items or a slow mail server never holds up an HTTP request.
  boost::asio::io_context background;
  auto keep_running = boost::asio::make_work_guard(background);
  AsioClock background_clock(background, pinned_now(cfg));
  for (const auto& w : config::calendar_warnings(cfg, local_date(clock.now(), cfg.zone))) {
    log(Text{"警告:", "warning: "}.str() + w.str());
  }
  // A required plugin missing: no start.
  auto registry = observing_plugins(services, background_clock, log);
  auto& plugins = *registry;
  schedule::Dispatcher dispatcher(services.store, cfg, background_clock, plugins, log);
  auto dispatch = [&] {
    try {
      auto r = dispatcher.run_once();
      if (r.messages > 0 || r.held > 0) {
        log(Text{"发送:消息 " + std::to_string(r.messages) + " 条,成功 " + std::to_string(r.sent) +
                     ",待重试 " + std::to_string(r.retrying) + ",失败 " + std::to_string(r.dead) +
                     ",暂缓 " + std::to_string(r.held),
                 "dispatch: " + std::to_string(r.messages) + " messages, " +
                     std::to_string(r.sent) + " sent, " + std::to_string(r.retrying) +
                     " retrying, " + std::to_string(r.dead) + " dead, " + std::to_string(r.held) +
                     " held"}
                .str());
      }
    } catch (const std::exception& e) {
      log(std::string("dispatch failed: ") + e.what());
    }
  };
  schedule::Scheduler scheduler(services.store, background_clock,
                                std::chrono::seconds(cfg.scheduler_interval_seconds), log);
  scheduler.enable_reminders(cfg, dispatch);
  background_clock.every(std::chrono::seconds(cfg.dispatch.interval_seconds), dispatch);
  api::ServerLimits limits;
  limits.max_connections = server_cfg.max_connections;
  limits.upload_bytes = static_cast<std::size_t>(server_cfg.upload_limit_mb) << 20;
  limits.is_upload = api::is_evidence_upload;
  api::ApiOptions options;
  options.requests_per_second = server_cfg.requests_per_second;
  options.burst = server_cfg.burst;
  options.login_failures = server_cfg.login_failures;
  options.login_window = std::chrono::minutes(server_cfg.login_window_minutes);
  options.login_token_days = server_cfg.token_days;
  options.upload_bytes = limits.upload_bytes;
  options.page_cache_bytes = static_cast<std::size_t>(server_cfg.page_cache_mb) << 20;
  options.trusted_proxies = server_cfg.trusted_proxies;
  // The dashboard: server.web_dir, or the assets the build wrote (web/dist).
  auto web = std::make_shared<api::WebAssets>(api::WebAssets::load(
      server_cfg.web_dir.empty() ? std::filesystem::path(DUBAN_WEB_DIR) : server_cfg.web_dir));
  if (!web->ready()) {
    log(Text{"提示:仪表盘网页未构建(" + web->dir().string() +
                 " 中没有 index.html),/ui/ 将说明如何构建;API 不受影响",
             "note: the dashboard was not built (no index.html in " + web->dir().string() +
                 "); /ui/ says how to build it; the API is not affected"}
            .str());
  }
  options.web = web;
  api::HttpServer server(io, server_cfg.host, server_cfg.port,
                         api::routes({served, [&scheduler] { return scheduler.last(); }, options}),
                         limits, log);
  // SIGTERM (or Ctrl-C): no new connection; the requests in flight finish, then the process
  // ends (at the latest after 30 s).
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  boost::asio::steady_timer deadline(io);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    log(Text{"收到停止信号,处理完进行中的请求后退出", "stopping: finishing the requests in flight"}
            .str());
    deadline.expires_after(std::chrono::seconds(30));
    deadline.async_wait([&io](const boost::system::error_code& e) {
      if (!e) io.stop();
    });
    server.stop([&io] { io.stop(); });
  });
  scheduler.count_now();
  server.start();
  boost::asio::post(background, [&] {
    scheduler.start();
    dispatch();
  });
  std::thread background_thread([&] { background.run(); });
  auto url = "http://" + server_cfg.host + ":" + std::to_string(server.port());
  out << Text{"duban 服务已启动(" + services.config.county + "):" + url + "/  仪表盘:" + url +
                  "/ui/  健康检查:" + url + "/healthz",
              "duban is serving (" + services.config.county + "): " + url + "/  dashboard: " + url +
                  "/ui/  health: " + url + "/healthz"}
             .str()
      << std::endl;
  std::vector<std::thread> pool;
  for (int i = 1; i < server_cfg.threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  keep_running.reset();
  background.stop();
  background_thread.join();
  scheduler.stop();
  plugins.drain();
  return 0;
}

cli::Hooks hooks() {
  auto observe = [](app::Services& services, std::ostream& out) -> std::shared_ptr<void> {
    auto log_mutex = std::make_shared<std::mutex>();
    auto registry =
        observing_plugins(services, services.clock, [&out, log_mutex](const std::string& line) {
          std::lock_guard lock(*log_mutex);
          out << line << std::endl;
        });
    // Released: wait until the observers have seen every commit of this process.
    return std::shared_ptr<void>(registry.get(), [registry](void*) { registry->drain(); });
  };
  return cli::Hooks{open_services, serve, observe};
}

}  // namespace duban::main
