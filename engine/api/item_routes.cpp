// Items: GET/POST /api/v1/items, GET /api/v1/items/{id} (ETag), POST /api/v1/items/{id}/events
// (If-Match), GET /api/v1/items/{id}/journal.
#include <charconv>
#include <set>

#include "api/api.hpp"
#include "api/json_body.hpp"
#include "app/item_cases.hpp"
#include "app/item_change_core.hpp"
#include "app/item_search.hpp"
#include "app/json_views.hpp"

namespace duban::api {

namespace {

std::string etag(const RectificationItem& item) {
  // Appended piece by piece: "\"" + std::to_string(…) + "\"" trips GCC 12's -Wrestrict at -O3.
  std::string tag = "\"";
  tag += std::to_string(item.version);
  tag += '"';
  return tag;
}

/// The item with its ETag; `body`: its JSON when the caller added to it.
Response item_response(int status, const app::ItemView& view,
                       std::optional<nlohmann::json> body = std::nullopt) {
  auto r = json_response(status, body ? *body : app::to_json(view));
  r.headers.emplace_back("ETag", etag(view.item));
  return r;
}

// If-Match: "7" (or 7, or W/"7"); "*" or absent: no condition.
std::optional<std::int64_t> expected_version(const Request& request) {
  auto text = request.header("if-match");
  if (text.empty() || text == "*") return std::nullopt;
  if (text.rfind("W/", 0) == 0) text.erase(0, 2);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    text = text.substr(1, text.size() - 2);
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw validation_failed(
        {{"If-Match", {"应为事项的 ETag,如 \"3\"", "must be the item's ETag, e.g. \"3\""}}});
  }
  return n;
}

// A whole number in the query (`fallback` when absent); its range is checked where it is used.
int integer_of(const Call& call, const std::string& name, int fallback, int low, int high) {
  auto text = call.get(name);
  if (text.empty()) return fallback;
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) {
    const auto range = std::to_string(low) + " 至 " + std::to_string(high);
    const auto range_en = std::to_string(low) + " to " + std::to_string(high);
    throw Error(Errc::invalid_argument, {"参数 " + name + " 应为 " + range + " 的整数",
                                         name + " must be an integer " + range_en});
  }
  return n;
}

