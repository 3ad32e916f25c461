// duban_bench: persisted item transitions per second against the raw SQLite limit, and the
// import of a large problem list. Prints figures; the targets are in the README.
//
//   ./build/bench/duban_bench [--transitions N] [--import-rows N] [--dir DIR]
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/item_cases.hpp"
#include "app/queries.hpp"
#include "clock/clock.hpp"
#include "config/config.hpp"
#include "store/soci_store.hpp"

namespace fs = std::filesystem;
using namespace duban;
using Seconds = std::chrono::duration<double>;

namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::cerr << what << ": " << sqlite3_errmsg(db) << "\n";
    std::exit(1);
  }
}

// The physical limit: N transactions of two statements each, WAL, synchronous=FULL.
double raw_sqlite(const fs::path& file, int n) {
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  for (auto sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                   "CREATE TABLE t (id INTEGER PRIMARY KEY, state TEXT, version INTEGER)",
                   "CREATE TABLE log (seq INTEGER PRIMARY KEY, subject TEXT, event TEXT)",
                   "INSERT INTO t (id, state, version) VALUES (1, 'assigned', 1)"}) {
    check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
  }
  sqlite3_stmt *begin, *update, *insert, *commit;
  sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr);
  sqlite3_prepare_v2(db, "UPDATE t SET state = ?, version = version + 1 WHERE id = 1", -1, &update,
                     nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO log (subject, event) VALUES ('item:1', ?)", -1, &insert,
                     nullptr);
  sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    const char* state = i % 2 ? "assigned" : "rectified";
    check(sqlite3_step(begin), db, "begin");
    sqlite3_bind_text(update, 1, state, -1, SQLITE_STATIC);
    check(sqlite3_step(update), db, "update");
    sqlite3_bind_text(insert, 1, state, -1, SQLITE_STATIC);
    check(sqlite3_step(insert), db, "insert");
    check(sqlite3_step(commit), db, "commit");
    for (auto s : {begin, update, insert, commit}) sqlite3_reset(s);
  }
  double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  for (auto s : {begin, update, insert, commit}) sqlite3_finalize(s);
  sqlite3_close(db);
  return n / seconds;
}

struct Engine {
  config::Config cfg;
  SystemClock clock;
  app::PostCommit post_commit;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<app::Services> services;
  explicit Engine(const fs::path& db) {
    cfg = config::load_config(fs::path(DUBAN_SOURCE_DIR) / "config" / "duban.yaml");
    cfg.database.path = db;
    store::DatabaseOptions options;
    options.sqlite_path = db;
    store = store::open_store(options, cfg.zone);
    services = std::make_unique<app::Services>(app::Services{*store, cfg, clock, post_commit});
    app::init_database(*services);
  }
};

// N persisted transitions through the use case, each its own transaction with its journal entry.
double engine_transitions(const fs::path& db, int n) {
  Engine e(db);
  app::AddItem add{"office", "", "national", "精准识别", "基准测试事项", "", "longtan"};
  auto item = app::add_item(*e.services, add);
  app::ChangeItem assign{"office", item.id, ItemEventKind::assign, "", "",
                         "赵某七", "核查",  "2020-06-30",          "", {}};
  app::change_item(*e.services, assign);
  struct Step {
    ItemEventKind kind;
    const char* actor;
  };
  const std::vector<Step> cycle = {
      {ItemEventKind::rectify, "longtan"}, {ItemEventKind::reject, "inspector"},
      {ItemEventKind::rectify, "longtan"}, {ItemEventKind::verify, "inspector"},
      {ItemEventKind::close, "office"},    {ItemEventKind::reopen, "office"}};
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    const auto& s = cycle[i % cycle.size()];
    app::ChangeItem req;
    req.actor = s.actor;
    req.id = item.id;
    req.event = s.kind;
    req.reason = "基准测试";
    req.result = "已整改";
    app::change_item(*e.services, req);
  }
  double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  auto audit = app::audit_verify(*e.services);
  if (!audit.ok) {
    std::cerr << "audit failed after the benchmark\n";
    std::exit(1);
  }
  return n / seconds;
}

double import_rows(const fs::path& dir, int rows) {
  auto csv = dir / "import.csv";
  {
    std::ofstream out(csv);
    out << "来源,类别,问题,具体表现,整改措施,责任单位,责任人,整改时限\n";
    const char* units[] = {"longtan", "新民乡", "shimen", "县教育局", "baisha"};
    for (int i = 0; i < rows; ++i) {
      out << (i % 3 ? "国家" : "省级") << ",精准帮扶,\"问题 " << i << ",帮扶不到位\",具体表现 " << i
          << ",整改措施 " << i << "," << units[i % 5] << ",责任人" << i % 17 << ",2020-0"
          << 1 + i % 9 << "-15\n";
    }
  }
  Engine e(dir / "import.db");
  std::ifstream in(csv);
  auto start = std::chrono::steady_clock::now();
  auto result = app::import_items(*e.services, "office", in, csv.string(), false,
                                  [](std::size_t done, std::size_t total) {
                                    std::cerr << "  imported " << done << "/" << total << "\n";
                                  });
  double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  if (result.rows != static_cast<std::size_t>(rows)) std::exit(1);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  int transitions = 2000, import_count = 100000;
  fs::path dir = fs::temp_directory_path() / "duban-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--transitions")
      transitions = std::stoi(argv[i + 1]);
    else if (a == "--import-rows")
      import_count = std::stoi(argv[i + 1]);
    else if (a == "--dir")
      dir = argv[i + 1];
  }
  if (argc > 1 && std::string(argv[1]) == "--help") {
    std::cout << "usage: duban_bench [--transitions N] [--import-rows N] [--dir DIR]\n";
    return 0;
  }
  set_current_lang(Lang::en);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::cout << "database folder: " << dir << " (SQLite WAL, synchronous=FULL)\n";

  double raw = raw_sqlite(dir / "raw.db", transitions);
  double engine = engine_transitions(dir / "engine.db", transitions);
  std::printf("raw SQLite, 2-statement transactions: %10.0f /s  (%d)\n", raw, transitions);
  std::printf("engine item transitions (journaled):  %10.0f /s  (%d)\n", engine, transitions);
  std::printf("engine / raw:                         %10.1f %%  (target >= 70 %%)\n",
              100 * engine / raw);

  double seconds = import_rows(dir, import_count);
  std::printf("CSV import of %d items:            %10.2f s   (target <= 3 s)\n", import_count,
              seconds);
  fs::remove_all(dir);
  return 0;
}
