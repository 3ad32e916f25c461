#include "app/scoring_views.hpp"

#include "domain/scoring.hpp"

namespace duban::app {

nlohmann::json to_json(const ScoreRecord& s) {
  auto source = score_source_from(s.source);
  return {{"round", s.round},
          {"unit", s.unit},
          {"indicator", s.indicator},
          {"value", s.value},
          {"source", s.source},
          {"source_label", source ? std::string(label_zh(*source)) : s.source},
          {"recorded_by", s.recorded_by},
          {"recorded_at", s.recorded_at},
          {"note", s.note}};
}

nlohmann::json to_json(const ScoreImportResult& r) {
  auto rows = nlohmann::json::array();
  for (const auto& p : r.rows) {
    rows.push_back({{"line", p.line},
                    {"unit", p.unit},
                    {"indicator", p.indicator},
                    {"value", p.value},
                    {"source", p.source},
                    {"before", p.before},
                    {"action", p.action}});
  }
  return {{"dry_run", r.dry_run},   {"read", r.described},      {"set", r.set},
          {"replaced", r.replaced}, {"unchanged", r.unchanged}, {"rows", rows}};
}

nlohmann::json to_json(const RecordFigures& f) {
  nlohmann::json j{{"items_due", f.items_due},
                   {"on_time", f.on_time},
                   {"on_time_rate", f.on_time_rate()},
                   {"overdue_items", f.overdue_items()},
                   {"overdue_days", f.overdue_days},
                   {"rework", f.rework},
                   {"extensions_requested", f.extensions_requested},
                   {"extensions_approved", f.extensions_approved},
                   {"acknowledged", f.acknowledged},
                   {"ack_hours", f.ack_hours()}};
  j.update(field_figures_json(f));
  return j;
}

nlohmann::json field_figures_json(const RecordFigures& f) {
  return {{"sampled_villages", f.sampled_villages},
          {"field_problems", f.field_problems},
          {"field_problems_per_village", f.problems_per_village()},
          {"households_surveyed", f.households_surveyed},
          {"households_unsatisfied", f.households_unsatisfied},
          {"satisfaction_rate", f.satisfaction_rate()},
          {"misidentified", f.misidentified}};
}

nlohmann::json to_json(const RoundRanking& r) {
  auto kinds = nlohmann::json::array();
  for (const auto& k : r.kinds) {
    auto units = nlohmann::json::array();
    for (const auto& u : k.units) {
      nlohmann::json j = {{"unit", u.unit},
                          {"name", u.name},
                          {"rank", u.rank},
                          {"total", u.total},
                          {"weighted", u.weighted},
                          {"bonus", u.bonus},
                          {"bonus_claimed", u.bonus_claimed},
                          {"grade", u.grade},
                          {"vetoes", u.vetoes},
                          {"missing", u.missing},
                          {"last", u.last},
                          {"last_streak", u.last_streak},
                          {"points", u.points},
                          {"note", u.note.str()}};
      j["previous_rank"] = u.previous_rank ? nlohmann::json(*u.previous_rank) : nullptr;
      j["rank_change"] =
          u.previous_rank && u.ranked() ? nlohmann::json(*u.previous_rank - u.rank) : nullptr;
      units.push_back(std::move(j));
    }
    auto kind = std::string(to_string(k.kind));
    auto label = r.kind_labels.find(kind);
    kinds.push_back({{"kind", kind},
                     {"label", label == r.kind_labels.end() ? kind : label->second},
                     {"ranked", k.ranked},
                     {"units", units}});
  }
  auto records = nlohmann::json::object();
  for (const auto& [unit, f] : r.records) records[unit] = to_json(f);
  return {{"round", r.round},
          {"published", r.published},
          {"published_at", r.published_at},
          {"published_by", r.published_by},
          {"stale", r.stale},
          {"previous_round", r.previous_round},
          {"kinds", kinds},
          {"records", records}};
}

nlohmann::json to_json(const Recommendation& x) {
  auto parse = [](const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json(text) : j;
  };
  return {{"id", x.id},
          {"round", x.round},
          {"unit", x.unit},
          {"plugin", x.plugin},
          {"rule", x.rule},
          {"action", x.action},
          {"text", current_lang() == Lang::en ? x.text_en : x.text_zh},
          {"inputs", parse(x.inputs)},
          {"follow_up", parse(x.follow_up)},
          {"state", std::string(to_string(x.state))},
          {"state_label", std::string(label_zh(x.state))},
          {"created_at", x.created_at},
          {"decided_by", x.decided_by},
          {"decided_at", x.decided_at},
          {"note", x.note},
          {"item_id", x.item_id}};
}

}  // namespace duban::app