bool truth(const Call& call, const std::string& name) {
  if (!call.has(name)) return false;
  auto v = call.get(name);
  if (v.empty() || v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  throw Error(Errc::invalid_argument,
              {"参数 " + name + " 应为 true 或 false", name + " must be true or false"});
}

// The filters an item list and its summary share.
app::ItemSearch search_of(Call& call) {
  app::ItemSearch s;
  s.actor = call.user.id;
  s.state = call.get("state");
  s.unit = call.get("unit");
  s.round = call.get("round");
  s.source = call.get("source");
  s.category = call.get("category");
  s.overdue = truth(call, "overdue");
  s.status = call.get("status");
  s.due_before = call.get("due_before");
  s.q = call.get("q");
  return s;
}

void only_known(const Call& call, const std::set<std::string>& known) {
  for (const auto& [k, v] : call.query) {
    if (!known.count(k)) {
      throw Error(Errc::invalid_argument, {"未知参数:" + k, "unknown parameter: " + k});
    }
  }
}

// GET /items/summary: the items the filters find, per unit and state (the board's counts).
Response summary(ApiState& state, Call& call) {
  only_known(call, {"state", "unit", "round", "source", "category", "overdue", "status",
                    "due_before", "q"});
  // A unit's counts, and the sum of all units' in the same shape.
  auto counts = [](const app::UnitSummary& u) {
    nlohmann::json j = {{"items", u.items}, {"red", u.red}, {"yellow", u.yellow}};
    for (std::size_t i = 0; i < kAllItemStates.size(); ++i)
      j[std::string(to_string(kAllItemStates[i]))] = u.states[i];
    return j;
  };
  auto units = nlohmann::json::array();
  app::UnitSummary all;
  for (const auto& u : app::summarize_items(state.services(), search_of(call))) {
    auto row = counts(u);
    row["unit"] = u.unit;
    row["unit_name"] = u.name;
    units.push_back(std::move(row));
    for (std::size_t i = 0; i < all.states.size(); ++i) all.states[i] += u.states[i];
    all.items += u.items;
    all.red += u.red;
    all.yellow += u.yellow;
  }
  return json_response(200, {{"units", units}, {"all", counts(all)}, {"total", all.items}});
}

// GET /items/trend?days=90: the open and overdue items day by day.
Response trend(ApiState& state, Call& call) {
  only_known(call, {"days"});
  auto list = nlohmann::json::array();
  for (const auto& d :
       app::item_trend(state.services(), call.user.id, integer_of(call, "days", 90, 1, 366)))
    list.push_back({{"day", d.day}, {"open", d.open}, {"overdue", d.overdue}});
  return json_response(200, {{"days", list}});
}

Response list(ApiState& state, Call& call) {
  only_known(call, {"state", "unit", "round", "source", "category", "overdue", "status",
                    "due_before", "q", "sort", "limit", "cursor"});
  // Kept answers (api/page_cache.hpp): the stamp is taken before the page is read.
  const auto& services = state.services();
  const auto change = services.store.change_stamp();
  const bool keep = change && state.context.options.page_cache_bytes > 0;
  PageStamp stamp;
  std::string key;
  if (keep) {
    stamp = {*change, local_date(services.clock.now(), services.config.zone)};
    key = call.user.id;
    key += '\n';
    key += current_lang() == Lang::en ? "en\n" : "zh\n";
    key += call.request.target;
    auto counters_of = [&state](const std::vector<std::string>& units) {
      return app::unit_changes(state.services(), units);
    };
    if (auto kept = state.pages.find(key, stamp, counters_of)) return *kept;
  }
  auto s = search_of(call);
  if (call.has("sort")) s.sort = call.get("sort");
  s.limit = integer_of(call, "limit", 50, 1, app::kMaxPage);
  s.cursor = call.get("cursor");
  auto page = app::find_items(state.services(), s);
  auto items = nlohmann::json::array();
  for (const auto& v : page.items) items.push_back(app::to_json(v));
  nlohmann::json body = {{"items", items}, {"total", page.total}, {"limit", s.limit}};
  body["next_cursor"] =
      page.next_cursor.empty() ? nlohmann::json() : nlohmann::json(page.next_cursor);
  auto r = json_response(200, body);
  if (keep) state.pages.put(key, stamp, r, page.units, page.changes);
  return r;
}

Response create(ApiState& state, Call& call) {
  JsonBody body(call.request);
  app::AddItem request;
  request.actor = call.user.id;
  request.round = body.text("round");
  if (auto source = body.text("source"); !source.empty()) request.source = source;
  request.category = body.text("category");
  request.title = body.text("title", true);
  request.manifestation = body.text("manifestation");
  request.unit = body.text("unit", true);
  body.finish();
  auto item = app::add_item(state.services(), request);
  auto r = item_response(201, app::show_item(state.services(), item.id, call.user.id));
  r.headers.emplace_back("Location", "/api/v1/items/" + std::to_string(item.id));
  return r;
}

Response change(ApiState& state, Call& call) {
  auto id = call.id("id");
  JsonBody body(call.request);
  app::ChangeItem request;
  request.actor = call.user.id;
  request.id = id;
  auto event = body.text("event", true);
  request.reason = body.text("reason");
  request.unit = body.text("unit");
  request.owner = body.text("owner");
  request.measures = body.text("measures");
  request.due = body.text("due");
  request.result = body.text("result");
  request.evidence = body.texts("evidence");
  auto kind = item_event_from(event);
  if (!event.empty() && !kind) {
    body.finish();  // unknown fields first, then the event
    throw validation_failed({{"event", {"未知事件:" + event, "unknown event: " + event}}});
  }
  body.finish();
  request.event = *kind;
  request.expected_version = expected_version(call.request);
  try {
    app::change_item(state.services(), request);
  } catch (const Error& e) {
    if (e.code() != Errc::conflict) throw;
    // Someone else changed it first (another request, another server): the answer says what the
    // item's version is now, so the client can read it and decide again.
    auto r = to_response(e, request.expected_version.has_value());
    auto current = app::show_item(state.services(), id, call.user.id).item.version;
    auto body = nlohmann::json::parse(r.body);
    body["current_version"] = current;
    r.body = app::dump_json(body);
    r.headers.emplace_back("ETag", "\"" + std::to_string(current) + "\"");
    return r;
  }
  return item_response(200, app::show_item(state.services(), id, call.user.id));
}

}  // namespace

void add_item_routes(Router& router, ApiState& state) {
  router.add("GET", "/api/v1/items",
             user_route(state, [&state](Call& call) { return list(state, call); }));
  router.add("POST", "/api/v1/items",
             user_route(state, [&state](Call& call) { return create(state, call); }));
  router.add("GET", "/api/v1/items/trend",
             user_route(state, [&state](Call& call) { return trend(state, call); }));
  router.add("GET", "/api/v1/items/summary",
             user_route(state, [&state](Call& call) { return summary(state, call); }));
  router.add("GET", "/api/v1/items/{id}", user_route(state, [&state](Call& call) {
               auto view = app::show_item(state.services(), call.id("id"), call.user.id);
               if (call.request.header("if-none-match") == etag(view.item)) {
                 Response r{304, "application/json", "", {}};
                 r.headers.emplace_back("ETag", etag(view.item));
                 return r;
               }
               // The events this user may send now (the dashboard's buttons).
               auto body = app::to_json(view);
               auto& actions = body["actions"] = nlohmann::json::array();
               auto& services = state.services();
               for (auto kind : app::offered_events(services.config, call.user, view.item,
                                                    services.clock.now()))
                 actions.push_back(std::string(to_string(kind)));
               return item_response(200, view, std::move(body));
             }));
  router.add("POST", "/api/v1/items/{id}/events",
             user_route(state, [&state](Call& call) { return change(state, call); }));
  router.add(
      "GET", "/api/v1/items/{id}/journal", user_route(state, [&state](Call& call) {
        auto list = nlohmann::json::array();
        for (const auto& e : app::item_journal(state.services(), call.id("id"), call.user.id))
          list.push_back(app::to_json(e));
        return json_response(200, {{"entries", list}});
      }));
}

}  // namespace duban::api
