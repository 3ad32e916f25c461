// duban_bench_scale: a province's database on PostgreSQL, about 100 counties and 10,000,000 items
// with their journal, and what must stay fast on it:
//   1. the database's size per item, journal and indexes included (target <= 2 KiB);
//   2. the reminder sweep over every county: an ordinary tick (nothing due) and the 09:00 tick,
//      when that day's rungs fall due (the items found and each one's reminders planned), as
//      `duban serve` does each tick (target <= 2 s);
//   3. GET /api/v1/items?overdue=true&unit=U&limit=100 from `duban serve` (one county of the
//      province's; --page-cache-mb 0: kept pages off, every list read from the database; the
//      default is the shipped configuration's, 64) at --rate requests/s,
//      open-loop (bench/openloop.cpp: latency from each request's intended send time)
//      (target p99 <= 30 ms at 500 requests/s).
//
//   ./build/bench/duban_bench_scale [--counties 100] [--items 100000] [--rate 500] [--seconds 30]
//       [--runs 3] [--page-cache-mb 64] [--dir DIR] [--postgresql URL] [--keep]
//
// --items is per county. The data: `duban init` makes the first county (the demo county's units
// and users); its rows are copied to the others; then each county's items (assigned, a tenth
// closed; due dates over 120 days around the clock, half of the open ones overdue; the next
// reminder of each armed as the engine arms it) and two journal entries per item (create,
// assign: the fields as the engine writes them; chained hashes computed by the database, so the
// chain is not one `audit verify` accepts: this is a benchmark of reading at scale, not of
// importing) are written by INSERT … SELECT, the secondary indexes built after. Own cluster
// (default): durable, under DIR/pg, stopped and removed at the end unless --keep; with
// --postgresql URL (an admin URL), a loaded database `duban_scale` of the same size is reused.
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "app/reminders.hpp"
#include "config/config.hpp"
#include "schedule/reminder_queue.hpp"
#include "store/soci_store.hpp"
#include "support_command.hpp"

namespace fs = std::filesystem;
using namespace duban;
using Seconds = std::chrono::duration<double>;

namespace {

const char* kDatabase = "duban_scale";

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "duban_bench_scale: " << what << "\n";
  std::exit(1);
}

std::string now_text() {
  auto t = std::time(nullptr);
  char b[16];
  std::strftime(b, sizeof b, "%H:%M:%S", std::localtime(&t));
  return b;
}

struct Pg {
  PGconn* db;
  explicit Pg(const std::string& url) : db(PQconnectdb(url.c_str())) {
    if (PQstatus(db) != CONNECTION_OK) fail(PQerrorMessage(db));
    exec("SET client_min_messages = warning");
  }
  ~Pg() { PQfinish(db); }
  std::vector<std::vector<std::string>> exec(const std::string& sql) {
    PGresult* r = PQexec(db, sql.c_str());
    auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      std::string e = PQerrorMessage(db);
      PQclear(r);
      fail(e + "in: " + sql.substr(0, 300));
    }
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < PQntuples(r); ++i) {
      rows.emplace_back();
      for (int j = 0; j < PQnfields(r); ++j) rows.back().push_back(PQgetvalue(r, i, j));
    }
    PQclear(r);
    return rows;
  }
  std::string value(const std::string& sql) {
    auto rows = exec(sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }
};

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Times `work`, printing what it was and how long it took.
template <class Work>
double step(const std::string& what, Work&& work) {
  std::printf("[%s] %s …\n", now_text().c_str(), what.c_str());
  std::fflush(stdout);
  auto start = std::chrono::steady_clock::now();
  work();
  double s = Seconds(std::chrono::steady_clock::now() - start).count();
  std::printf("[%s]   %.1f s\n", now_text().c_str(), s);
  std::fflush(stdout);
  return s;
}

// The clock of the data: a Monday, a minute before that day's 09:00 rungs.
const char* kArmedAt = "2026-10-12T08:59";
const char* kNineOClock = "2026-10-12T09:00";
const char* kOrdinaryTick = "2026-10-12T08:59:30";

