// The field work on a phone: GET /api/v1/survey/{round}/day?date=… (the day's villages, their
// sampled households, the forms), POST /api/v1/survey/{round}/answers (one subject's answers; its
// `instance` makes a resend harmless), GET /api/v1/survey/{round}/answers?form=…, and photos:
// POST /api/v1/survey/{round}/photos (the image as the body), GET …/photos/{sha256}; the day's
// list of every group: GET /api/v1/survey/{round}/lists?date=…[&format=xlsx].
#include <cctype>
#include <sstream>
#include <string_view>

#include "api/api.hpp"
#include "api/json_body.hpp"
#include "domain/errors.hpp"
#include "survey/answer_cases.hpp"
#include "survey/day_list.hpp"
#include "survey/draft_cases.hpp"

namespace duban::api {

namespace {

nlohmann::json visit_json(const survey::Visit& v) {
  return {{"day", format_date(v.day)},        {"township", v.township},
          {"township_name", v.township_name}, {"village", v.village},
          {"kind", to_string(v.kind)},        {"households", v.households}};
}

nlohmann::json village_json(const survey::SampledVillage& v) {
  nlohmann::json households = nlohmann::json::array();
  for (const auto& h : v.households) {
    households.push_back({{"number", h.number},
                          {"head", h.head},
                          {"id", masked_id(h.id_tail)},
                          {"kind", to_string(h.kind)},
                          {"kind_zh", label_zh(h.kind)},
                          {"tags", household_tags_zh(h.tags)},
                          {"edge", h.edge},
                          {"monitored", h.monitored}});
  }
  return {{"subject", v.township + "/" + v.name},
          {"township", v.township},
          {"township_name", v.township_name},
          {"name", v.name},
          {"kind", to_string(v.kind)},
          {"kind_zh", label_zh(v.kind)},
          {"households", households}};
}

nlohmann::json assessment_json(const survey::Assessment& a) {
  nlohmann::json j{{"question", a.question},
                   {"label", a.label.str()},
                   {"value", a.value},
                   {"problem", a.problem}};
  if (a.problem) {
    j["category"] = a.category;
    j["text"] = a.text;
  }
  return j;
}

nlohmann::json answer_json(const store::AnswerRecord& a) {
  return {{"form", a.form_id},
          {"subject", a.subject},
          {"group", a.group},
          {"answers", nlohmann::json::parse(a.answers)},
          {"source", a.source},
          {"instance", a.instance},
          {"submitted_at", format_utc(a.submitted_at)},
          {"submitted_by", a.submitted_by}};
}

Response day(ApiState& state, Call& call) {
  auto& services = state.services();
  auto text = call.get("date");
  auto date = text.empty()
                  ? std::optional<Date>(local_date(services.clock.now(), services.config.zone))
                  : parse_date(text);
  if (!date) throw validation_failed({{"date", {"应为 YYYY-MM-DD", "must be YYYY-MM-DD"}}});
  auto d = survey::field_day(services, call.user.id, call.params["round"], *date);
  nlohmann::json visits = nlohmann::json::array(), villages = nlohmann::json::array(),
                 forms = nlohmann::json::array();
  for (const auto& v : d.visits) visits.push_back(visit_json(v));
  for (const auto& v : d.villages) villages.push_back(village_json(v));
  for (const auto& f : d.forms) {
    forms.push_back({{"form_id", f.form_id},
                     {"version", f.version},
                     {"digest", f.digest},
                     {"title", f.title},
                     {"subject", f.subject},
                     {"fixed", f.journal_seq != 0},
                     {"definition", nlohmann::json::parse(f.definition)}});
  }
  nlohmann::json facts = nlohmann::json::object();
  for (const auto& [subject, f] : d.facts) {
    auto& j = facts[subject] = nlohmann::json::object();
    for (const auto& [field, value] : f) {
      if (const auto* s = std::get_if<std::string>(&value))
        j[field] = *s;
      else if (const auto* n = std::get_if<double>(&value))
        j[field] = *n;
      else
        j[field] = std::get<bool>(value);
    }
  }
  return json_response(
      200, {{"round", d.round},
            {"leader", d.leader},
            {"facts", facts},
            {"date", format_date(d.day)},
            {"today", format_date(local_date(services.clock.now(), services.config.zone))},
            {"group", d.group},
            {"visits", visits},
            {"villages", villages},
            {"forms", forms},
            {"answered", d.answered}});
}

Response submit(ApiState& state, Call& call) {
  JsonBody body(call.request);
  survey::SubmitAnswers request;
  request.actor = call.user.id;
  request.round = call.params["round"];
  request.form = body.text("form", true);
  request.subject = body.text("subject", true);
  request.instance = body.text("instance", true);
  request.source = "page";
  if (const auto* answers = body.raw("answers")) {
    if (!answers->is_object()) {
      throw validation_failed(
          {{"answers", {"应为对象:问题名 → 答案", "must be an object: question → answer"}}});
    }
    for (const auto& [name, value] : answers->items()) {
      if (value.is_string())
        request.answers[name] = value.get<std::string>();
      else if (value.is_number())
        request.answers[name] = value.dump();
      else if (!value.is_null())
        throw validation_failed(
            {{"answers." + name, {"应为文字或数字", "must be text or a number"}}});
    }
  }
  body.finish();
  auto r = survey::submit_answers(state.services(), request);
  nlohmann::json assessments = nlohmann::json::array(), problems = nlohmann::json::array();
  for (const auto& a : r.assessments) {
    assessments.push_back(assessment_json(a));
    if (a.problem) problems.push_back(assessment_json(a));
  }
  auto j = answer_json(r.record);
  j["repeated"] = r.repeated;
  j["assessments"] = assessments;
  j["problems"] = problems;
  return json_response(r.repeated ? 200 : 201, j);
}

Response drafts(ApiState& state, Call& call) {
  store::DraftFilter f;
  if (auto g = call.get("group"); !g.empty()) {
    try {
      f.group = std::stoi(g);
    } catch (const std::exception&) {
      throw validation_failed({{"group", {"应为组号", "must be a group number"}}});
    }
  }
  f.day = call.get("date");
  f.status = call.get("status");
  f.form_id = call.get("form");
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : survey::list_drafts(state.services(), call.user.id, call.params["round"], f))
    list.push_back(survey::draft_json(d));
  return json_response(200, {{"drafts", list}});
}

Response draft_event(ApiState& state, Call& call) {
  JsonBody body(call.request);
  survey::ChangeDraft r;
  r.actor = call.user.id;
  r.round = call.params["round"];
  r.id = call.id("id");
  auto event = body.text("event", true);
  r.text = body.text("text");
  r.category = body.text("category");
  r.reason = body.text("reason");
  if (auto into = body.integer("into")) r.into = *into;
  body.finish();
  if (event == "edit")
    r.action = survey::DraftAction::edit;
  else if (event == "drop")
    r.action = survey::DraftAction::drop;
  else if (event == "merge")
    r.action = survey::DraftAction::merge;
  else if (event == "restore")
    r.action = survey::DraftAction::restore;
  else
    throw validation_failed(
        {{"event", {"应为 edit、drop、merge 或 restore", "must be edit, drop, merge or restore"}}});
  return json_response(200, survey::draft_json(survey::change_draft(state.services(), r)));
}

Response confirm_list(ApiState& state, Call& call) {
  JsonBody body(call.request);
  auto group = body.integer("group", true);
  auto date = body.text("date", true);
  body.finish();
  auto list = survey::confirm_day(state.services(), call.user.id, call.params["round"],
                                  static_cast<int>(group.value_or(0)), date);
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& d : list.problems) problems.push_back(survey::draft_json(d));
  return json_response(200, {{"round", list.round},
                             {"group", list.group},
                             {"date", list.day},
                             {"confirmed_now", list.confirmed_now},
                             {"problems", problems}});
}

