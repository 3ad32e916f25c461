// duban_bench_clients: persisted item transitions per second with 1, 4 and 16 concurrent clients,
// on SQLite and on PostgreSQL, each next to two limits measured in the same run with as many
// clients: the raw rate of two statements per transaction (an UPDATE of the row with its version,
// an INSERT of the log row) through sqlite3 or libpq; and the engine's own statements for a
// transition (taken from its trace: DUBAN_BENCH_TRACE=1 for SQLite, log_statement=all on
// PostgreSQL) replayed through sqlite3 or libpq on the database the engine just wrote, with a
// table of where one client's time goes.
//
//   ./build/bench/duban_bench_clients [--backend sqlite|postgresql|both] [--clients 1,4,16]
//       [--transitions N] [--runs 3] [--dir DIR] [--postgresql URL]
//
// Each client changes its own item (the six-step cycle rectify, reject, rectify, verify, close,
// reopen), so clients meet only where the database makes them. PostgreSQL: a throwaway cluster of
// the bench's own, durable (fsync and synchronous commit on), started with
// tests/support/pg_cluster.sh and stopped at the end; or --postgresql URL, a server of yours (a
// superuser's admin URL: the bench makes and drops its databases there).
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/item_cases.hpp"
#include "bench_engine.hpp"
#include "support_command.hpp"

namespace fs = std::filesystem;
using namespace duban;
using Seconds = std::chrono::duration<double>;
using bench::Spread;
using bench::spread;

namespace {

// DUBAN_BENCH_TRACE=1: every statement the engine's SQLite connections run, as written (before
// binding), printed to stderr with its thread: how the SQLite list below was taken.
int trace_statement(unsigned, void*, void* stmt, void*) {
  std::ostringstream line;
  line << std::this_thread::get_id() << " " << sqlite3_sql(static_cast<sqlite3_stmt*>(stmt))
       << "\n";
  std::cerr << line.str();
  return 0;
}
int trace_connection(sqlite3* db, const char**, const void*) {
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, &trace_statement, nullptr);
  return SQLITE_OK;
}

[[noreturn]] void fail(const std::string& what) {
  std::cerr << what << "\n";
  std::exit(1);
}

// Runs `work(client)` on `clients` threads; the transitions per second over the wall time.
template <class Work>
double rate(int clients, int per_client, Work&& work) {
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) threads.emplace_back([&, c] { work(c); });
  for (auto& t : threads) t.join();
  return clients * per_client / Seconds(std::chrono::steady_clock::now() - start).count();
}

