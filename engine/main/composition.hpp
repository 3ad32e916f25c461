#pragma once
// The composition root: the one place that wires concrete types together.
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "app/services.hpp"
#include "cli/cli.hpp"
#include "config/config.hpp"
#include "plugin/registry.hpp"

namespace duban::main {

/// Loads the configuration, picks the clock (DUBAN_NOW pins it, for demos and tests), opens and
/// migrates the store and mirrors the configured units into it.
std::shared_ptr<app::Services> open_services(const std::string& config_path);
/// The same for a configuration already loaded; `beside`: a store of the same database whose
/// connections this county's units of work share (a county `duban serve` serves beside the
/// first: one pool for every county, `database.pool_size` connections).
std::shared_ptr<app::Services> services_for(config::Config cfg, store::Store* beside = nullptr);

/// `duban serve` (main/serve.cpp): the HTTP server, and each county's scheduler, dispatcher and
/// observer tasks, until SIGINT/SIGTERM.
int serve(app::Services& services, const std::string& listen, std::ostream& out);

/// The configured plugins, loaded, with the rule plugins' Host wired to the use cases, and added
/// as observers of what `services` commits. Throws Error(plugin_failed) if a required one fails.
std::shared_ptr<plugin::Registry> observing_plugins(app::Services& services, const Clock& clock,
                                                    std::function<void(const std::string&)> log);

cli::Hooks hooks();

/// DUBAN_NOW, if set and the configuration allows it (clock.allow_pinned); Error otherwise.
std::optional<Instant> pinned_now(const config::Config& cfg);
/// DUBAN_CLOCK_OFFSET (seconds, where clock.allow_pinned): the clock runs, shifted by it; several
/// processes started at different times agree (drills, tests of several nodes). 0 when unset.
std::chrono::seconds clock_offset(const config::Config& cfg);

}  // namespace duban::main
