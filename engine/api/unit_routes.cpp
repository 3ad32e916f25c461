// GET /api/v1/units, GET /api/v1/units/{id}.
#include "api/api.hpp"
#include "app/json_views.hpp"
#include "app/queries.hpp"

namespace duban::api {

void add_unit_routes(Router& router, ApiState& state) {
  router.add("GET", "/api/v1/units", user_route(state, [&state](Call& call) {
               auto list = nlohmann::json::array();
               for (const auto& u : app::list_units(state.services(), call.get("kind")))
                 list.push_back(app::to_json(u));
               return json_response(200, {{"units", list}});
             }));
  router.add("GET", "/api/v1/units/{id}", user_route(state, [&state](Call& call) {
               return json_response(
                   200, app::to_json(app::show_unit(state.services(), call.params["id"])));
             }));
}

}  // namespace duban::api
