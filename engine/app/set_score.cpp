// 记录评分: the supervision group, the evaluators or the leading group record one value (an
// indicator's score, bonus points, a fact) of one unit in one round, journaled with its source.
#include <tuple>

#include "app/denials.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/resolve_unit.hpp"
#include "app/round_cases.hpp"
#include "app/score_cases.hpp"
#include "app/score_values.hpp"
#include "app/scoring_common.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

std::optional<PlannedScore> plan_score(Services& services, Transaction& tx, const User& actor,
                                       const UnitIndex& units, const std::string& round,
                                       const ScoreInput& in, ScoreProblem& problem) {
  Text& error = problem.text;
  // Everything here reaches the journal: text that is not UTF-8 or holds control characters is
  // refused naming its field.
  for (const auto& [field, text, shape] :
       std::initializer_list<std::tuple<Text, const std::string*, TextShape>>{
           {{"单位", "unit"}, &in.unit, TextShape::line},
           {{"指标", "indicator"}, &in.indicator, TextShape::line},
           {{"分值", "value"}, &in.value, TextShape::line},
           {{"来源", "source"}, &in.source, TextShape::line},
           {{"说明", "note"}, &in.note, TextShape::paragraph}}) {
    if (auto defect = text_defect(*text, shape)) {
      problem.code = Errc::invalid_text;
      error = {field.zh + ":" + defect->zh, field.en + ": " + defect->en};
      return std::nullopt;
    }
  }
  problem.code = Errc::not_found;
  auto unit_id = units.lookup(in.unit, error);
  if (!unit_id) return std::nullopt;
  auto unit = tx.directory().find_unit(*unit_id);
  if (!unit) {
    error = {"单位不存在:" + in.unit, "no such unit: " + in.unit};
    return std::nullopt;
  }
  problem.code = Errc::invalid_argument;
  const auto* model = model_for(services.config.scoring, unit->kind, error);
  if (!model) return std::nullopt;
  auto key = score_key(*model, in.indicator);
  if (!key) {
    problem.code = Errc::not_found;
    error = unknown_indicator(*model, in.indicator);
    return std::nullopt;
  }
  PlannedScore p;
  p.before = tx.scores().find_score(round, *unit_id, key->id);
  p.record.round = round;
  p.record.unit = *unit_id;
  p.record.indicator = key->id;
  if (in.clear) {
    p.clear = true;
    p.record.note = in.note;
    return p;
  }
  const auto name = key->indicator                     ? key->indicator->name
                    : key->kind == ScoreKeyKind::bonus ? model->bonus_item(key->id)->name
                                                       : model->fact(key->id)->name;
  auto value = score_value(*key, name, in.value, error);
  if (!value) return std::nullopt;
  auto source = score_source(actor, *key, in.source, error);
  if (!source) {
    if (score_source_from(in.source) || in.source.empty()) problem.code = Errc::permission_denied;
    return std::nullopt;
  }
  p.record.value = *value;
  p.record.source = std::string(to_string(*source));
  p.record.recorded_by = actor.id;
  p.record.note = in.note;
  return p;
}

bool write_score(Transaction& tx, Instant now, const std::string& actor, PlannedScore& p) {
  const auto subject = score_subject(p.record.round, p.record.unit, p.record.indicator);
  if (p.clear) {
    if (!p.before) return false;
    tx.scores().clear_score(p.record.round, p.record.unit, p.record.indicator);
    auto entry = journal_entry(now, actor, subject, "clear", "", "", p.record.note);
    entry.changes["value"] = {p.before->value, ""};
    entry.changes["source"] = {p.before->source, ""};
    tx.record(std::move(entry));
    return true;
  }
  if (p.before && p.before->value == p.record.value && p.before->source == p.record.source &&
      p.before->note == p.record.note) {
    p.record = *p.before;
    return false;  // the same again: nothing to record
  }
  p.record.recorded_at = format_utc(now);
  tx.scores().put_score(p.record);
  auto entry = journal_entry(now, actor, subject, "set", "", "", p.record.note);
  entry.changes["value"] = {p.before ? p.before->value : "", p.record.value};
  entry.changes["source"] = {p.before ? p.before->source : "", p.record.source};
  tx.record(std::move(entry));
  return true;
}

namespace {

ScoreChange set_score_refusable(Services& services, const SetScore& request) {
  auto id = parse_round(request.round);
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  auto actor = require_scorer(tx, request.actor, id, {"记录评分", "record a score"});
  if (request.unit.empty()) throw Error(Errc::missing_field, {"须指定单位", "a unit is required"});
  ScoreProblem problem;
  UnitIndex units(tx.directory());
  auto planned = plan_score(
      services, tx, actor, units, id.str(),
      {request.unit, request.indicator, request.value, request.source, request.note, request.clear},
      problem);
  if (!planned) throw Error(problem.code, problem.text);
  ScoreChange out;
  out.before = planned->before ? planned->before->value : "";
  out.changed = write_score(tx, now, actor.id, *planned);
  out.record = planned->record;
  if (out.changed) tx.commit();
  return out;
}

}  // namespace

ScoreChange set_score(Services& services, const SetScore& request) {
  return recording_refusals(
      services,
      {request.actor, request.clear ? "score clear" : "score set",
       "score:" + request.round + "/" + request.unit + "/" + request.indicator},
      [&] { return set_score_refusable(services, request); });
}

}  // namespace duban::app
