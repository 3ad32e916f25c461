#pragma once
// The HTTP routes, thin over app/: what each path answers. The server (http_server.hpp) only
// moves bytes; the composition root wires the two together.
#include "api/api.hpp"
#include "api/http_server.hpp"

namespace duban::api {

/// GET / (what this service is), GET /healthz, and the REST API under /api/v1 (api.hpp); an
/// unknown path is a problem+json 404, a method a path does not take a 405.
Handler routes(RouteContext context);

}  // namespace duban::api
