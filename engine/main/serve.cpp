// `duban serve`: the HTTP server, and for each county it serves, that county's reminders (the
// scheduler and the dispatcher), its observer tasks and its routes. The counties named under
// `counties:` in duban.yaml share the server and the database with the county of duban.yaml
// itself; a request goes to its county by its token (or, to log in, by the county it names:
// api/county_router.hpp).
#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "api/county_router.hpp"
#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "clock/asio_clock.hpp"
#include "config/config.hpp"
#include "config/counties.hpp"
#include "domain/errors.hpp"
#include "main/composition.hpp"
#include "schedule/dispatcher.hpp"
#include "schedule/scheduler.hpp"
#include "schedule/task_runner.hpp"
#include "survey/day_list_queue.hpp"

namespace duban::main {

namespace {

using Log = std::function<void(const std::string&)>;

// The threads the counties' work runs on: HTTP requests; reminders and their delivery (a sweep
// over a million items or a slow mail server never holds up a request); observer tasks (a hung
// rule plugin holds up no reminder). A server of several counties has one background loop per
// core (at most one per county), each county's sweeps and deliveries on one of them, so that a
// 09:00 burst in many counties uses every core while each county's own work stays in order on
// one thread, as with one county.
struct Loops {
  boost::asio::io_context io, tasks;
  std::vector<std::unique_ptr<boost::asio::io_context>> background;
  explicit Loops(std::size_t counties) {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t n = std::max<std::size_t>(1, std::min(counties, cores));
    for (std::size_t i = 0; i < n; ++i) {
      background.push_back(std::make_unique<boost::asio::io_context>());
    }
  }
  boost::asio::io_context& background_of(std::size_t county) {
    return *background[county % background.size()];
  }
};

// One county's part of the server.
class CountyServer {
 public:
  CountyServer(app::Services& services, Loops& loops, boost::asio::io_context& background,
               const api::ApiOptions& options, Log log)
      : services_(services),
        background_(background),
        log_(std::move(log)),
        clock_(loops.io, pinned_now(services.config), clock_offset(services.config)),
        served_{services.store, services.config, clock_, services.post_commit},
        background_clock_(background, pinned_now(services.config), clock_offset(services.config)),
        task_clock_(loops.tasks, pinned_now(services.config), clock_offset(services.config)),
        // A required plugin missing: no start.
        registry_(observing_plugins(services, background_clock_, log_)),
        dispatcher_(services.store, services.config, background_clock_, *registry_, log_),
        tasks_(services.store, services.config, task_clock_, *registry_,
               [&services](const std::string& m) { services.post_commit.report(m); }),
        scheduler_(services.store, background_clock_,
                   std::chrono::seconds(services.config.scheduler_interval_seconds), log_) {
    const auto& cfg = services.config;
    for (const auto& w : config::calendar_warnings(cfg, local_date(clock_.now(), cfg.zone))) {
      log_(Text{"警告:", "warning: "}.str() + w.str());
    }
    // Each commit that wrote a task wakes the task thread; tasks other processes left are looked
    // for periodically.
    run_tasks_ = std::make_shared<std::function<void()>>([this] { run_tasks(); });
    auto woken = tasks_woken_;
    auto run = run_tasks_;
    auto& task_io = loops.tasks;
    services.post_commit.on_task_written([&task_io, run, woken] {
      if (!woken->exchange(true)) boost::asio::post(task_io, *run);
    });
    task_clock_.every(std::chrono::seconds(cfg.tasks.interval_seconds), *run_tasks_);
    scheduler_.enable_reminders(cfg, [this] { dispatch(); });
    scheduler_.add_queuer(survey::queue_day_lists);  // the 20:00 list of a day of field work
    background_clock_.every(std::chrono::seconds(cfg.dispatch.interval_seconds),
                            [this] { dispatch(); });
    handler_ = api::routes({served_, [this] { return scheduler_.last(); }, options});
  }
  ~CountyServer() { services_.post_commit.on_task_written(nullptr); }

  void start(Loops& loops) {
    scheduler_.count_now();
    boost::asio::post(background_, [this] {
      scheduler_.start();
      dispatch();
    });
    boost::asio::post(loops.tasks, *run_tasks_);
  }
  void stop() { scheduler_.stop(); }
  const api::Handler& handler() const { return handler_; }
  app::Services& served() { return served_; }

 private:
  void dispatch() {
    try {
      auto r = dispatcher_.run_once();
      if (r.messages > 0 || r.held > 0) {
        log_(Text{"发送:消息 " + std::to_string(r.messages) + " 条,成功 " + std::to_string(r.sent) +
                      ",待重试 " + std::to_string(r.retrying) + ",失败 " + std::to_string(r.dead) +
                      ",暂缓 " + std::to_string(r.held),
                  "dispatch: " + std::to_string(r.messages) + " messages, " +
                      std::to_string(r.sent) + " sent, " + std::to_string(r.retrying) +
                      " retrying, " + std::to_string(r.dead) + " dead, " + std::to_string(r.held) +
                      " held"}
                 .str());
      }
    } catch (const std::exception& e) {
      log_(std::string("dispatch failed: ") + e.what());
    }
  }
  void run_tasks() {
    tasks_woken_->store(false);
    try {
      auto r = tasks_.run_once();
      if (r.retrying > 0 || r.dead > 0) {
        log_(Text{"后续处理任务:" + std::to_string(r.tasks) + " 个,完成 " + std::to_string(r.done) +
                      ",待重试 " + std::to_string(r.retrying) + ",失败 " + std::to_string(r.dead),
                  "observer tasks: " + std::to_string(r.tasks) + " run, " + std::to_string(r.done) +
                      " done, " + std::to_string(r.retrying) + " retrying, " +
                      std::to_string(r.dead) + " dead"}
                 .str());
      }
    } catch (const std::exception& e) {
      log_(std::string("observer tasks failed: ") + e.what());
    }
  }

