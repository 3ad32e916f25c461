// 结果运用: filing the rule plugins' recommendations, and deciding them.
#include <nlohmann/json.hpp>
#include <tuple>

#include "app/denials.hpp"
#include "app/item_change_core.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/recommendation_cases.hpp"
#include "app/reminders.hpp"
#include "app/round_cases.hpp"
#include "app/scoring_common.hpp"
#include "domain/errors.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

std::int64_t file_recommendation(Services& services, Recommendation x) {
  auto id = parse_round(x.round);
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  require_round(tx, id);
  if (!tx.directory().find_unit(x.unit)) {
    throw Error(Errc::not_found, {"建议针对的单位不存在:" + x.unit, "no such unit: " + x.unit});
  }
  // A plugin's text reaches the journal like anyone's: refused, naming the field, if it is not
  // UTF-8 or holds control characters.
  for (const auto& [field, text, shape] :
       std::initializer_list<std::tuple<const char*, std::string*, TextShape>>{
           {"rule", &x.rule, TextShape::line},
           {"action", &x.action, TextShape::line},
           {"text_zh", &x.text_zh, TextShape::paragraph},
           {"text_en", &x.text_en, TextShape::paragraph},
           {"inputs", &x.inputs, TextShape::paragraph},
           {"follow_up", &x.follow_up, TextShape::paragraph}}) {
    *text = clean_text({std::string("插件 ") + x.plugin + " 的建议字段 " + field,
                        std::string("plugin ") + x.plugin + "'s recommendation field " + field},
                       *text, shape);
  }
  if (x.rule.empty() || x.action.empty() || x.text_zh.empty()) {
    throw Error(Errc::missing_field, {"建议须有规则、措施和说明",
                                      "a recommendation needs a rule, an action and a text"});
  }
  for (const auto& r :
       tx.scores().recommendations({id.str(), x.unit, RecommendationState::pending}))
    if (r.rule == x.rule && r.action == x.action) return r.id;
  x.round = id.str();
  x.state = RecommendationState::pending;
  x.created_at = format_utc(now);
  if (x.text_en.empty()) x.text_en = x.text_zh;
  tx.scores().add_recommendation(x);
  auto entry = journal_entry(now, "plugin:" + x.plugin, recommendation_subject(x.id), "recommend",
                             "", "pending");
  for (const auto& [k, v] : std::initializer_list<std::pair<const char*, const std::string*>>{
           {"round", &x.round},
           {"unit", &x.unit},
           {"plugin", &x.plugin},
           {"rule", &x.rule},
           {"action", &x.action},
           {"text", &x.text_zh},
           {"inputs", &x.inputs},
           {"follow_up", &x.follow_up}})
    entry.changes[k] = {"", *v};
  tx.record(std::move(entry));
  tx.commit();
  return x.id;
}

std::vector<Recommendation> list_recommendations(Services& services, const std::string& actor_id,
                                                 const std::string& round, const std::string& unit,
                                                 const std::string& state) {
  Transaction tx(services, store::Intent::read);
  auto actor = require_actor(tx.directory(), actor_id);
  store::RecommendationFilter f;
  if (!round.empty()) f.round = parse_round(round).str();
  if (!unit.empty()) f.unit = resolve_unit(tx.directory(), unit);
  if (!state.empty()) {
    f.state = recommendation_state_from(state);
    if (!f.state) {
      throw Error(Errc::invalid_argument,
                  {"状态应为 pending、accepted、dismissed 或 superseded:" + state,
                   "state must be pending, accepted, dismissed or superseded: " + state});
    }
  }
  // A unit's member sees what concerns its own unit; the others see all.
  if (actor.access == Access::member) f.unit = actor.unit;
  return tx.scores().recommendations(f);
}

