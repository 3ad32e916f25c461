#pragma once
// What every use case is given: the store, the validated configuration, the clock and the
// post-commit hook. Passed explicitly; there is no global context.
#include "app/post_commit.hpp"
#include "clock/clock.hpp"
#include "config/config.hpp"
#include "store/repositories.hpp"

namespace duban::app {

struct Services {
  store::Store& store;
  const config::Config& config;
  const Clock& clock;
  PostCommit& post_commit;
};

}  // namespace duban::app
