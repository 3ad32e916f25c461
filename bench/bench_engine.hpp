#pragma once
// The engine as the benchmarks open it: the shipped configuration on a fresh SQLite file.
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "app/post_commit.hpp"
#include "app/queries.hpp"
#include "clock/clock.hpp"
#include "config/config.hpp"
#include "store/soci_store.hpp"

namespace duban::bench {

inline store::DatabaseOptions sqlite_options(const std::filesystem::path& db) {
  store::DatabaseOptions options;
  options.sqlite_path = db;
  return options;
}

struct Engine {
  config::Config cfg;
  SystemClock clock;
  app::PostCommit post_commit;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<app::Services> services;
  explicit Engine(const std::filesystem::path& db) : Engine(sqlite_options(db)) {}
  /// On any database (PostgreSQL: options.postgresql), with options.pool_size sessions.
  explicit Engine(const store::DatabaseOptions& options) {
    cfg = config::load_config(std::filesystem::path(DUBAN_SOURCE_DIR) / "config" / "duban.yaml");
    cfg.database.path = options.sqlite_path;
    store = store::open_store(options, cfg.zone);
    services = std::make_unique<app::Services>(app::Services{*store, cfg, clock, post_commit});
    // As the server runs: with the shipped rule plugins configured, every commit writes its
    // observer task (DUBAN_BENCH_NO_TASKS=1 measures without, for the comparison).
    const char* no_tasks = std::getenv("DUBAN_BENCH_NO_TASKS");
    post_commit.record_tasks(!cfg.plugins.empty() && !(no_tasks && *no_tasks == '1'));
    app::init_database(*services);
  }
};

}  // namespace duban::bench
