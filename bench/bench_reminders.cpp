// duban_bench_reminders: reminders at county scale. Prints figures; the targets are in the README.
//
//   ./build/bench/duban_bench_reminders [--items N] [--dir DIR] [--messages N] [--serve] [--keep]
//
// 1. N open items with due dates spread over 120 days around a Monday, armed as the engine arms
//    them, written straight into SQLite (a benchmark of finding reminders, not of importing).
// 2. Finding the rungs due in one tick: an ordinary tick (08:59:30, nothing due) and the 09:00 tick
//    when that day's rungs fall due (found and planned, read-only), then queueing them (written).
// 3. --serve: `duban serve` on that database, its clock pinned at 09:00 and a 1 s sweep interval:
//    /healthz latency while it queues the burst and sweeps, and its peak memory.
// 4. Outbox dispatch through the real e-mail plugin to a local aiosmtpd: messages per second.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/queries.hpp"
#include "app/reminders.hpp"
#include "app/services.hpp"
#include "config/config.hpp"
#include "config/loaders.hpp"
#include "config/plugin_settings.hpp"
#include "plugin/registry.hpp"
#include "schedule/dispatcher.hpp"
#include "schedule/reminder_queue.hpp"
#include "store/soci_store.hpp"
#include "support_command.hpp"

namespace fs = std::filesystem;
using namespace duban;
using Seconds = std::chrono::duration<double>;

using bench::Child;
using bench::peak_rss_kib;
using bench::percentile;

namespace {

const ZoneOffset kZone{};
Instant local(const char* text) { return *parse_local_time(text, kZone); }

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::cerr << what << ": " << sqlite3_errmsg(db) << "\n";
    std::exit(1);
  }
}

config::Config demo_config(const fs::path& db) {
  auto cfg = config::load_config(fs::path(DUBAN_SOURCE_DIR) / "config" / "duban.yaml");
  cfg.database.path = db;
  return cfg;
}