void load(const std::string& url, const fs::path& yaml, const fs::path& dir,
          const config::Config& cfg, int counties, int per_county) {
  const auto duban = (fs::path(DUBAN_BINARY_DIR) / "engine" / "duban").string();
  const auto env = "DUBAN_LANG=en DUBAN_DATABASE_URL='" + url + "' DUBAN_NOW=" + kArmedAt + " ";
  step("duban init: the first county (c001), its units and users", [&] {
    if (bench::run(env + duban + " --config '" + yaml.string() + "' init > '" +
                   (dir / "init.log").string() + "' 2>&1") != 0)
      fail("duban init failed: " + (dir / "init.log").string());
  });
  const auto zone = cfg.zone;
  {
    // The reminders marked as armed with this configuration (none yet), as a running engine
    // leaves them: copied with the county's other rows, so that `duban serve` does not arm every
    // item again when it starts.
    store::DatabaseOptions o;
    o.backend = store::Backend::postgresql;
    o.postgresql = url;
    o.county = "c001";
    auto store = store::open_store(o, zone);
    schedule::rearm_if_changed(*store, cfg, *parse_local_time(kArmedAt, zone));
  }
  Pg pg(url);
  step("the other " + std::to_string(counties - 1) + " counties: the first one's rows copied", [&] {
    pg.exec(
        "INSERT INTO counties (code, name, created_at) SELECT 'c' || lpad(k::text, 3,"
        " '0'), '示范县' || k, created_at FROM counties, generate_series(2, " +
        std::to_string(counties) + ") k WHERE code = 'c001'");
    pg.exec(R"(DO $$
DECLARE t record; cols text; xcols text;
BEGIN
  FOR t IN SELECT table_name FROM information_schema.columns
           WHERE column_name = 'county_id' AND table_schema = 'public' LOOP
    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
           string_agg('x.' || quote_ident(column_name), ', ' ORDER BY ordinal_position)
      INTO cols, xcols
      FROM information_schema.columns
     WHERE table_name = t.table_name AND table_schema = 'public' AND column_name <> 'county_id';
    EXECUTE format('INSERT INTO %I (county_id, %s) SELECT c.id, %s FROM %I x, counties c'
                   ' WHERE x.county_id = 1 AND c.id <> 1', t.table_name, cols, xcols, t.table_name);
  END LOOP;
END $$)");
  });
  // Each due date of the 120 (from 60 days before the clock) with the next reminder after the
  // clock of an assigned item due then, as the engine arms it.
  app::ReminderArmer armer(cfg, *parse_local_time(kArmedAt, zone));
  auto first = std::chrono::sys_days{local_date(*parse_local_time(kArmedAt, zone), zone)} -
               std::chrono::days{60};
  std::string days = "CREATE TEMP TABLE bench_days AS SELECT * FROM (VALUES ";
  for (int k = 0; k < 120; ++k) {
    RectificationItem it;
    it.state = ItemState::assigned;
    it.due = Date{first + std::chrono::days{k}};
    auto remind = armer(it);
    days += std::string(k ? ", " : "") + "(" + std::to_string(k) + ", " +
            quoted(format_date(*it.due)) + ", " +
            std::to_string(end_of_day(*it.due, zone).time_since_epoch().count()) + "::bigint, " +
            (remind ? std::to_string(remind->time_since_epoch().count()) : "NULL") + "::bigint)";
  }
  pg.exec(days + ") AS d (k, due_date, due_at, remind_at)");
  pg.exec(
      "CREATE TEMP TABLE bench_places AS SELECT (row_number() OVER (ORDER BY id)) - 1 AS k, id AS"
      " unit_id FROM units WHERE county_id = 1 AND kind IN ('township', 'village')");
  const auto places = pg.value("SELECT COUNT(*) FROM bench_places");
  pg.exec(
      "CREATE FUNCTION pg_temp.h(c bigint, s bigint) RETURNS text IMMUTABLE LANGUAGE sql AS"
      " $$ SELECT encode(sha256(convert_to(c || ':' || s, 'UTF8')), 'hex') $$");
  const auto base = pg.value("SELECT COALESCE(MAX(seq), 0) FROM journal WHERE county_id = 1");
  // The secondary indexes go while the rows are written and are built again after.
  auto indexes = pg.exec(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN"
      " ('items', 'journal') AND indexname NOT IN (SELECT conname FROM pg_constraint)");
  for (const auto& i : indexes) pg.exec("DROP INDEX " + i[0]);
  // The kept pages' change counters are moved once at the end, not by a trigger for each row.
  pg.exec("ALTER TABLE items DISABLE TRIGGER unit_changes_items");
  const auto at = std::string("'2026-10-12T00:59:00Z'");
  const auto n = std::to_string(per_county);
  step("items and journal: " + std::to_string(counties) + " × " + n, [&] {
    auto ids = pg.exec("SELECT id FROM counties ORDER BY id");
    int done = 0;
    for (const auto& row : ids) {
      const auto c = row[0];
      pg.exec("BEGIN");
      pg.exec(
          "INSERT INTO items (county_id, id, source, category, title, manifestation, measures,"
          " evidence, unit_id, owner, due_date, due_at, state, created_at, updated_at, version,"
          " journal_seq, journal_hash, remind_at, assigned_at) SELECT " +
          c +
          ", i, 'county', '精准帮扶', t.title, t.manifestation, t.measures, '[]', p.unit_id,"
          " '赵某' || (i % 100), d.due_date, d.due_at, CASE WHEN i % 10 = 0 THEN 'closed' ELSE"
          " 'assigned' END, " +
          at + ", " + at + ", 3, " + base + " + 2 * i, pg_temp.h(" + c + ", " + base +
          " + 2 * i), CASE WHEN i % 10 = 0 THEN NULL ELSE d.remind_at END, 1791766740"
          " FROM generate_series(1, " +
          n + ") i JOIN bench_days d ON d.k = i % 120 JOIN bench_places p ON p.k = i % " + places +
          " CROSS JOIN LATERAL (SELECT (ARRAY['帮扶措施落实不到位,第' || i || '户台账与实际不符',"
          " '饮水安全未达标,第' || i || '户季节性缺水', '住房安全鉴定资料缺失,第' || i ||"
          " '户无鉴定报告', '控辍保学台账不全,第' || i || '户子女就学信息未更新', '医疗保障政策落实"
          "不到位,第' || i || '户未参加基本医疗保险'])[i % 5 + 1] AS title, '经核查,第' || i ||"
          " '户' || (ARRAY['收入测算有误', '帮扶手册填写不全', '政策知晓度低', '产业帮扶未落实'])[i"
          " % 4 + 1] || ',群众反映情况属实' AS manifestation, '逐户核查,补齐台账,' || d.due_date ||"
          " '前完成整改' AS measures) t");
      pg.exec(
          "INSERT INTO journal (county_id, seq, at, actor, subject, event, state_before,"
          " state_after, changes, reason, pinned_clock, prev_hash, hash, subject_prev, format)"
          " SELECT " +
          c + ", s, " + at +
          ", 'office', 'item:' || i, CASE e WHEN 0 THEN 'create' ELSE 'assign' END, CASE e WHEN"
          " 0 THEN '' ELSE 'identified' END, CASE e WHEN 0 THEN 'identified' ELSE 'assigned' END,"
          " CASE e WHEN 0 THEN '{\"category\":[\"\",\"精准帮扶\"],\"due\":[\"\",\"' ||"
          " it.due_date || '\"],\"manifestation\":[\"\",\"' || it.manifestation ||"
          " '\"],\"source\":[\"\",\"county\"],\"title\":[\"\",\"' || it.title ||"
          " '\"],\"unit\":[\"\",\"' || it.unit_id || '\"]}' ELSE '{\"assigned_at\":[\"\",\"2026-"
          "10-12T00:59:00Z\"],\"measures\":[\"\",\"' || it.measures || '\"],\"owner\":[\"\",\"' ||"
          " it.owner || '\"]}' END, '', 0, pg_temp.h(" +
          c + ", s - 1), pg_temp.h(" + c +
          ", s), CASE e WHEN 0 THEN 0 ELSE s - 1 END, 1 FROM"
          " generate_series(1, " +
          n + ") i, generate_series(0, 1) e, items it, LATERAL (SELECT " + base +
          " + 2 * i - 1 + e AS s) q WHERE it.county_id = " + c + " AND it.id = i");
      pg.exec("COMMIT");
      if (++done % 10 == 0 || done == static_cast<int>(ids.size())) {
        std::printf("[%s]   %d of %zu counties\n", now_text().c_str(), done, ids.size());
        std::fflush(stdout);
      }
    }
  });
  pg.exec("ALTER TABLE items ENABLE TRIGGER unit_changes_items");
  pg.exec("UPDATE unit_changes SET n = n + 1");
  for (const auto& i : indexes) {
    step("index " + i[0], [&] { pg.exec(i[1]); });
  }
  step("VACUUM ANALYZE", [&] { pg.exec("VACUUM (ANALYZE) items, journal"); });
}