/// RFC 5987's value-chars: a file name in UTF-8 for Content-Disposition's filename*.
std::string percent_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// 当天汇总问题清单: JSON, or the workbook the evening's e-mail carries.
Response day_list(ApiState& state, Call& call) {
  auto date = call.get("date");
  if (date.empty()) throw validation_failed({{"date", {"缺少日期", "is required"}}});
  auto format = call.get("format");
  if (!format.empty() && format != "json" && format != "xlsx")
    throw validation_failed({{"format", {"应为 json 或 xlsx", "must be json or xlsx"}}});
  auto listing = survey::day_listing(state.services(), call.user.id, date, call.params["round"]);
  if (format != "xlsx") return json_response(200, survey::day_list_json(listing));
  std::ostringstream out;
  survey::write_day_list_xlsx(listing, out);
  Response r{
      200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.str(), {}};
  // The name in UTF-8 as RFC 6266 allows, with an ASCII one for older clients.
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"problems-" + listing.day +
                                                    ".xlsx\"; filename*=UTF-8''" +
                                                    percent_encode(day_list_file_name(listing)));
  return r;
}

}  // namespace

bool is_survey_photo_upload(std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  return path.starts_with("/api/v1/survey/") && path.ends_with("/photos");
}

void add_survey_routes(Router& router, ApiState& state) {
  router.add("GET", "/api/v1/survey/{round}/day",
             user_route(state, [&state](Call& call) { return day(state, call); }));
  router.add("POST", "/api/v1/survey/{round}/answers",
             user_route(state, [&state](Call& call) { return submit(state, call); }));
  router.add("GET", "/api/v1/survey/{round}/answers", user_route(state, [&state](Call& call) {
               auto form = call.get("form");
               auto d =
                   survey::list_answers(state.services(), call.user.id, call.params["round"], form);
               nlohmann::json list = nlohmann::json::array();
               for (const auto& a : d) list.push_back(answer_json(a));
               return json_response(200, {{"answers", list}});
             }));
  router.add("GET", "/api/v1/survey/{round}/drafts",
             user_route(state, [&state](Call& call) { return drafts(state, call); }));
  router.add("POST", "/api/v1/survey/{round}/drafts/{id}/events",
             user_route(state, [&state](Call& call) { return draft_event(state, call); }));
  router.add("GET", "/api/v1/survey/{round}/lists",
             user_route(state, [&state](Call& call) { return day_list(state, call); }));
  router.add("POST", "/api/v1/survey/{round}/lists",
             user_route(state, [&state](Call& call) { return confirm_list(state, call); }));
  router.add("POST", "/api/v1/survey/{round}/photos", user_route(state, [&state](Call& call) {
               auto sha =
                   survey::store_photo(state.services(), call.user.id, call.params["round"],
                                       call.request.body, state.context.options.upload_bytes);
               auto href = "/api/v1/survey/" + call.params["round"] + "/photos/" + sha;
               auto r = json_response(201, {{"sha256", sha}, {"href", href}});
               r.headers.emplace_back("Location", href);
               return r;
             }));
  router.add("GET", "/api/v1/survey/{round}/photos/{sha256}",
             user_route(state, [&state](Call& call) {
               auto [bytes, type] = survey::read_photo(state.services(), call.user.id,
                                                       call.params["round"], call.params["sha256"]);
               Response r{200, type, std::move(bytes), {}};
               r.headers.emplace_back("X-Content-Type-Options", "nosniff");
               r.headers.emplace_back("Cache-Control", "private, max-age=31536000, immutable");
               return r;
             }));
}

}  // namespace duban::api