// N assigned items, due over 120 days from 60 days before `now`, each with its next reminder
// after `armed_at`, written in one transaction.
void create_items(const config::Config& cfg, const fs::path& db, int n, Instant armed_at) {
  {
    store::DatabaseOptions options;
    options.sqlite_path = db;
    auto store = store::open_store(options, cfg.zone);  // the schema, migrated
    ManualClock clock(armed_at);
    app::PostCommit post;
    app::Services s{*store, cfg, clock, post};
    app::init_database(s);
  }
  sqlite3* h = nullptr;
  check(sqlite3_open(db.c_str(), &h), h, "open");
  check(sqlite3_exec(h, "PRAGMA journal_mode=WAL; BEGIN", nullptr, nullptr, nullptr), h, "begin");
  sqlite3_stmt* st = nullptr;
  check(
      sqlite3_prepare_v2(h,
                         "INSERT INTO items (id, source, category, title, unit_id, owner,"
                         " due_date, due_at, state, created_at, updated_at, version, remind_at)"
                         " VALUES (?, 'county', '精准帮扶', ?, ?, ?, ?, ?, 'assigned', ?, ?, 1, ?)",
                         -1, &st, nullptr),
      h, "prepare");
  const char* units[] = {"longtan", "xinmin", "shimen", "baisha", "huangshui", "qingshan"};
  const char* owners[] = {"赵某七", "周某九", "", "", "", ""};
  app::ReminderArmer armer(cfg, armed_at);
  auto first = std::chrono::sys_days{local_date(armed_at, cfg.zone)} - std::chrono::days{60};
  auto at = format_utc(armed_at);
  for (int i = 1; i <= n; ++i) {
    RectificationItem it;
    it.state = ItemState::assigned;
    it.due = Date{first + std::chrono::days{i % 120}};
    auto remind = armer(it);
    auto title = "问题 " + std::to_string(i);
    auto due = format_date(*it.due);
    sqlite3_bind_int64(st, 1, i);
    sqlite3_bind_text(st, 2, title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, units[i % 6], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, owners[i % 6], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, due.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, end_of_day(*it.due, cfg.zone).time_since_epoch().count());
    sqlite3_bind_text(st, 7, at.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, at.c_str(), -1, SQLITE_TRANSIENT);
    if (remind) {
      sqlite3_bind_int64(st, 9, remind->time_since_epoch().count());
    } else {
      sqlite3_bind_null(st, 9);
    }
    check(sqlite3_step(st), h, "insert");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  check(sqlite3_exec(h, "COMMIT; ANALYZE", nullptr, nullptr, nullptr), h, "commit");
  sqlite3_close(h);
}

struct Found {
  double seconds = 0;       ///< finding the items whose reminders came (the index)
  double plan_seconds = 0;  ///< and working out each reminder's rungs and recipients
  std::size_t items = 0, reminders = 0;
};

Found find(store::Store& store, const config::Config& cfg, Instant now) {
  Found f;
  auto start = std::chrono::steady_clock::now();
  auto uow = store.begin(store::Intent::read);
  auto due = uow->items().due_for_reminder(now, 10'000'000);
  uow->commit();
  auto found = std::chrono::steady_clock::now();
  schedule::ReminderPlanner planner(cfg);
  for (const auto& item : due) f.reminders += planner.plan_item(item, now).size();
  f.seconds = Seconds(found - start).count();
  f.plan_seconds = Seconds(std::chrono::steady_clock::now() - found).count();
  f.items = due.size();
  return f;
}

// One GET /healthz over a fresh loopback connection; its latency in ms (-1 on failure).
double healthz_ms(int port) {
  auto start = std::chrono::steady_clock::now();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  if (write(fd, req.data(), req.size()) < 0) {
    close(fd);
    return -1;
  }
  char buf[4096];
  while (read(fd, buf, sizeof buf) > 0) {
  }
  close(fd);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

void serve_figures(const fs::path& dir, const fs::path& db, int items) {
  auto src = fs::path(DUBAN_SOURCE_DIR);
  auto yaml = dir / "duban.yaml";
  std::ofstream(yaml) << "county: 示范县\nunits: " << (src / "config/demo/units.yaml").string()
                      << "\nworkflows: " << (src / "workflows").string()
                      << "\ncalendar: " << (src / "config/calendar").string()
                      << "\ndata_dir: " << dir.string() << "\ndatabase: {path: " << db.string()
                      << "}\nclock: {allow_pinned: true}\nscheduler: {interval_seconds: 1}\n";
  auto binary = (fs::path(DUBAN_BINARY_DIR) / "engine" / "duban").string();
  Child server("DUBAN_LANG=en DUBAN_NOW=2026-10-12T09:00 " + binary + " serve --listen " +
                   "127.0.0.1:0 --config " + yaml.string(),
               dir / "serve.log");
  auto line = server.wait_for("health: http://127.0.0.1:", 60);
  if (line.empty()) {
    std::cerr << "serve did not start:\n" << server.output();
    return;
  }
  int port = std::stoi(line.substr(line.find("127.0.0.1:") + 10));
  std::vector<double> during, after;
  auto started = std::chrono::steady_clock::now();
  bool queued = false;
  // Requests one after another while the burst is queued, then for 3 s of 1 s sweeps.
  while (true) {
    double ms = healthz_ms(port);
    if (ms >= 0) (queued ? after : during).push_back(ms);
    if (!queued && server.output().find("reminders: ") != std::string::npos) {
      queued = true;
      started = std::chrono::steady_clock::now();
    }
    if (queued && Seconds(std::chrono::steady_clock::now() - started).count() > 3) break;
    if (!queued && Seconds(std::chrono::steady_clock::now() - started).count() > 120) break;
  }
  auto rss = peak_rss_kib(server.pid);
  auto queued_line = server.wait_for("reminders: ", 0.1);
  std::printf("duban serve on %d items, clock at the 09:00 tick, 1 s sweeps:\n", items);
  std::printf("  %s\n", queued_line.c_str());
  std::printf("  /healthz while queueing: %zu requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              during.size(), percentile(during, 0.5), percentile(during, 0.99),
              during.empty() ? 0 : *std::max_element(during.begin(), during.end()));
  std::printf("  /healthz during 1 s sweeps: %zu requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              after.size(), percentile(after, 0.5), percentile(after, 0.99),
              after.empty() ? 0 : *std::max_element(after.begin(), after.end()));
  std::printf("  peak memory of duban serve: %.1f MiB (target <= 200 MiB)\n", rss / 1024.0);
}

void dispatch_figures(const fs::path& dir, int messages) {
  auto mail = dir / "mail";
  fs::create_directories(mail);
  Child sink("/usr/bin/python3 " +
                 (fs::path(DUBAN_SOURCE_DIR) / "tests/support/smtp_sink.py").string() + " " +
                 mail.string(),
             dir / "smtp.log");
  auto line = sink.wait_for("listening ", 30);
  if (line.empty()) {
    std::cerr << "no SMTP sink (python3-aiosmtpd):\n" << sink.output();
    return;
  }
  int port = std::stoi(line.substr(10));
  auto cfg = demo_config(dir / "dispatch.db");
  cfg.dispatch.sms_quiet_hours.reset();
  auto settings = std::make_shared<config::PluginSettings>();
  settings->file = "bench";
  settings->node = YAML::Load("{host: 127.0.0.1, port: " + std::to_string(port) +
                              ", from: duban@demo-county.example}");
  config::PluginEntry e;
  e.name = "email";
  e.path = fs::path(DUBAN_BINARY_DIR) / "plugins" / "libemail.so";
  e.settings = settings;
  cfg.plugins = {e};
  store::DatabaseOptions options;
  options.sqlite_path = cfg.database.path;
  auto store = store::open_store(options, cfg.zone);
  ManualClock clock(local("2026-10-12T10:00"));
  {
    auto uow = store->begin(store::Intent::write);
    for (int i = 0; i < messages; ++i) {
      QueuedReminder r;
      r.subject = "item:" + std::to_string(i + 1);
      r.rung = "due";
      r.due_at = local("2026-10-13");
      r.fire_at = r.queued_at = clock.now();
      r.summary =
          "{\"id\":" + std::to_string(i + 1) + ",\"title\":\"问题\",\"due\":\"2026-10-12\"}";
      std::vector<Delivery> ds(1);
      ds[0].recipient = "收件人" + std::to_string(i);
      ds[0].role = "owner";
      ds[0].channel = "email";
      ds[0].address = "person" + std::to_string(i) + "@demo-county.example";
      ds[0].next_attempt_at = clock.now();
      uow->outbox().queue(r, ds);
    }
    uow->commit();
  }
  plugin::Registry registry(cfg, clock, [](const std::string&) {});
  schedule::Dispatcher dispatcher(*store, cfg, clock, registry, [](const std::string&) {});
  auto start = std::chrono::steady_clock::now();
  int sent = 0;
  while (true) {
    auto r = dispatcher.run_once();
    sent += r.sent;
    if (r.messages == 0) break;
  }
  double s = Seconds(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "dispatch to a local SMTP server (aiosmtpd): %d messages in %.2f s, %.0f messages/s\n", sent,
      s, sent / s);
}

}  // namespace

int main(int argc, char** argv) {
  int items = 1'000'000, messages = 1000;
  bool serve = false, keep = false;
  fs::path dir = fs::temp_directory_path() / "duban-bench-reminders";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help") {
      std::cout << "usage: duban_bench_reminders [--items N] [--messages N] [--serve] [--dir DIR] "
                   "[--keep]\n";
      return 0;
    }
    if (a == "--serve") {
      serve = true;
    } else if (a == "--keep") {
      keep = true;
    } else if (i + 1 < argc) {
      std::string v = argv[++i];
      if (a == "--items")
        items = std::stoi(v);
      else if (a == "--messages")
        messages = std::stoi(v);
      else if (a == "--dir")
        dir = v;
    }
  }
  set_current_lang(Lang::en);
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto db = dir / "reminders.db";
  auto cfg = demo_config(db);
  auto armed = local("2026-10-12T08:59");  // a Monday, a minute before the rungs of the day
  auto t0 = std::chrono::steady_clock::now();
  create_items(cfg, db, items, armed);
  std::printf("%d open items with due dates written in %.1f s\n", items,
              Seconds(std::chrono::steady_clock::now() - t0).count());
  {
    store::DatabaseOptions options;
    options.sqlite_path = db;
    auto store = store::open_store(options, cfg.zone);
    // Mark the reminders as armed with this configuration, as a running engine would have.
    schedule::rearm_if_changed(*store, cfg, armed);
    std::vector<double> idle;
    for (int i = 0; i < 5; ++i)
      idle.push_back(find(*store, cfg, local("2026-10-12T08:59:30")).seconds);
    std::sort(idle.begin(), idle.end());
    auto burst = find(*store, cfg, local("2026-10-12T09:00"));
    double target = items <= 100'000 ? 0.1 : 1.0;
    std::printf("an ordinary tick (nothing due):  %.4f s (median of 5; min %.4f, max %.4f)\n",
                idle[2], idle[0], idle[4]);
    std::printf(
        "the 09:00 tick, items found: %.3f s for %zu items (target <= %.1f s at this "
        "size)\n",
        burst.seconds, burst.items, target);
    std::printf("the 09:00 tick, reminders planned: %.3f s for %zu reminders (rungs, recipients)\n",
                burst.plan_seconds, burst.reminders);
    if (!serve) {
      auto start = std::chrono::steady_clock::now();
      auto q = schedule::queue_due_reminders(*store, cfg, local("2026-10-12T09:00"));
      std::printf("the 09:00 tick, queued: %.3f s for %lld reminders, %lld deliveries\n",
                  Seconds(std::chrono::steady_clock::now() - start).count(),
                  static_cast<long long>(q.reminders), static_cast<long long>(q.deliveries));
    }
  }
  if (serve) serve_figures(dir, db, items);
  if (messages > 0) dispatch_figures(dir, messages);
  if (!keep) fs::remove_all(dir);
  return 0;
}