namespace {

// 约谈 with 限期整改: a rectification item for the unit, created and assigned to its head with
// the deadline the rule asked for, through the item machine like any other.
std::int64_t create_follow_up_item(Services& services, Transaction& tx, const User& actor,
                                   const Recommendation& r, const nlohmann::json& spec,
                                   Instant now) {
  RectificationItem item;
  item.round = r.round;
  item.source = ItemSource::county;
  item.category = "约谈整改";
  item.title = spec.value("title", r.text_zh);
  item.manifestation = r.text_zh;
  item.unit = r.unit;
  item.id = tx.items().next_id();
  auto entry = journal_entry(now, actor.id, item_subject(item.id), "create", "",
                             std::string(to_string(item.state)));
  entry.changes = creation_changes(item);
  entry.changes["recommendation"] = {"", std::to_string(r.id)};
  auto link = tx.record(std::move(entry));
  item.journal_seq = link.seq;
  item.journal_hash = std::move(link.hash);
  arm_new_item(services.config, item, now);
  tx.items().insert(item, now);
  item.version = 1;
  std::string head;
  for (const auto& u : services.config.units) {
    if (u.id != r.unit) continue;
    for (const auto& c : u.contacts)
      if (c.head && head.empty()) head = c.name;
  }
  const int days = spec.value("due_days", 30);
  auto due = format_date(
      Date{std::chrono::sys_days{local_date(now, services.config.zone)} + std::chrono::days{days}});
  ChangeItem assign{.actor = actor.id, .id = item.id, .event = ItemEventKind::assign};
  assign.owner = head.empty() ? "单位主要负责同志" : head;
  assign.measures = spec.value("measures", std::string("按约谈要求限期整改,报送整改情况"));
  assign.due = due;
  auto decided =
      decide_item_change(services.config, actor, item, assign, r.unit, parse_date(due), now);
  write_item_change(tx, services.config, actor, item, std::move(decided), ItemEventKind::assign, "",
                    now);
  return item.id;
}

Recommendation decide_refusable(Services& services, const DecideRecommendation& request) {
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  auto actor = require_actor(tx.directory(), request.actor);
  require_access(actor, {Access::leading_group},
                 {"决定是否采纳建议", "decide on a recommendation"});
  auto found = tx.scores().find_recommendation(request.id);
  if (!found) {
    throw Error(Errc::not_found, {"建议不存在:" + std::to_string(request.id),
                                  "no such recommendation: " + std::to_string(request.id)});
  }
  auto r = *found;
  if (r.state != RecommendationState::pending) {
    throw Error(Errc::invalid_transition, {"建议 " + std::to_string(r.id) + " 已是“" +
                                               std::string(label_zh(r.state)) + "”,不能再决定",
                                           "recommendation " + std::to_string(r.id) + " is " +
                                               std::string(to_string(r.state)) + " already"});
  }
  const auto note = clean_text({"说明", "note"}, request.note, TextShape::paragraph);
  if (!request.accept && note.empty()) {
    throw Error(Errc::reason_required,
                {"不采纳须说明理由(--note)", "dismissing needs a reason (--note)"});
  }
  r.state = request.accept ? RecommendationState::accepted : RecommendationState::dismissed;
  r.decided_by = actor.id;
  r.decided_at = format_utc(now);
  r.note = note;
  auto entry = journal_entry(now, actor.id, recommendation_subject(r.id),
                             request.accept ? "accept" : "dismiss", "pending",
                             std::string(to_string(r.state)), note);
  if (request.accept) {
    auto follow = nlohmann::json::parse(r.follow_up, nullptr, false);
    if (follow.is_object() && follow.contains("item") && follow["item"].is_object()) {
      r.item_id = create_follow_up_item(services, tx, actor, r, follow["item"], now);
      entry.changes["item_id"] = {"0", std::to_string(r.item_id)};
    }
    if (follow.is_object() && follow.contains("score") && follow["score"].is_object()) {
      const auto& s = follow["score"];
      UnitIndex units(tx.directory());
      ScoreProblem problem;
      auto planned = plan_score(services, tx, actor, units, r.round,
                                {r.unit, s.value("indicator", ""), s.value("value", ""), "county",
                                 "建议 " + std::to_string(r.id) + " 采纳"},
                                problem);
      if (!planned) throw Error(problem.code, problem.text);
      write_score(tx, now, actor.id, *planned);
    }
  }
  tx.record(std::move(entry));
  tx.scores().update_recommendation(r);
  tx.commit();
  return r;
}

}  // namespace

Recommendation decide_recommendation(Services& services, const DecideRecommendation& request) {
  return recording_refusals(
      services,
      {request.actor, request.accept ? "recommendation accept" : "recommendation dismiss",
       recommendation_subject(request.id)},
      [&] { return decide_refusable(services, request); });
}

}  // namespace duban::app
