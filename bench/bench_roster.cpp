// duban_bench_roster: a province-sized roster and one county's sample (issue 25's benchmark).
//   1. import: COUNTIES × VILLAGES × HOUSEHOLDS households (default 100 × 200 × 300 = 6,000,000)
//      in one CSV, by `duban roster import` on a fresh SQLite database (the embedded default):
//      households per second (target >= 100,000) and the command's peak memory (target <= 64 MiB,
//      read from wait4's ru_maxrss), and the database's size per household;
//   2. sampling: one county's roster (VILLAGES × HOUSEHOLDS, default 60,000 households in the demo
//      county's 11 townships) drawn by the seed's plan, in-process (target <= 100 ms).
//
//   ./build/bench/duban_bench_roster [--counties 100] [--villages 200] [--households 300]
//       [--runs 3] [--dir DIR] [--keep]
//
// The households are spread over the demo county's 11 townships (the units file): a county's
// villages are "c<county>-v<village>". Kinds: a third each of 贫困户, 脱贫户 and 非建档立卡户, one
// in nine marked 边缘户, one in thirteen 监测户, one in four with a mark; ID numbers valid.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "app/round_cases.hpp"
#include "bench_engine.hpp"
#include "support_command.hpp"
#include "survey/roster_import.hpp"
#include "survey/sample_cases.hpp"

namespace fs = std::filesystem;
using namespace duban;
using Seconds = std::chrono::duration<double>;

namespace {

const char* const kTownships[] = {"longtan",   "xinmin", "shimen", "dongling", "baisha", "qingshan",
                                  "chengguan", "liulin", "xihe",   "shuanghe", "hongyan"};

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "duban_bench_roster: " << what << "\n";
  std::exit(1);
}

std::string id_number(long n) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char check[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  char base[18];
  std::snprintf(base, sizeof base, "5201%02ld19%02ld%02ld%02ld%03ld", n % 100, 50 + n % 50,
                1 + n % 12, 1 + n % 28, n % 1000);
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (base[i] - '0') * w[i];
  return std::string(base, 17) + check[sum % 11];
}

// Writes the roster files: the villages and the households of `counties` counties.
long write_roster(const fs::path& villages, const fs::path& households, int counties,
                  int per_county, int per_village) {
  std::ofstream v(villages), h(households);
  v << "乡镇,村,村类型,人口数,贫困人口数\n";
  h << "户编号,乡镇,村,户主姓名,身份证号,人口数,户类型,边缘户,监测户,标签\n";
  static const char* kinds[] = {"贫困户", "脱贫户", "非建档立卡户"};
  static const char* tags[] = {"危房", "", "大病;低保", "", "", "残疾", "", "五保"};
  long n = 0;
  for (int c = 1; c <= counties; ++c) {
    for (int k = 0; k < per_county; ++k) {
      const char* township = kTownships[k % 11];
      const auto village = "c" + std::to_string(c) + "-v" + std::to_string(k);
      v << township << "," << village << "," << (k % 2 ? "脱贫村" : "非贫困村") << ",1200," << k % 7
        << "\n";
      for (int i = 0; i < per_village; ++i, ++n) {
        h << 'H' << n << ',' << township << ',' << village << ",户主" << n << ',' << id_number(n)
          << ',' << 1 + n % 6 << ',' << kinds[(n / 7) % 3] << ',' << (n % 9 == 0 ? "是" : "否")
          << ',' << (n % 13 == 0 ? "是" : "否") << ',' << tags[n % 8] << '\n';
      }
    }
  }
  if (!h) fail("cannot write " + households.string());
  return n;
}

struct Child {
  double seconds = 0;
  long max_rss_kib = 0;
  int status = -1;
};

