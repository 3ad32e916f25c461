// 综合评定: the leading group publishes the round's ranking; the rule plugins recommend from it.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/denials.hpp"
#include "app/journal_entry.hpp"
#include "app/json_views.hpp"
#include "app/permissions.hpp"
#include "app/ranking_rows.hpp"
#include "app/round_cases.hpp"
#include "app/scoring_common.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

double number(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

nlohmann::json figures_json(const RecordFigures& f) {
  return {{"items_due", f.items_due},
          {"on_time", f.on_time},
          {"overdue_items", f.overdue_items()},
          {"overdue_days", f.overdue_days},
          {"rework", f.rework},
          {"extensions_requested", f.extensions_requested},
          {"extensions_approved", f.extensions_approved},
          {"acknowledged", f.acknowledged},
          {"ack_hours_total", f.ack_hours_total},
          {"sampled_villages", f.sampled_villages},
          {"field_problems", f.field_problems},
          {"households_surveyed", f.households_surveyed},
          {"households_unsatisfied", f.households_unsatisfied},
          {"misidentified", f.misidentified}};
}

RecordFigures figures_from(const nlohmann::json& j) {
  RecordFigures f;
  f.items_due = j.value("items_due", 0);
  f.on_time = j.value("on_time", 0);
  f.overdue_days = j.value("overdue_days", 0LL);
  f.rework = j.value("rework", 0);
  f.extensions_requested = j.value("extensions_requested", 0);
  f.extensions_approved = j.value("extensions_approved", 0);
  f.acknowledged = j.value("acknowledged", 0);
  f.ack_hours_total = j.value("ack_hours_total", 0.0);
  f.sampled_villages = j.value("sampled_villages", 0);
  f.field_problems = j.value("field_problems", 0);
  f.households_surveyed = j.value("households_surveyed", 0);
  f.households_unsatisfied = j.value("households_unsatisfied", 0);
  f.misidentified = j.value("misidentified", 0);
  return f;
}

RoundRanking publish_refusable(Services& services, const PublishRanking& request) {
  auto id = parse_round(request.round);
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  auto actor = require_actor(tx.directory(), request.actor);
  require_access(actor, {Access::leading_group}, {"公布排名", "publish the ranking"});
  auto round = require_round(tx, id);
  const auto& step = round.step(StepId::comprehensive_assessment);
  if (step.state != StepState::open) {
    throw Error(
        Errc::invalid_transition,
        {"排名在综合评定(第 6 步)进行中公布;第 6 步现为“" + std::string(label_zh(step.state)) + "”",
         "the ranking is published while step 6 (comprehensive assessment) is open; it "
         "is " +
             std::string(to_string(step.state))});
  }
  auto ranking = rank_round(services, tx, round, now);
  if (ranking.kinds.empty()) {
    throw Error(Errc::invalid_argument,
                {"没有可排名的单位:评分模型(scoring.yaml)未配置或没有对应单位",
                 "nothing to rank: no scoring model (scoring.yaml) or no "
                 "units of its kinds"});
  }
  std::string missing_zh, missing_en;
  for (const auto& k : ranking.kinds) {
    for (const auto& u : k.units) {
      if (u.ranked()) continue;
      missing_zh += "\n  " + u.name + ":" + u.note.zh;
      missing_en += "\n  " + u.name + ": " + u.note.en;
    }
  }
  if (!missing_zh.empty()) {
    throw Error(Errc::missing_field,
                {"评分不全,不能公布排名:" + missing_zh,
                 "scores are missing; the ranking cannot be published:" + missing_en});
  }
  auto before = tx.scores().ranking(id.str());
  std::map<std::string, std::string> was;
  for (const auto& r : before) was[r.unit] = std::to_string(r.rank) + "|" + r.total + "|" + r.grade;
  auto entry = journal_entry(now, actor.id, ranking_subject(id.str()),
                             before.empty() ? "publish" : "republish",
                             before.empty() ? "" : "published", "published");
  for (const auto& k : ranking.kinds)
    for (const auto& u : k.units) entry.changes["unit:" + u.unit] = {was[u.unit], ranking_line(u)};
  tx.record(std::move(entry));
  // What was recommended from the earlier publication and not decided no longer holds.
  for (auto r : tx.scores().recommendations({id.str(), "", RecommendationState::pending})) {
    r.state = RecommendationState::superseded;
    r.decided_at = format_utc(now);
    r.decided_by = actor.id;
    tx.scores().update_recommendation(r);
    auto e = journal_entry(now, actor.id, recommendation_subject(r.id), "supersede", "pending",
                           "superseded", "排名重新公布 / the ranking was published again");
    tx.record(std::move(e));
  }
  ranking.published = true;
  ranking.published_at = format_utc(now);
  ranking.published_by = actor.id;
  tx.scores().put_ranking(id.str(), ranking_rows(ranking, ranking.published_at, actor.id));
  tx.commit();
  return ranking;
}

}  // namespace

