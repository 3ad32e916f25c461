#pragma once
// One server for several counties (`counties:` in duban.yaml): each request goes to its county's
// routes. A request with a token goes to the county that issued it (looked up once, then
// remembered); a login names its county (the body's "county", or the user name as
// "520102/office"); anything else goes where X-Duban-County says, or to the first county.
// A token no county knows is answered by the first county's routes: 401, as for one server.
// The province's office, if one is served, reads every county's summary (read-only).
#include <functional>
#include <string>
#include <vector>

#include "api/http_server.hpp"
#include "app/services.hpp"

namespace duban::api {

struct CountyRoute {
  app::Services* services = nullptr;  ///< the county's (its code, its name, its tokens)
  Handler handler;
  /// The province's (or prefecture's) office (duban.yaml `province: true`): its users read
  /// GET /api/v1/province/counties, every county's summary and published rankings, and change
  /// nothing anywhere.
  bool province = false;
};

/// `counties`: the first answers what names no county.
Handler county_router(std::vector<CountyRoute> counties);

/// The routes the county router answers itself (method, path), beside each county's.
std::vector<std::pair<std::string, std::string>> county_router_routes();

}  // namespace duban::api