  app::Services& services_;
  boost::asio::io_context& background_;  ///< this county's sweeps and deliveries
  Log log_;
  AsioClock clock_;  ///< the server's own: timers on its io_context
  app::Services served_;
  AsioClock background_clock_, task_clock_;
  std::shared_ptr<plugin::Registry> registry_;
  schedule::Dispatcher dispatcher_;
  schedule::TaskRunner tasks_;
  schedule::Scheduler scheduler_;
  std::shared_ptr<std::function<void()>> run_tasks_;
  std::shared_ptr<std::atomic<bool>> tasks_woken_ = std::make_shared<std::atomic<bool>>(false);
  api::Handler handler_;
};

// The other counties' services: each configuration on the database and server of the first, its
// units of work on the first's connections.
std::vector<std::shared_ptr<app::Services>> other_counties(const config::Config& first,
                                                           store::Store& first_store) {
  std::vector<std::shared_ptr<app::Services>> out;
  for (auto& cfg : config::load_counties(first)) {
    out.push_back(services_for(std::move(cfg), &first_store));
  }
  return out;
}

}  // namespace

int serve(app::Services& services, const std::string& listen, std::ostream& out) {
  auto server_cfg = services.config.server;
  if (!listen.empty() && !config::parse_listen(listen, server_cfg)) {
    throw Error(Errc::invalid_argument,
                {"--listen 格式应为 主机:端口:" + listen, "--listen must be HOST:PORT: " + listen});
  }
  const auto& cfg = services.config;
  auto others = other_counties(cfg, services.store);
  Loops loops(1 + others.size());
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      keep_background;
  for (auto& b : loops.background) keep_background.push_back(boost::asio::make_work_guard(*b));
  auto keep_tasks = boost::asio::make_work_guard(loops.tasks);
  std::mutex log_mutex;
  auto log_to = [&out, &log_mutex](std::string prefix) {
    return [&out, &log_mutex, prefix](const std::string& line) {
      std::lock_guard lock(log_mutex);
      out << prefix << line << std::endl;
    };
  };
  auto log = log_to("");
  api::ServerLimits limits;
  limits.max_connections = server_cfg.max_connections;
  limits.upload_bytes = static_cast<std::size_t>(server_cfg.upload_limit_mb) << 20;
  limits.is_upload = [](std::string_view target) {
    return api::is_evidence_upload(target) || api::is_survey_photo_upload(target);
  };
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
  // Each county's part; with several, each log line names its county.
  std::vector<std::unique_ptr<CountyServer>> counties;
  const bool several = !others.empty();
  counties.push_back(
      std::make_unique<CountyServer>(services, loops, loops.background_of(0), options,
                                     several ? log_to("[" + cfg.county_code + "] ") : log));
  for (auto& other : others) {
    counties.push_back(
        std::make_unique<CountyServer>(*other, loops, loops.background_of(counties.size()), options,
                                       log_to("[" + other->config.county_code + "] ")));
  }
  std::vector<api::CountyRoute> routes;
  for (auto& c : counties) {
    routes.push_back({&c->served(), c->handler(), c->served().config.province});
  }
  api::HttpServer server(loops.io, server_cfg.host, server_cfg.port,
                         several ? api::county_router(std::move(routes)) : counties[0]->handler(),
                         limits, log);
  // SIGTERM (or Ctrl-C): no new connection; the requests in flight finish, then the process
  // ends (at the latest after 30 s).
  boost::asio::signal_set signals(loops.io, SIGINT, SIGTERM);
  boost::asio::steady_timer deadline(loops.io);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    log(Text{"收到停止信号,处理完进行中的请求后退出", "stopping: finishing the requests in flight"}
            .str());
    deadline.expires_after(std::chrono::seconds(30));
    deadline.async_wait([&loops](const boost::system::error_code& e) {
      if (!e) loops.io.stop();
    });
    server.stop([&loops] { loops.io.stop(); });
  });
  for (auto& c : counties) c->start(loops);
  server.start();
  std::vector<std::thread> background_threads;
  for (auto& b : loops.background) background_threads.emplace_back([&b] { b->run(); });
  std::thread task_thread([&] { loops.tasks.run(); });
  auto url = "http://" + server_cfg.host + ":" + std::to_string(server.port());
  std::string names = cfg.county;
  for (const auto& o : others) names += "、" + o->config.county;
  out << Text{"duban 服务已启动(" + names + "):" + url + "/  仪表盘:" + url +
                  "/ui/  健康检查:" + url + "/healthz",
              "duban is serving (" + names + "): " + url + "/  dashboard: " + url +
                  "/ui/  health: " + url + "/healthz"}
             .str()
      << std::endl;
  std::vector<std::thread> pool;
  for (int i = 1; i < server_cfg.threads; ++i) pool.emplace_back([&loops] { loops.io.run(); });
  loops.io.run();
  for (auto& t : pool) t.join();
  for (auto& k : keep_background) k.reset();
  for (auto& b : loops.background) b->stop();
  for (auto& t : background_threads) t.join();
  for (auto& c : counties) c->stop();
  keep_tasks.reset();
  loops.tasks.stop();
  task_thread.join();
  return 0;
}

}  // namespace duban::main