double raw_sqlite(const fs::path& file, int clients, int n) {
  fs::remove(file);
  sqlite3* setup = nullptr;
  sqlite3_open(file.c_str(), &setup);
  std::string sql =
      "PRAGMA journal_mode=WAL; PRAGMA page_size=2048; CREATE TABLE t (id INTEGER PRIMARY KEY,"
      " state TEXT, version INTEGER); CREATE TABLE log (seq INTEGER PRIMARY KEY, subject TEXT,"
      " event TEXT);";
  for (int c = 0; c < clients; ++c)
    sql += "INSERT INTO t VALUES (" + std::to_string(c + 1) + ", 'assigned', 1);";
  if (sqlite3_exec(setup, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    fail(sqlite3_errmsg(setup));
  sqlite3_close(setup);
  return rate(clients, n, [&](int c) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    sqlite3_busy_timeout(db, 60000);
    sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    sqlite3_stmt *begin, *update, *insert, *commit;
    sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr);
    sqlite3_prepare_v2(db, "UPDATE t SET state = ?, version = version + 1 WHERE id = ?", -1,
                       &update, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO log (subject, event) VALUES (?, ?)", -1, &insert, nullptr);
    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
    const auto subject = "item:" + std::to_string(c + 1);
    for (int i = 0; i < n; ++i) {
      const char* state = i % 2 ? "assigned" : "rectified";
      while (sqlite3_step(begin) == SQLITE_BUSY) sqlite3_reset(begin);
      sqlite3_bind_text(update, 1, state, -1, SQLITE_STATIC);
      sqlite3_bind_int(update, 2, c + 1);
      sqlite3_bind_text(insert, 1, subject.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(insert, 2, state, -1, SQLITE_STATIC);
      if (sqlite3_step(update) != SQLITE_DONE || sqlite3_step(insert) != SQLITE_DONE ||
          sqlite3_step(commit) != SQLITE_DONE)
        fail(sqlite3_errmsg(db));
      for (auto s : {begin, update, insert, commit}) sqlite3_reset(s);
    }
    for (auto s : {begin, update, insert, commit}) sqlite3_finalize(s);
    sqlite3_close(db);
  });
}

void pg_exec(PGconn* db, const char* sql) {
  PGresult* r = PQexec(db, sql);
  auto status = PQresultStatus(r);
  PQclear(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(PQerrorMessage(db));
}

double raw_postgresql(const std::string& url, int clients, int n) {
  PGconn* setup = PQconnectdb(url.c_str());
  if (PQstatus(setup) != CONNECTION_OK) fail(PQerrorMessage(setup));
  pg_exec(setup, "SET client_min_messages = warning");
  pg_exec(setup, "DROP TABLE IF EXISTS raw_t; DROP TABLE IF EXISTS raw_log");
  pg_exec(setup,
          "CREATE TABLE raw_t (id BIGINT PRIMARY KEY, state TEXT, version BIGINT);"
          " CREATE TABLE raw_log (seq BIGSERIAL PRIMARY KEY, subject TEXT, event TEXT)");
  for (int c = 0; c < clients; ++c)
    pg_exec(setup,
            ("INSERT INTO raw_t VALUES (" + std::to_string(c + 1) + ", 'assigned', 1)").c_str());
  PQfinish(setup);
  return rate(clients, n, [&](int c) {
    PGconn* db = PQconnectdb(url.c_str());
    if (PQstatus(db) != CONNECTION_OK) fail(PQerrorMessage(db));
    PQclear(PQprepare(db, "u", "UPDATE raw_t SET state = $1, version = version + 1 WHERE id = $2",
                      2, nullptr));
    PQclear(PQprepare(db, "i", "INSERT INTO raw_log (subject, event) VALUES ($1, $2)", 2, nullptr));
    const auto id = std::to_string(c + 1), subject = "item:" + id;
    for (int i = 0; i < n; ++i) {
      const char* state = i % 2 ? "assigned" : "rectified";
      pg_exec(db, "BEGIN");
      const char* u[] = {state, id.c_str()};
      PQclear(PQexecPrepared(db, "u", 2, u, nullptr, nullptr, 0));
      const char* v[] = {subject.c_str(), state};
      PQclear(PQexecPrepared(db, "i", 2, v, nullptr, nullptr, 0));
      pg_exec(db, "COMMIT");
    }
    PQfinish(db);
  });
}

// The engine's own statements for one transition on PostgreSQL, as its server log shows them
// (log_statement = all; refresh this list from there when the store changes), replayed through
// libpq on the database the engine just wrote, each client on its own item: the limit of the
// engine's transaction on this schema (its indexes, triggers and chain lock) without the engine.
// `spent` gets each statement's share of client 0's time.
struct Statement {
  const char* name;
  const char* sql;
};
const std::vector<Statement> kEngineStatements = {
    {"BEGIN", "BEGIN"},
    {"lock the chain's head", "SELECT seq FROM journal_head WHERE county_id = $1 FOR UPDATE"},
    {"the chain's tail",
     "SELECT seq, hash, at FROM journal WHERE county_id = $1 ORDER BY seq DESC LIMIT 1"},
    {"the actor",
     "SELECT id, name, unit_id, access FROM users WHERE county_id = $1 AND id = $2 AND active = 1"
     " AND disabled_at = ''"},
    {"the item",
     "SELECT id, round_id, source, category, title, manifestation, measures, result, evidence,"
     " unit_id, owner, due_date, state, rework_count, rectified_by, version, journal_seq,"
     " journal_hash, remind_at, assigned_at, acknowledged_by, acknowledged_at, suspended_on,"
     " extension_due, extension_reason, extension_by, extra, standing, report_due FROM items"
     " WHERE id = $1 AND county_id = $2"},
    {"queued reminders",
     "SELECT COUNT(*) FROM reminders WHERE county_id = $1 AND subject = $2 AND status = 'queued'"
     " AND due_at <> $3"},
    {"UPDATE the item",
     "UPDATE items SET measures = $1, result = $2, evidence = $3, owner = $4, due_date = $5,"
     " due_at = $6, state = $7, rework_count = $8, rectified_by = $9, updated_at = $10,"
     " journal_seq = $11, journal_hash = $12, remind_at = $13, version = version + 1 WHERE id ="
     " $14 AND county_id = $15 AND version = $16"},
    {"INSERT the journal entry",
     "INSERT INTO journal (county_id, seq, at, actor, subject, event, state_before, state_after,"
     " changes, reason, pinned_clock, prev_hash, hash, subject_prev) VALUES ($1, $2, $3, $4, $5,"
     " $6, $7, $8, $9, $10, $11, $12, $13, $14)"},
    {"INSERT the observer task",
     "INSERT INTO observer_tasks (county_id, first_seq, last_seq, effects, observers, status,"
     " next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"},
    {"COMMIT", "COMMIT"}};

const std::string kNull = "\x01";  // a parameter sent as NULL

PGresult* pg_run(PGconn* db, std::size_t k, std::vector<std::string> params) {
  std::vector<const char*> v;
  for (auto& p : params) v.push_back(p == kNull ? nullptr : p.c_str());
  PGresult* r = PQexecPrepared(db, ("s" + std::to_string(k)).c_str(), static_cast<int>(v.size()),
                               v.data(), nullptr, nullptr, 0);
  auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(PQerrorMessage(db));
  return r;
}

double raw_engine_statements(const std::string& url, const std::vector<std::int64_t>& items, int n,
                             std::vector<double>& spent) {
  const int clients = static_cast<int>(items.size());
  spent.assign(kEngineStatements.size(), 0);
  return rate(clients, n, [&](int c) {
    PGconn* db = PQconnectdb(url.c_str());
    if (PQstatus(db) != CONNECTION_OK) fail(PQerrorMessage(db));
    for (std::size_t k = 0; k < kEngineStatements.size(); ++k) {
      PGresult* r =
          PQprepare(db, ("s" + std::to_string(k)).c_str(), kEngineStatements[k].sql, 0, nullptr);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) fail(PQerrorMessage(db));
      PQclear(r);
    }
    const auto id = std::to_string(items[static_cast<std::size_t>(c)]);
    const auto subject = "item:" + id;
    const std::string hash(64, 'a');
    for (int i = 0; i < n; ++i) {
      const std::string state = i % 2 ? "assigned" : "rectified";
      std::string seq, version;
      auto step = [&](std::size_t k, std::vector<std::string> params) {
        auto start = std::chrono::steady_clock::now();
        PGresult* r = pg_run(db, k, std::move(params));
        if (k == 2) seq = std::to_string(std::stoll(PQgetvalue(r, 0, 0)) + 1);
        if (k == 4) version = PQgetvalue(r, 0, 15);
        PQclear(r);
        if (c == 0) spent[k] += Seconds(std::chrono::steady_clock::now() - start).count();
      };
      step(0, {});
      step(1, {"1"});
      step(2, {"1"});
      step(3, {"1", "longtan"});
      step(4, {id, "1"});
      step(5, {"1", subject, ""});
      step(6, {"核查", "已整改", "[]", "赵某七", "2030-06-30", "1909065600", state, "2", "longtan",
               "2026-12-07T06:59:07Z", seq, hash, kNull, id, "1", version});
      step(7, {"1", seq, "2026-12-07T06:59:07Z", "longtan", subject, "rectify", "assigned", state,
               "{}", "基准测试", "0", hash, hash, "0"});
      step(8, {"1", seq, seq, R"({"1":["rectification_reported"]})", "*", "pending", "1796626747",
               "1796626747"});
      step(9, {});
    }
    PQfinish(db);
  });
}

// The same on SQLite, from the statements DUBAN_BENCH_TRACE=1 shows, replayed through sqlite3 on
// the file the engine just wrote. With one client the engine's caches hold between transitions
// (PRAGMA data_version says no other connection wrote), so it reads neither the actor nor the
// chain's tail; with several they are read in every transition. The queued reminders are counted
// in every transition here (the engine counts them for some events only).
const std::vector<Statement> kSqliteStatements = {
    {"BEGIN IMMEDIATE", "BEGIN IMMEDIATE"},
    {"others committed?", "PRAGMA data_version"},
    {"the actor (several clients)",
     "SELECT id, name, unit_id, access FROM users WHERE county_id = :c AND id = :id AND active = 1"
     " AND disabled_at = ''"},
    {"the item",
     "SELECT id, round_id, source, category, title, manifestation, measures, result, evidence,"
     " unit_id, owner, due_date, state, rework_count, rectified_by, version, journal_seq,"
     " journal_hash, remind_at, assigned_at, acknowledged_by, acknowledged_at, suspended_on,"
     " extension_due, extension_reason, extension_by, extra, standing, report_due FROM items"
     " WHERE id = :id AND county_id = :c"},
    {"queued reminders",
     "SELECT COUNT(*) FROM reminders WHERE county_id = :c AND subject = :s AND status = 'queued'"
     " AND due_at <> :keep"},
    {"the chain's tail (several)",
     "SELECT seq, hash, at FROM journal WHERE county_id = :c ORDER BY seq DESC LIMIT 1"},
    {"UPDATE the item",
     "UPDATE items SET measures = :measures, result = :result, evidence = :evidence, owner ="
     " :owner, due_date = :due_date, due_at = :due_at, state = :state, rework_count = :rework,"
     " rectified_by = :rectified_by, updated_at = :at, journal_seq = :journal_seq, journal_hash ="
     " :journal_hash, remind_at = :remind_at, version = version + 1 WHERE id = :id AND county_id ="
     " :c AND version = :version"},
    {"INSERT the journal entry",
     "INSERT INTO journal (county_id, seq, at, actor, subject, event, state_before, state_after,"
     " changes, reason, pinned_clock, prev_hash, hash, subject_prev) VALUES (:c, :seq, :at,"
     " :actor, :subject, :event, :before, :after, :changes, :reason, :pinned, :prev, :hash,"
     " :subject_prev)"},
    {"INSERT the observer task",
     "INSERT INTO observer_tasks (county_id, first_seq, last_seq, effects, observers, status,"
     " next_attempt_at, created_at) VALUES (:county, :f, :l, :e, :o, :s, :n, :c) RETURNING id"},
    {"COMMIT", "COMMIT"}};

double sqlite_engine_statements(const fs::path& file, const std::vector<std::int64_t>& items, int n,
                                std::vector<double>& spent) {
  const int clients = static_cast<int>(items.size());
  spent.assign(kSqliteStatements.size(), 0);
  std::atomic<long long> next_seq = 0;
  return rate(clients, n, [&](int c) {
    sqlite3* db = nullptr;
    if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) fail(sqlite3_errmsg(db));
    sqlite3_busy_timeout(db, 60000);
    // As the engine opens its connections (store/sqlite): WAL, synchronous FULL.
    sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    std::vector<sqlite3_stmt*> prepared;
    for (const auto& st : kSqliteStatements) {
      sqlite3_stmt* p = nullptr;
      if (sqlite3_prepare_v3(db, st.sql, -1, SQLITE_PREPARE_PERSISTENT, &p, nullptr) != SQLITE_OK)
        fail(std::string(st.name) + ": " + sqlite3_errmsg(db));
      prepared.push_back(p);
    }
    const auto id = std::to_string(items[static_cast<std::size_t>(c)]);
    const auto subject = "item:" + id;
    const std::string hash(64, 'a');
    const bool cached = clients == 1;
    if (cached) {  // the tail the engine's cache holds
      sqlite3_stmt* t = prepared[5];
      sqlite3_bind_int64(t, 1, 1);
      if (sqlite3_step(t) == SQLITE_ROW) next_seq = sqlite3_column_int64(t, 0);
      sqlite3_reset(t);
    }
    for (int i = 0; i < n; ++i) {
      const std::string state = i % 2 ? "assigned" : "rectified";
      std::string seq;
      long long version = 0;
      auto step = [&](std::size_t k, std::vector<std::string> params) {
        auto start = std::chrono::steady_clock::now();
        sqlite3_stmt* p = prepared[k];
        for (std::size_t j = 0; j < params.size(); ++j) {
          const int at = static_cast<int>(j) + 1;
          const auto& v = params[j];
          const bool number =
              !v.empty() && v.size() < 19 && v.find_first_not_of("0123456789") == std::string::npos;
          if (v == kNull) {
            sqlite3_bind_null(p, at);
          } else if (number) {
            sqlite3_bind_int64(p, at, std::stoll(v));
          } else {
            sqlite3_bind_text(p, at, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
          }
        }
        int rc;
        while ((rc = sqlite3_step(p)) == SQLITE_ROW) {
          if (k == 3) version = sqlite3_column_int64(p, 15);
          if (k == 5) seq = std::to_string(sqlite3_column_int64(p, 0) + 1);
        }
        if (rc != SQLITE_DONE)
          fail(std::string(kSqliteStatements[k].name) + ": " + sqlite3_errmsg(db));
        sqlite3_reset(p);
        sqlite3_clear_bindings(p);
        if (c == 0) spent[k] += Seconds(std::chrono::steady_clock::now() - start).count();
      };
      step(0, {});
      step(1, {});
      if (!cached) step(2, {"1", "longtan"});
      step(3, {id, "1"});
      step(4, {"1", subject, ""});
      if (cached) {
        seq = std::to_string(++next_seq);
      } else {
        step(5, {"1"});
      }
      step(6, {"核查", "已整改", "[]", "赵某七", "2030-06-30", "1909065600", state, "2", "longtan",
               "2026-12-07T06:59:07Z", seq, hash, kNull, id, "1", std::to_string(version)});
      step(7, {"1", seq, "2026-12-07T06:59:07Z", "longtan", subject, "rectify", "assigned", state,
               "{}", "基准测试", "0", hash, hash, "0"});
      step(8, {"1", seq, seq, R"({"1":["rectification_reported"]})", "*", "pending", "1796626747",
               "1796626747"});
      step(9, {});
    }
    for (auto* p : prepared) sqlite3_finalize(p);
    sqlite3_close(db);
  });
}

double engine(const store::DatabaseOptions& options, int clients, int n,
              std::vector<std::int64_t>* made = nullptr) {
  auto o = options;
  o.pool_size = clients;
  bench::Engine e(o);
  std::vector<std::int64_t> items;
  for (int c = 0; c < clients; ++c) {
    app::AddItem add{"office", "", "national", "精准识别", "基准测试事项", "", "longtan"};
    auto id = app::add_item(*e.services, add).id;
    app::change_item(
        *e.services,
        {"office", id, ItemEventKind::assign, "", "", "赵某七", "核查", "2030-06-30", "", {}});
    items.push_back(id);
  }
  struct Step {
    ItemEventKind kind;
    const char* actor;
  };
  static const std::vector<Step> cycle = {
      {ItemEventKind::rectify, "longtan"}, {ItemEventKind::reject, "inspector"},
      {ItemEventKind::rectify, "longtan"}, {ItemEventKind::verify, "inspector"},
      {ItemEventKind::close, "office"},    {ItemEventKind::reopen, "office"}};
  double r = rate(clients, n, [&](int c) {
    for (int i = 0; i < n; ++i) {
      const auto& s = cycle[static_cast<std::size_t>(i) % cycle.size()];
      app::ChangeItem req;
      req.actor = s.actor;
      req.id = items[static_cast<std::size_t>(c)];
      req.event = s.kind;
      req.reason = "基准测试";
      req.result = "已整改";
      app::change_item(*e.services, req);
    }
  });
  if (!app::audit_verify(*e.services).ok) fail("the journal does not verify");
  if (made) *made = items;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string backend = "both", url;
  std::vector<int> clients = {1, 4, 16};
  int n = 600, runs = 3;
  fs::path dir = fs::temp_directory_path() / "duban-bench-clients";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help") {
      std::cout << "usage: duban_bench_clients [--backend sqlite|postgresql|both] [--clients "
                   "1,4,16] [--transitions N] [--runs 3] [--dir DIR] [--postgresql URL]\n"
                   "  --transitions  per client and run (default 600)\n"
                   "  --postgresql   an admin URL of a running server (default: a throwaway "
                   "cluster)\n";
      return 0;
    }
    if (i + 1 >= argc) fail("missing a value after " + a);
    std::string v = argv[++i];
    if (a == "--backend") {
      backend = v;
    } else if (a == "--clients") {
      clients.clear();
      std::stringstream in(v);
      for (std::string part; std::getline(in, part, ',');) clients.push_back(std::stoi(part));
    } else if (a == "--transitions") {
      n = std::stoi(v);
    } else if (a == "--runs") {
      runs = std::stoi(v);
    } else if (a == "--dir") {
      dir = v;
    } else if (a == "--postgresql") {
      url = v;
    } else {
      fail("unknown option " + a + " (--help)");
    }
  }
  fs::create_directories(dir);
  set_current_lang(Lang::en);
  if (const char* t = std::getenv("DUBAN_BENCH_TRACE"); t && std::string(t) == "1") {
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(&trace_connection));
  }
  const auto script = fs::path(DUBAN_SOURCE_DIR) / "tests/support/pg_cluster.sh";
  const auto cluster = dir / "pg";
  const bool own_cluster = url.empty() && backend != "sqlite";
  if (own_cluster) {
    if (bench::run("PG_CLUSTER_DURABLE=1 bash " + script.string() + " start " + cluster.string()) !=
        0)
      fail("cannot start PostgreSQL");
    url = bench::first_line(cluster / "url");
  }
  std::printf("%-10s %7s %18s %18s %20s %18s %20s\n", "backend", "clients", "engine/s", "raw/s",
              "engine/raw", "same/s", "engine/same");
  // One client: each statement's share of the replay's time (last run), per backend.
  std::vector<double> spent, sqlite_spent;
  for (const std::string b : {"sqlite", "postgresql"}) {
    if (backend != "both" && backend != b) continue;
    for (int c : clients) {
      std::vector<double> eng, raw, ratio, same, same_ratio;
      for (int r = 0; r < runs; ++r) {
        store::DatabaseOptions o;
        double e = 0, w = 0;
        if (b == "sqlite") {
          o.sqlite_path = dir / ("engine-" + std::to_string(c) + "-" + std::to_string(r) + ".db");
          fs::remove(o.sqlite_path);
          std::vector<std::int64_t> items;
          e = engine(o, c, n, &items);
          w = raw_sqlite(dir / "raw.db", c, n);
          std::vector<double> shares;
          const double m = sqlite_engine_statements(o.sqlite_path, items, n, shares);
          same.push_back(m);
          same_ratio.push_back(e / m);
          if (c == 1) sqlite_spent = shares;
        } else {
          // A database per run, made on the cluster.
          auto name = "bench_" + std::to_string(c) + "_" + std::to_string(r);
          bench::run("PGOPTIONS='-c client_min_messages=warning' psql -X -q '" + url +
                     "' -c 'DROP DATABASE IF EXISTS " + name + "' -c 'CREATE DATABASE " + name +
                     "'");
          o.backend = store::Backend::postgresql;
          o.postgresql = url.substr(0, url.rfind('/') + 1) + name;
          w = raw_postgresql(o.postgresql, c, n);
          std::vector<std::int64_t> items;
          e = engine(o, c, n, &items);
          std::vector<double> shares;
          const double m = raw_engine_statements(o.postgresql, items, n, shares);
          same.push_back(m);
          same_ratio.push_back(e / m);
          if (c == 1) spent = shares;
        }
        eng.push_back(e);
        raw.push_back(w);
        ratio.push_back(e / w);
      }
      auto se = spread(eng), sw = spread(raw), sr = spread(ratio);
      std::printf("%-10s %7d %6.0f (%.0f–%.0f) %6.0f (%.0f–%.0f) %5.1f %% (%.1f–%.1f)", b.c_str(),
                  c, se.median, se.min, se.max, sw.median, sw.min, sw.max, 100 * sr.median,
                  100 * sr.min, 100 * sr.max);
      if (same.empty()) {
        std::printf(" %18s %20s\n", "-", "-");
      } else {
        auto sm = spread(same), sq = spread(same_ratio);
        std::printf(" %6.0f (%.0f–%.0f) %5.1f %% (%.1f–%.1f)\n", sm.median, sm.min, sm.max,
                    100 * sq.median, 100 * sq.min, 100 * sq.max);
      }
    }
  }
  auto shares = [&](const char* backend_name, const std::vector<double>& times,
                    const std::vector<Statement>& list) {
    if (times.empty()) return;
    double total = 0;
    for (double t : times) total += t;
    std::printf(
        "\n%s, one client, the engine's statements replayed (last run): where a "
        "transition's time goes\n",
        backend_name);
    for (std::size_t k = 0; k < times.size(); ++k) {
      if (times[k] == 0) continue;
      std::printf("  %-28s %7.1f µs %5.1f %%\n", list[k].name, 1e6 * times[k] / n,
                  100 * times[k] / total);
    }
  };
  shares("SQLite", sqlite_spent, kSqliteStatements);
  shares("PostgreSQL", spent, kEngineStatements);
  if (own_cluster) bench::run("bash " + script.string() + " stop " + cluster.string());
  return 0;
}