struct Tick {
  double seconds = 0;
  std::size_t items = 0, reminders = 0;
};

// One sweep over every county: the items whose reminders came, found (and, with `plan`,
// planned), the counties spread over as many threads as cores, as `duban serve` spreads them
// over its background loops (engine/main/serve.cpp).
Tick sweep(std::vector<std::unique_ptr<store::Store>>& stores, const config::Config& cfg,
           Instant now, bool plan) {
  Tick t;
  const std::size_t threads = std::max<std::size_t>(
      1, std::min<std::size_t>(stores.size(), std::thread::hardware_concurrency()));
  std::vector<Tick> part(threads);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> running;
  for (std::size_t k = 0; k < threads; ++k) {
    running.emplace_back([&, k] {
      schedule::ReminderPlanner planner(cfg);
      for (std::size_t i = k; i < stores.size(); i += threads) {
        auto uow = stores[i]->begin(store::Intent::read);
        auto due = uow->items().due_for_reminder(now, 10'000'000);
        uow->commit();
        if (plan) {
          for (const auto& item : due) part[k].reminders += planner.plan_item(item, now).size();
        }
        part[k].items += due.size();
      }
    });
  }
  for (auto& r : running) r.join();
  for (const auto& p : part) {
    t.items += p.items;
    t.reminders += p.reminders;
  }
  t.seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  return t;
}

