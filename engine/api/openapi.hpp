#pragma once
// The OpenAPI 3.1 document of the REST API (engine/api/openapi.json), built into the binary.
// tests/api/openapi_test.cpp checks it against the routes the server has and the bodies it
// returns; Redocly CLI lints it (scripts/test.sh).
#include <string_view>

namespace duban::api {

std::string_view openapi_json();

}  // namespace duban::api
