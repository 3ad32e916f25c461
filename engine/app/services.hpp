#pragma once
// What every use case is given: the store, the validated configuration and the clock.
// Passed explicitly; there is no global context.
#include "clock/clock.hpp"
#include "config/config.hpp"
#include "store/store.hpp"

namespace duban::app {

struct Services {
  store::Store& store;
  const config::Config& config;
  const Clock& clock;
};

}  // namespace duban::app