std::string ranking_line(const RankedUnit& u) {
  return std::to_string(u.rank) + "|" + fixed2(u.total) + "|" + u.grade;
}

std::vector<RankingRow> ranking_rows(const RoundRanking& ranking, const std::string& at,
                                     const std::string& by) {
  std::vector<RankingRow> rows;
  for (const auto& k : ranking.kinds) {
    int position = 0;
    for (const auto& u : k.units) {
      nlohmann::json detail = {{"name", u.name},       {"weighted", u.weighted},
                               {"bonus", u.bonus},     {"bonus_claimed", u.bonus_claimed},
                               {"points", u.points},   {"vetoes", u.vetoes},
                               {"missing", u.missing}, {"last", u.last},
                               {"note_zh", u.note.zh}, {"note_en", u.note.en}};
      if (u.previous_rank) detail["previous_rank"] = *u.previous_rank;
      auto f = ranking.records.find(u.unit);
      if (f != ranking.records.end()) detail["records"] = figures_json(f->second);
      rows.push_back({ranking.round, u.unit, std::string(to_string(k.kind)), ++position, u.rank,
                      fixed2(u.total), u.grade, u.last_streak, dump_json(detail), at, by});
    }
  }
  return rows;
}

RoundRanking ranking_from_rows(const std::string& round, const std::vector<RankingRow>& rows,
                               const ScoringModel& model) {
  RoundRanking out;
  out.round = round;
  out.published = !rows.empty();
  for (const auto& k : model.kinds) out.kind_labels[std::string(to_string(k.kind))] = k.label;
  for (const auto& r : rows) {
    out.published_at = r.published_at;
    out.published_by = r.published_by;
    auto kind = unit_kind_from(r.kind).value_or(UnitKind::township);
    if (out.kinds.empty() || out.kinds.back().kind != kind) {
      out.kinds.push_back({});
      out.kinds.back().kind = kind;
    }
    auto d = nlohmann::json::parse(r.detail, nullptr, false);
    if (d.is_discarded() || !d.is_object()) d = nlohmann::json::object();
    RankedUnit u;
    u.unit = r.unit;
    u.name = d.value("name", r.unit);
    u.weighted = number(d, "weighted");
    u.bonus = number(d, "bonus");
    u.bonus_claimed = number(d, "bonus_claimed");
    u.total = std::stod(r.total);
    if (d.contains("points") && d["points"].is_object()) {
      for (auto& [k, v] : d["points"].items())
        if (v.is_number()) u.points[k] = v.get<double>();
    }
    if (d.contains("vetoes")) u.vetoes = d["vetoes"].get<std::vector<std::string>>();
    if (d.contains("missing")) u.missing = d["missing"].get<std::vector<std::string>>();
    u.rank = r.rank;
    u.grade = r.grade;
    u.last = d.value("last", false);
    u.last_streak = r.last_streak;
    if (d.contains("previous_rank")) u.previous_rank = d["previous_rank"].get<int>();
    u.note = {d.value("note_zh", ""), d.value("note_en", "")};
    if (d.contains("records")) out.records[u.unit] = figures_from(d["records"]);
    if (u.ranked()) ++out.kinds.back().ranked;
    out.kinds.back().units.push_back(std::move(u));
  }
  return out;
}

RoundRanking publish_ranking(Services& services, const PublishRanking& request) {
  return recording_refusals(services,
                            {request.actor, "round publish", ranking_subject(request.round)},
                            [&] { return publish_refusable(services, request); });
}

std::optional<RoundRanking> published_ranking(Services& services, const std::string& round) {
  auto id = parse_round(round);
  Transaction tx(services, store::Intent::read);
  auto rows = tx.scores().ranking(id.str());
  if (rows.empty()) return std::nullopt;
  return ranking_from_rows(id.str(), rows, services.config.scoring);
}

}  // namespace duban::app
