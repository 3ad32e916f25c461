// Evidence files: POST /api/v1/items/{id}/evidence?name=… (the file as the body),
// GET /api/v1/items/{id}/evidence, GET /api/v1/items/{id}/evidence/{evidence} (the file).
#include "api/api.hpp"
#include "app/evidence_cases.hpp"

namespace duban::api {

namespace {

nlohmann::json to_json(const EvidenceRecord& e) {
  return {
      {"id", e.id},
      {"item", e.item},
      {"name", e.name},
      {"type", e.type},
      {"size", e.size},
      {"sha256", e.sha256},
      {"at", e.at},
      {"by", e.by},
      {"href", "/api/v1/items/" + std::to_string(e.item) + "/evidence/" + std::to_string(e.id)}};
}

// RFC 5987: filename*=UTF-8''%E5%8F%B0… (and an ASCII stand-in for old clients).
std::string disposition(const std::string& name) {
  static const char* hex = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  return "attachment; filename=\"evidence\"; filename*=UTF-8''" + encoded;
}

}  // namespace

bool is_evidence_upload(std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  return path == "/api/v1/items/import" ||
         (path.starts_with("/api/v1/items/") && path.ends_with("/evidence"));
}

void add_evidence_routes(Router& router, ApiState& state) {
  router.add("POST", "/api/v1/items/{id}/evidence", user_route(state, [&state](Call& call) {
               app::AttachEvidence request;
               request.actor = call.user.id;
               request.item = call.id("id");
               request.name = call.get("name");
               request.declared_type = call.request.header("content-type");
               request.bytes = call.request.body;
               request.max_bytes = state.context.options.upload_bytes;
               auto e = app::attach_evidence(state.services(), request);
               auto r = json_response(201, to_json(e));
               r.headers.emplace_back("Location", to_json(e)["href"].get<std::string>());
               return r;
             }));
  router.add(
      "GET", "/api/v1/items/{id}/evidence", user_route(state, [&state](Call& call) {
        auto list = nlohmann::json::array();
        for (const auto& e : app::list_evidence(state.services(), call.user.id, call.id("id")))
          list.push_back(to_json(e));
        return json_response(200, {{"evidence", list}});
      }));
  router.add(
      "GET", "/api/v1/items/{id}/evidence/{evidence}", user_route(state, [&state](Call& call) {
        auto file =
            app::read_evidence(state.services(), call.user.id, call.id("id"), call.id("evidence"));
        Response r{200, file.record.type, std::move(file.bytes), {}};
        r.headers.emplace_back("Content-Disposition", disposition(file.record.name));
        r.headers.emplace_back("X-Content-Type-Options", "nosniff");
        r.headers.emplace_back("ETag", "\"" + file.record.sha256 + "\"");
        return r;
      }));
}

}  // namespace duban::api
