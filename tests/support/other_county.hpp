#pragma once
// A second county beside an engine fixture's, on the same database (PostgreSQL: an SQLite file
// holds one county): the fixture's configuration under another code and name, its own store,
// services and post-commit hook, its units and users synced.
#include <memory>
#include <string>

#include "app/queries.hpp"
#include "app/services.hpp"
#include "store/soci_store.hpp"
#include "support/test_database.hpp"

namespace duban::testing {

struct OtherCounty {
  /// `adjust` may change the configuration (units, say) before the county is opened.
  OtherCounty(const TestDatabase& database, config::Config config, Clock& clock,
              const std::string& code, const std::string& name,
              const std::function<void(config::Config&)>& adjust = {})
      : config(std::move(config)) {
    this->config.county = name;
    this->config.county_code = code;
    if (adjust) adjust(this->config);
    auto options = database.options();
    options.county = code;
    options.county_name = name;
    store = store::open_store(options, this->config.zone);
    services = std::make_unique<app::Services>(app::Services{*store, this->config, clock, post});
    app::init_database(*services);
  }
  config::Config config;
  app::PostCommit post;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<app::Services> services;
};

}  // namespace duban::testing