// The floor under the 09:00 figure: the engine's own statement (engine/store/item_reminders.cpp,
// ItemStore::due_for_reminder) through libpq alone, each row's values copied into strings as a
// client that uses them must, the counties spread over the same threads.
Tick raw_sweep(const std::string& url, const std::vector<long long>& counties, Instant now) {
  const std::size_t threads = std::max<std::size_t>(
      1, std::min<std::size_t>(counties.size(), std::thread::hardware_concurrency()));
  std::vector<std::unique_ptr<Pg>> conns;
  for (std::size_t k = 0; k < threads; ++k) conns.push_back(std::make_unique<Pg>(url));
  std::vector<std::size_t> found(threads);
  const auto at = std::to_string(now.time_since_epoch().count());
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> running;
  for (std::size_t k = 0; k < threads; ++k) {
    running.emplace_back([&, k] {
      for (std::size_t i = k; i < counties.size(); i += threads) {
        const auto sql =
            "SELECT id, CASE WHEN standing = 1 THEN report_due ELSE due_date END, remind_at,"
            " state, unit_id, owner, CASE WHEN standing = 1 THEN '【长期坚持·进展报告】' || title"
            " ELSE title END, round_id, CASE WHEN state = 'assigned' AND acknowledged_by = ''"
            " THEN assigned_at END FROM items WHERE county_id = " +
            std::to_string(counties[i]) + " AND remind_at <= " + at + " ORDER BY remind_at";
        PGresult* r = PQexec(conns[k]->db, sql.c_str());
        if (PQresultStatus(r) != PGRES_TUPLES_OK) fail(PQerrorMessage(conns[k]->db));
        std::vector<std::string> values(PQnfields(r));
        for (int row = 0; row < PQntuples(r); ++row) {
          for (int col = 0; col < PQnfields(r); ++col) values[col] = PQgetvalue(r, row, col);
          ++found[k];
        }
        PQclear(r);
      }
    });
  }
  for (auto& r : running) r.join();
  Tick t;
  for (auto n : found) t.items += n;
  t.seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  int counties = 100, per_county = 100'000, runs = 3, cache_mb = 64;
  double rate = 500, seconds = 30;
  bool keep = false;
  std::string admin;
  fs::path dir = fs::temp_directory_path() / "duban-bench-scale";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << "usage: duban_bench_scale [--counties 100] [--items 100000] [--rate 500]"
                   " [--seconds 30] [--runs 3] [--page-cache-mb 64] [--dir DIR]"
                   " [--postgresql URL] [--keep]\n"
                   "  --items       per county (100 × 100,000: the issue's 10,000,000)\n"
                   "  --postgresql  an admin URL of a running server: its loaded duban_scale\n"
                   "                database is reused when it holds as many items\n"
                   "  --keep        leave the throwaway cluster running (its URL is printed)\n";
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
    } else if (a == "--items") {
      per_county = std::stoi(v);
    } else if (a == "--rate") {
      rate = std::stod(v);
    } else if (a == "--seconds") {
      seconds = std::stod(v);
    } else if (a == "--runs") {
      runs = std::stoi(v);
    } else if (a == "--dir") {
      dir = v;
    } else if (a == "--page-cache-mb") {
      cache_mb = std::stoi(v);
    } else if (a == "--postgresql") {
      admin = v;
    } else {
      fail("unknown option " + a + " (--help)");
    }
  }
  if (counties < 1 || counties > 999 || per_county < 1) fail("--counties 1..999, --items >= 1");
  set_current_lang(Lang::en);
  fs::create_directories(dir);
  const auto src = fs::path(DUBAN_SOURCE_DIR);
  const auto script = src / "tests/support/pg_cluster.sh";
  const bool own = admin.empty();
  if (own) {
    if (bench::run("PG_CLUSTER_DURABLE=1 PG_CLUSTER_OPTIONS='-c shared_buffers=2GB"
                   " -c maintenance_work_mem=1GB -c max_wal_size=16GB -c checkpoint_timeout=30min"
                   " -c effective_cache_size=16GB -c random_page_cost=1.1' bash " +
                   script.string() + " start " + (dir / "pg").string()) != 0)
      fail("cannot start PostgreSQL");
    admin = bench::first_line(dir / "pg" / "url");
  }
  const auto url = admin.substr(0, admin.rfind('/') + 1) + kDatabase;
  const auto yaml = dir / "duban.yaml";
  std::ofstream(yaml) << "county: 示范县\ncounty_code: c001\ntime_zone: \"+08:00\"\nunits: "
                      << (src / "config/demo/units.yaml").string()
                      << "\nworkflows: " << (src / "workflows").string()
                      << "\ncalendar: " << (src / "config/calendar").string()
                      << "\ndata_dir: " << (dir / "var").string()
                      << "\ndatabase: {backend: postgresql, url: \"" << url
                      << "\"}\nclock: {allow_pinned: true}\n"
                         "server: {requests_per_second: 1000000, burst: 1000000, page_cache_mb: "
                      << cache_mb << "}\n";
  auto cfg = config::load_config(yaml);
  const long long want = static_cast<long long>(counties) * per_county;
  {
    Pg pg(admin);
    bool loaded = false;
    if (!pg.value("SELECT 1 FROM pg_database WHERE datname = '" + std::string(kDatabase) + "'")
             .empty()) {
      Pg db(url);
      loaded = db.value("SELECT COUNT(*) FROM counties") == std::to_string(counties) &&
               db.value("SELECT COUNT(*) FROM items") == std::to_string(want);
    }
    if (loaded) {
      std::printf("reusing %s: %d counties, %lld items\n", kDatabase, counties, want);
    } else {
      pg.exec(std::string("DROP DATABASE IF EXISTS ") + kDatabase);
      pg.exec(std::string("CREATE DATABASE ") + kDatabase);
      double s = step("loading " + std::to_string(want) + " items",
                      [&] { load(url, yaml, dir, cfg, counties, per_county); });
      std::printf("loaded in %.0f s\n", s);
    }
  }

  // 1. Size.
  {
    Pg db(url);
    auto bytes = std::stod(db.value("SELECT pg_database_size(current_database())"));
    auto items = std::stod(db.value("SELECT pg_total_relation_size('items')"));
    auto journal = std::stod(db.value("SELECT pg_total_relation_size('journal')"));
    auto entries = db.value("SELECT COUNT(*) FROM journal");
    std::printf(
        "\nsize: %.2f GiB for %lld items and %s journal entries: %.0f bytes per item"
        " (target <= 2048)\n  items with their indexes %.0f bytes per item, journal with"
        " its indexes %.0f, the rest %.0f\n",
        bytes / (1 << 30), want, entries.c_str(), bytes / want, items / want, journal / want,
        (bytes - items - journal) / want);
    for (const auto& r :
         db.exec("SELECT indexrelid::regclass, pg_relation_size(indexrelid) FROM pg_index WHERE"
                 " indrelid IN ('items'::regclass, 'journal'::regclass) ORDER BY 2 DESC"))
      std::printf("    %-32s %6.0f bytes per item\n", r[0].c_str(), std::stod(r[1]) / want);
  }

  // 2. The sweep over every county.
  {
    store::DatabaseOptions o;
    o.backend = store::Backend::postgresql;
    o.postgresql = url;
    o.county = "c001";
    auto first = store::open_store(o, cfg.zone);
    std::vector<std::unique_ptr<store::Store>> stores;
    for (const auto& c : first->counties()) stores.push_back(first->for_county(c.code));
    std::vector<long long> ids;
    for (const auto& row : Pg(url).exec("SELECT id FROM counties ORDER BY id"))
      ids.push_back(std::stoll(row[0]));
    std::vector<double> idle, nine, found, raw, ratio;
    Tick t;
    const auto nine_o_clock = *parse_local_time(kNineOClock, cfg.zone);
    for (int r = 0; r < runs; ++r) {
      idle.push_back(sweep(stores, cfg, *parse_local_time(kOrdinaryTick, cfg.zone), true).seconds);
      // The engine and libpq alone on the same rows, one after the other in each run.
      found.push_back(sweep(stores, cfg, nine_o_clock, false).seconds);
      auto floor = raw_sweep(url, ids, nine_o_clock);
      raw.push_back(floor.seconds);
      ratio.push_back(100 * floor.seconds / found.back());
      t = sweep(stores, cfg, nine_o_clock, true);
      if (floor.items != t.items) fail("libpq found another number of items than the engine");
      nine.push_back(t.seconds);
    }
    auto i = bench::spread(idle), n = bench::spread(nine), f = bench::spread(found),
         w = bench::spread(raw), q = bench::spread(ratio);
    std::printf(
        "\nthe reminder sweep over %zu counties on %u threads (median of %d, min-max; target <= 2"
        " s):\n"
        "  an ordinary tick (nothing due)   %.3f s (%.3f-%.3f)\n"
        "  the 09:00 tick: %zu items found   %.3f s (%.3f-%.3f)\n"
        "    the same rows through libpq alone (the floor)   %.3f s (%.3f-%.3f): the engine at"
        " %.0f %% (%.0f-%.0f) of libpq's rate\n"
        "  the 09:00 tick: found and %zu reminders planned   %.3f s (%.3f-%.3f)\n",
        stores.size(), std::max(1u, std::thread::hardware_concurrency()), runs, i.median, i.min,
        i.max, t.items, f.median, f.min, f.max, w.median, w.min, w.max, q.median, q.min, q.max,
        t.reminders, n.median, n.min, n.max);
  }

  // 3. The overdue page of one county's units at --rate, open-loop.
  {
    const auto duban = (fs::path(DUBAN_BINARY_DIR) / "engine" / "duban").string();
    const auto env = "DUBAN_LANG=en DUBAN_DATABASE_URL='" + url + "' DUBAN_NOW=" + kArmedAt + " ";
    auto token_file = dir / "token";
    if (bench::run(env + duban + " --config '" + yaml.string() +
                   "' user token office --as office --days 1 --label bench_scale > '" +
                   token_file.string() + "' 2>/dev/null") != 0)
      fail("no token");
    const auto token = bench::first_line(token_file);
    bench::Child server(
        env + duban + " --config '" + yaml.string() + "' serve --listen 127.0.0.1:0",
        dir / "serve.log");
    auto line = server.wait_for("health: http://127.0.0.1:", 120);
    if (line.empty()) fail("serve did not start:\n" + server.output());
    const auto port = std::stoi(line.substr(line.find("127.0.0.1:") + 10));
    std::string paths;
    Pg db(url);
    for (const auto& r : db.exec("SELECT id FROM units WHERE county_id = 1 AND kind IN"
                                 " ('township', 'village') ORDER BY id"))
      paths += " --path '/api/v1/items?overdue=true&unit=" + r[0] + "&limit=100'";
    const auto loop = (fs::path(DUBAN_BINARY_DIR) / "bench" / "duban_bench_openloop").string();
    const auto base = "--url http://127.0.0.1:" + std::to_string(port) + " --token " + token;
    // A short warm-up at the same rate (the server's first requests open its connections).
    bench::run(loop + " " + base + paths + " --rate " + std::to_string(rate) +
               " --seconds 5 > /dev/null");
    std::vector<double> p50, p99, p999, got;
    const std::regex figures(
        R"(rate ([0-9.]+)/s p50 ([0-9.]+) p90 [0-9.]+ p99 ([0-9.]+) p999 ([0-9.]+))");
    for (int r = 0; r < runs; ++r) {
      auto out = dir / ("openloop-" + std::to_string(r) + ".txt");
      int rc = bench::run(loop + " " + base + paths + " --rate " + std::to_string(rate) +
                          " --seconds " + std::to_string(seconds) + " --seed " +
                          std::to_string(r + 1) + " > '" + out.string() + "'");
      auto text = bench::first_line(out);
      std::printf("  run %d: %s\n", r + 1, text.c_str());
      std::smatch m;
      if (rc != 0 || !std::regex_search(text, m, figures)) fail("the run failed: " + text);
      got.push_back(std::stod(m[1]));
      p50.push_back(std::stod(m[2]));
      p99.push_back(std::stod(m[3]));
      p999.push_back(std::stod(m[4]));
    }
    auto g = bench::spread(got), a = bench::spread(p50), b = bench::spread(p99),
         c = bench::spread(p999);
    std::printf(
        "\nGET /items?overdue=true&unit=U&limit=100 on county c001 (of %d), page_cache_mb %d, %.0f"
        " requests/s open-loop for %.0f s (median of %d, min-max):\n"
        "  answered %.1f/s (%.1f-%.1f)\n  p50 %.2f ms (%.2f-%.2f)\n"
        "  p99 %.2f ms (%.2f-%.2f) (target <= 30 ms)\n  p99.9 %.2f ms (%.2f-%.2f)\n",
        counties, cache_mb, rate, seconds, runs, g.median, g.min, g.max, a.median, a.min, a.max,
        b.median, b.min, b.max, c.median, c.min, c.max);
  }
  if (own) {
    if (keep) {
      std::printf("\nthe cluster stays up: %s (stop: bash %s stop %s)\n", admin.c_str(),
                  script.string().c_str(), (dir / "pg").string().c_str());
    } else {
      bench::run("bash " + script.string() + " stop " + (dir / "pg").string());
    }
  }
  return 0;
}
