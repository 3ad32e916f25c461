#pragma once
// The HTTP routes, thin over app/: what each path answers. The server (http_server.hpp) only
// moves bytes; the composition root wires the two together.
#include <functional>
#include <optional>

#include "api/http_server.hpp"
#include "app/services.hpp"
#include "domain/sweep.hpp"

namespace duban::api {

/// What the routes read besides the use cases.
struct RouteContext {
  app::Services& services;
  /// The scheduler's last sweep, if it has swept yet.
  std::function<std::optional<SweepResult>()> last_sweep;
};

/// GET / (what this service is) and GET /healthz (status, schema, clock, last sweep); anything
/// else is a problem+json 404, and a method other than GET or HEAD on /healthz a 405.
Handler routes(RouteContext context);

}  // namespace duban::api
