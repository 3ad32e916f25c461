#pragma once
// The engine in-process on a real database (a SQLite file, or PostgreSQL:
// support/test_database.hpp): the demo configuration, a ManualClock and the post-commit hook, as
// the composition root wires them.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "app/queries.hpp"
#include "app/services.hpp"
#include "clock/clock.hpp"
#include "config/config.hpp"
#include "domain/errors.hpp"
#include "store/soci_store.hpp"
#include "support/test_database.hpp"
#include "support/test_support.hpp"

namespace duban::testing {

class Engine : public ::testing::Test {
 protected:
  void SetUp() override {
    set_current_lang(Lang::en);
    config_ = config::load_config(source_dir() / "config" / "duban.yaml");
    config_.database.path = dir_ / "duban.db";
    database_ = std::make_unique<TestDatabase>(config_.database.path);
    store_ = open_store();
    services_ =
        std::make_unique<app::Services>(app::Services{*store_, config_, clock_, post_commit_});
    app::init_database(*services_);
  }
  std::unique_ptr<store::Store> open_store() {
    return store::open_store(database_->options(), config_.zone);
  }
  app::Services& services() { return *services_; }
  /// The code of the Error `f` throws; fails the test if it throws none.
  Errc refusal(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.code();
    }
    ADD_FAILURE() << "not refused";
    return Errc::internal;
  }

  TempDir dir_;
  config::Config config_;
  ManualClock clock_{*parse_utc("2020-06-01T01:00:00Z")};
  app::PostCommit post_commit_;
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<app::Services> services_;
};

}  // namespace duban::testing
