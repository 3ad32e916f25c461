// duban_bench: persisted item transitions per second against the raw SQLite limit, and the
// import of a large problem list. Prints figures; the targets are in the README.
//
//   ./build/bench/duban_bench [--transitions N] [--block N] [--import-rows N] [--dir DIR] [--keep]
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
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
#include "bench_engine.hpp"
#include "clock/clock.hpp"
#include "config/config.hpp"
#include "store/soci_store.hpp"
#include "support_command.hpp"

namespace fs = std::filesystem;
using namespace duban;
using Seconds = std::chrono::duration<double>;
using bench::Spread;
using bench::spread;

namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::cerr << what << ": " << sqlite3_errmsg(db) << "\n";
    std::exit(1);
  }
}

// The physical limit: transactions of two statements each, WAL, synchronous=FULL.
class Raw {
 public:
  explicit Raw(const fs::path& file) {
    check(sqlite3_open(file.c_str(), &db_), db_, "open");
    for (auto sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                     "CREATE TABLE t (id INTEGER PRIMARY KEY, state TEXT, version INTEGER)",
                     "CREATE TABLE log (seq INTEGER PRIMARY KEY, subject TEXT, event TEXT)",
                     "INSERT INTO t (id, state, version) VALUES (1, 'assigned', 1)"}) {
      check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), db_, sql);
    }
    sqlite3_prepare_v2(db_, "BEGIN IMMEDIATE", -1, &begin_, nullptr);
    sqlite3_prepare_v2(db_, "UPDATE t SET state = ?, version = version + 1 WHERE id = 1", -1,
                       &update_, nullptr);
    sqlite3_prepare_v2(db_, "INSERT INTO log (subject, event) VALUES ('item:1', ?)", -1, &insert_,
                       nullptr);
    sqlite3_prepare_v2(db_, "COMMIT", -1, &commit_, nullptr);
  }
  ~Raw() {
    for (auto s : {begin_, update_, insert_, commit_}) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  /// Runs n transactions; returns the rate per second.
  double run(int n) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      const char* state = i % 2 ? "assigned" : "rectified";
      check(sqlite3_step(begin_), db_, "begin");
      sqlite3_bind_text(update_, 1, state, -1, SQLITE_STATIC);
      check(sqlite3_step(update_), db_, "update");
      sqlite3_bind_text(insert_, 1, state, -1, SQLITE_STATIC);
      check(sqlite3_step(insert_), db_, "insert");
      check(sqlite3_step(commit_), db_, "commit");
      for (auto s : {begin_, update_, insert_, commit_}) sqlite3_reset(s);
    }
    return n / Seconds(std::chrono::steady_clock::now() - start).count();
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt *begin_ = nullptr, *update_ = nullptr, *insert_ = nullptr, *commit_ = nullptr;
};

using bench::Engine;

// Persisted transitions through the use case, each its own transaction with its journal entry.
class EngineTransitions {
 public:
  explicit EngineTransitions(const fs::path& db) : e_(db) {
    app::AddItem add{"office", "", "national", "精准识别", "基准测试事项", "", "longtan"};
    id_ = app::add_item(*e_.services, add).id;
    app::ChangeItem assign{"office", id_,    ItemEventKind::assign, "", "",
                           "赵某七", "核查", "2020-06-30",          "", {}};
    app::change_item(*e_.services, assign);
  }
  double run(int n) {
    struct Step {
      ItemEventKind kind;
      const char* actor;
    };
    static const std::vector<Step> cycle = {
        {ItemEventKind::rectify, "longtan"}, {ItemEventKind::reject, "inspector"},
        {ItemEventKind::rectify, "longtan"}, {ItemEventKind::verify, "inspector"},
        {ItemEventKind::close, "office"},    {ItemEventKind::reopen, "office"}};
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      const auto& s = cycle[done_++ % cycle.size()];
      app::ChangeItem req;
      req.actor = s.actor;
      req.id = id_;
      req.event = s.kind;
      req.reason = "基准测试";
      req.result = "已整改";
      app::change_item(*e_.services, req);
    }
    return n / Seconds(std::chrono::steady_clock::now() - start).count();
  }
  bool audit() { return app::audit_verify(*e_.services).ok; }

 private:
  Engine e_;
  std::int64_t id_ = 0;
  std::size_t done_ = 0;
};

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
  int transitions = 20000, import_count = 100000, block = 1000;
  bool keep = false;
  fs::path dir = fs::temp_directory_path() / "duban-bench";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--keep") {
      keep = true;
      continue;
    }
    if (i + 1 >= argc) break;
    ++i;
    if (a == "--transitions")
      transitions = std::stoi(argv[i]);
    else if (a == "--import-rows")
      import_count = std::stoi(argv[i]);
    else if (a == "--dir")
      dir = argv[i];
    else if (a == "--block")
      block = std::stoi(argv[i]);
  }
  if (argc > 1 && std::string(argv[1]) == "--help") {
    std::cout << "usage: duban_bench [--transitions N] [--block N] [--import-rows N] [--dir DIR] "
                 "[--keep]\n"
                 "  --keep  leave the databases in DIR for inspection\n";
    return 0;
  }
  set_current_lang(Lang::en);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::cout << "database folder: " << dir << " (SQLite WAL, synchronous=FULL)\n";

  // Raw and engine in alternating blocks, so that both see the same disk and the same load; each
  // figure is the median of its blocks, and the ratio the median of the per-block ratios.
  int blocks = std::max(1, transitions / block);
  std::vector<double> raw_rates, engine_rates, ratios;
  {
    Raw raw(dir / "raw.db");
    EngineTransitions engine(dir / "engine.db");
    for (int b = 0; b < blocks; ++b) {
      double r = raw.run(block);
      double e = engine.run(block);
      raw_rates.push_back(r);
      engine_rates.push_back(e);
      ratios.push_back(100 * e / r);
    }
    if (!engine.audit()) {
      std::cerr << "audit failed after the benchmark\n";
      return 1;
    }
  }
  auto r = spread(raw_rates), e = spread(engine_rates), q = spread(ratios);
  std::printf("%d blocks of %d transitions each, raw and engine alternating\n", blocks, block);
  std::printf("raw SQLite, 2-statement transactions: %8.0f /s  (min %.0f, max %.0f)\n", r.median,
              r.min, r.max);
  std::printf("engine item transitions (journaled):  %8.0f /s  (min %.0f, max %.0f)\n", e.median,
              e.min, e.max);
  std::printf(
      "engine / raw:                         %8.1f %%  (min %.1f, max %.1f; target >= 70 %%)\n",
      q.median, q.min, q.max);

  if (import_count > 0) {
    double seconds = import_rows(dir, import_count);
    // The targets: 100,000 rows in 3 s; 1,000,000 in 30 s within 64 MiB.
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    // 3 s per 100,000 rows up to 100,000; 30 s at 1,000,000.
    double target = import_count <= 100000 ? 3.0 : 30.0 * import_count / 1000000;
    std::printf("CSV import of %d items:            %10.2f s   (target <= %.0f s at this size)\n",
                import_count, seconds, target);
    std::printf("peak memory of this process:         %8.1f MiB (target <= 64 MiB at any size)\n",
                usage.ru_maxrss / 1024.0);
  }
  if (!keep) fs::remove_all(dir);
  return 0;
}
