// Problem lists: GET /api/v1/items.csv and /api/v1/items.xlsx (the export, filtered, as import
// reads it back), POST /api/v1/items/import?name=…[&dry_run=true] (the file as the body).
#include <sstream>

#include "api/api.hpp"
#include "app/import_cases.hpp"
#include "app/item_cases.hpp"
#include "app/json_views.hpp"

namespace duban::api {

namespace {

Response export_sheet(ApiState& state, Call& call, app::ExportFormat format) {
  app::ExportOptions options;
  options.actor = call.user.id;
  options.round = call.get("round");
  options.unit = call.get("unit");
  options.format = format;
  auto encoding = call.get("encoding");
  if (encoding == "gb18030") {
    options.encoding = app::Encoding::gb18030;
  } else if (!encoding.empty() && encoding != "utf-8") {
    throw Error(Errc::invalid_argument,
                {"encoding 应为 utf-8 或 gb18030", "encoding must be utf-8 or gb18030"});
  }
  std::ostringstream out;
  app::export_items(state.services(), out, options);
  const bool xlsx = format == app::ExportFormat::xlsx;
  Response r{200,
             xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  : (options.encoding == app::Encoding::gb18030 ? "text/csv; charset=GB18030"
                                                                : "text/csv; charset=utf-8"),
             out.str(),
             {}};
  r.headers.emplace_back("Content-Disposition", std::string("attachment; filename=\"items.") +
                                                    (xlsx ? "xlsx" : "csv") + "\"");
  return r;
}

Response import_sheet(ApiState& state, Call& call) {
  app::ImportOptions options;
  auto dry = call.get("dry_run");
  options.dry_run = dry == "true" || dry == "1";
  auto name = call.get("name");
  if (name.empty()) {
    throw validation_failed(
        {{"name",
          {"请给出文件名(如 问题清单.xlsx)", "give the file's name (e.g. problems.xlsx)"}}});
  }
  std::istringstream in(call.request.body);
  try {
    auto result = app::import_items(state.services(), call.user.id, in, name, options, {});
    auto j = app::to_json(result);
    j["errors"] = nlohmann::json::array();
    return json_response(options.dry_run ? 200 : 201, j);
  } catch (const app::ImportRefused& e) {
    // All or nothing: every refused row with its line, nothing written.
    HttpProblem p;
    p.status = 422;
    p.title = "Unprocessable Content";
    p.code = "import_invalid";
    p.detail = e.text();
    auto body = nlohmann::json::array();
    for (const auto& row : e.result().plan) {
      if (row.action != app::RowPlan::Action::refused) continue;
      for (const auto& why : row.problems)
        p.errors.push_back({"line " + std::to_string(row.line), why});
    }
    auto r = to_response(p);
    auto j = nlohmann::json::parse(r.body);
    for (auto& err : j["errors"]) {
      auto field = err["field"].get<std::string>();
      err["line"] = std::stoi(field.substr(5));
      err.erase("field");
    }
    j["created"] = 0;
    j["updated"] = 0;
    // A dry run's plan, every row (the dashboard shows what each would do, and why not).
    if (auto whole = app::to_json(e.result()); whole.contains("plan")) j["plan"] = whole["plan"];
    r.body = app::dump_json(j);
    return r;
  }
}

}  // namespace

void add_sheet_routes(Router& router, ApiState& state) {
  router.add("GET", "/api/v1/items.csv", user_route(state, [&state](Call& call) {
               return export_sheet(state, call, app::ExportFormat::csv);
             }));
  router.add("GET", "/api/v1/items.xlsx", user_route(state, [&state](Call& call) {
               return export_sheet(state, call, app::ExportFormat::xlsx);
             }));
  router.add("POST", "/api/v1/items/import",
             user_route(state, [&state](Call& call) { return import_sheet(state, call); }));
}

}  // namespace duban::api