// Runs `command` (sh -c) and measures its wall time and peak memory (the largest of the shell and
// what it ran: wait4 reports the maximum over a process and its waited-for children).
Child measure(const std::string& command) {
  Child r;
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), nullptr);
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  r.seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kib = usage.ru_maxrss;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::uintmax_t database_bytes(const fs::path& db) {
  std::uintmax_t n = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    auto s = fs::file_size(db.string() + suffix, ec);
    if (!ec) n += s;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  int counties = 100, villages = 200, households = 300, runs = 3;
  bool keep = false;
  fs::path dir = fs::temp_directory_path() / "duban-bench-roster";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << "usage: duban_bench_roster [--counties 100] [--villages 200] [--households 300]"
                   " [--runs 3] [--dir DIR] [--keep]\n"
                   "  --villages    per county; --households per village\n"
                   "  --keep        keep the generated files and databases in DIR\n";
      return 0;
    }
    if (a == "--keep") {
      keep = true;
      continue;
    }
    if (i + 1 >= argc) fail("missing a value after " + a);
    std::string v = argv[++i];
    if (a == "--counties") {
      counties = std::stoi(v);
    } else if (a == "--villages") {
      villages = std::stoi(v);
    } else if (a == "--households") {
      households = std::stoi(v);
    } else if (a == "--runs") {
      runs = std::stoi(v);
    } else if (a == "--dir") {
      dir = v;
    } else {
      fail("unknown option " + a + " (--help)");
    }
  }
  if (counties < 1 || villages < 1 || households < 1 || runs < 1) fail("counts must be >= 1");
  set_current_lang(Lang::en);
  fs::create_directories(dir);
  const auto src = fs::path(DUBAN_SOURCE_DIR);
  const auto duban = (fs::path(DUBAN_BINARY_DIR) / "engine" / "duban").string();
  std::printf("writing the roster: %d counties × %d villages × %d households …\n", counties,
              villages, households);
  std::fflush(stdout);
  const long n =
      write_roster(dir / "villages.csv", dir / "households.csv", counties, villages, households);
  std::printf("  %ld households, %.0f MB\n", n, fs::file_size(dir / "households.csv") / 1e6);

  // 1. The province's roster, imported by the command, each run on a fresh database.
  std::vector<double> rate, rss, per_household;
  for (int r = 0; r < runs; ++r) {
    const auto run_dir = dir / ("run" + std::to_string(r));
    fs::remove_all(run_dir);
    fs::create_directories(run_dir);
    std::ofstream(run_dir / "duban.yaml")
        << "county: 示范县\ntime_zone: \"+08:00\"\nunits: "
        << (src / "config/demo/units.yaml").string()
        << "\nworkflows: " << (src / "workflows").string()
        << "\ncalendar: " << (src / "config/calendar").string()
        << "\ndata_dir: " << (run_dir / "var").string()
        << "\nsurvey: {plan: " << (src / "config/evaluation-plan.yaml").string() << "}\n";
    const auto base = "cd '" + run_dir.string() + "' && DUBAN_LANG=en DUBAN_USER=office " + duban +
                      " --config duban.yaml ";
    if (bench::run(base + "init > init.log 2>&1") != 0 ||
        bench::run(base + "round start 2026-H1 >> init.log 2>&1") != 0 ||
        bench::run(base + "roster import '" + (dir / "villages.csv").string() +
                   "' --round 2026-H1 >> init.log 2>&1") != 0) {
      fail("setting up failed: " + (run_dir / "init.log").string());
    }
    const auto db = run_dir / "var" / "duban.db";
    bench::run("sqlite3 '" + db.string() + "' 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null");
    const auto before = database_bytes(db);
    auto c = measure(base + "roster import '" + (dir / "households.csv").string() +
                     "' --round 2026-H1 > import.log 2>&1");
    if (c.status != 0) fail("the import failed: " + (run_dir / "import.log").string());
    bench::run("sqlite3 '" + db.string() + "' 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null");
    const double bytes = static_cast<double>(database_bytes(db) - before);
    rate.push_back(n / c.seconds);
    rss.push_back(c.max_rss_kib / 1024.0);
    per_household.push_back(bytes / n);
    std::printf("  run %d: %.1f s, %.0f households/s, peak %.1f MiB, %.0f bytes per household\n",
                r + 1, c.seconds, rate.back(), rss.back(), per_household.back());
    std::fflush(stdout);
    if (!keep && r + 1 < runs) fs::remove_all(run_dir);
  }
  auto a = bench::spread(rate), m = bench::spread(rss), b = bench::spread(per_household);
  std::printf(
      "\nduban roster import, %ld households (median of %d, min-max):\n"
      "  %.0f households/s (%.0f-%.0f) (target >= 100,000)\n"
      "  peak memory %.1f MiB (%.1f-%.1f) (target <= 64 MiB)\n"
      "  on disk %.0f bytes per household (%.0f-%.0f)\n",
      n, runs, a.median, a.min, a.max, m.median, m.min, m.max, b.median, b.min, b.max);

  // 2. One county's sample, in-process.
  {
    const auto one = dir / "county";
    fs::remove_all(one);
    fs::create_directories(one);
    const long k =
        write_roster(one / "villages.csv", one / "households.csv", 1, villages, households);
    bench::Engine engine(one / "duban.db");
    engine.cfg.roster_key = one / "id-number.key";
    auto& services = *engine.services;
    app::start_round(services, {"office", "2026-H1", ""});
    for (const char* f : {"villages.csv", "households.csv"}) {
      std::ifstream in(one / f, std::ios::binary);
      survey::import_roster(services, "office", "2026-H1", in, f, {});
    }
    std::vector<double> took;
    std::size_t drawn = 0;
    for (int r = 0; r < runs + 1; ++r) {  // the first warms the caches
      auto start = std::chrono::steady_clock::now();
      auto s =
          survey::draw_sample(services, "office", "2026-H1",
                              {.seed = std::to_string(r + 1), .redraw = r > 0, .reason = "bench"});
      double ms = 1000 * Seconds(std::chrono::steady_clock::now() - start).count();
      drawn = s.sample.households();
      if (r > 0) took.push_back(ms);
    }
    auto t = bench::spread(took);
    std::printf(
        "\none county's sample (%ld households in %d villages): %zu households drawn in %.1f ms"
        " (%.1f-%.1f) (median of %d; target <= 100 ms)\n",
        k, villages, drawn, t.median, t.min, t.max, runs);
  }
  if (!keep) fs::remove_all(dir);
  return 0;
}
