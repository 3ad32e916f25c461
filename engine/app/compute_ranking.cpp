// 数据汇总 → 综合评定: a round's values and records become a ranking per unit kind.
#include <set>
#include <unordered_map>

#include "app/field_figures.hpp"
#include "app/permissions.hpp"
#include "app/ranking_rows.hpp"
#include "app/round_cases.hpp"
#include "app/score_values.hpp"
#include "app/scoring_common.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

// The unit a ranked unit answers for: itself, or the nearest ancestor of a ranked kind.
std::map<std::string, std::string> ranked_owner(const std::vector<Unit>& units,
                                                const ScoringModel& model) {
  std::map<std::string, const Unit*> by_id;
  for (const auto& u : units) by_id[u.id] = &u;
  std::map<std::string, std::string> out;
  for (const auto& u : units) {
    const Unit* at = &u;
    for (int depth = 0; at && depth < 8; ++depth) {
      if (model.find(at->kind)) {
        out[u.id] = at->id;
        break;
      }
      auto p = by_id.find(at->parent);
      at = p == by_id.end() ? nullptr : p->second;
    }
  }
  return out;
}

std::map<std::string, RecordFigures> record_figures(Services& services, Transaction& tx,
                                                    const RoundId& round,
                                                    const std::vector<Unit>& units, Instant as_of) {
  auto owner = ranked_owner(units, services.config.scoring);
  std::map<std::string, RecordFigures> out;
  for (const auto& [unit, ranked] : owner)
    if (unit == ranked) out[ranked];  // every ranked unit has figures, if only zeros
  // One scan of the journal, one small fold per item of a ranked unit.
  std::unordered_map<std::int64_t, std::pair<std::string, ItemHistoryFold>> folds;
  const auto period = period_of(round);
  tx.items().for_each({}, [&](const RectificationItem& it) {
    auto o = owner.find(it.unit);
    if (o != owner.end()) {
      folds.emplace(it.id,
                    std::pair{o->second, ItemHistoryFold(period, as_of, services.config.zone)});
    }
  });
  tx.journal().for_each_item_entry([&](std::int64_t item, const JournalEntry& e) {
    auto f = folds.find(item);
    if (f != folds.end()) f->second.second.add(e);
  });
  for (const auto& [id, fold] : folds) fold.second.finish(out[fold.first]);
  // The field evaluation's findings, for the ranked units only.
  std::map<std::string, RecordFigures> field;
  add_field_figures(tx, services.config.evaluation_plan, round.str(), owner, field);
  for (const auto& [unit, f] : field)
    if (out.count(unit)) out[unit].add(f);
  return out;
}

std::map<std::string, PreviousPlace> previous_places(const std::vector<RankingRow>& rows) {
  std::map<std::string, int> last_rank;  // by kind
  for (const auto& r : rows)
    if (r.rank > 0) last_rank[r.kind] = std::max(last_rank[r.kind], r.rank);
  std::map<std::string, PreviousPlace> out;
  for (const auto& r : rows) {
    if (r.rank == 0) continue;
    out[r.unit] = {r.rank, r.rank == last_rank[r.kind], r.last_streak};
  }
  return out;
}

}  // namespace

RoundRanking rank_round(Services& services, Transaction& tx, const RoundRecord& round,
                        Instant as_of) {
  const auto& model = services.config.scoring;
  RoundRanking out;
  out.round = round.id.str();
  auto units = tx.directory().list_units();
  out.records = record_figures(services, tx, round.id, units, as_of);
  std::map<std::string, std::map<std::string, double>> values;
  for (const auto& s : tx.scores().scores(out.round)) {
    values[s.unit][s.indicator] = score_number(s.value);
  }
  RoundId previous{round.id.year - 1, round.id.kind};
  auto previous_rows = tx.scores().ranking(previous.str());
  if (!previous_rows.empty()) out.previous_round = previous.str();
  auto places = previous_places(previous_rows);
  for (const auto& kind : model.kinds) {
    out.kind_labels[std::string(to_string(kind.kind))] = kind.label;
    std::vector<UnitValues> list;
    for (const auto& u : units) {
      if (u.kind != kind.kind) continue;
      UnitValues v{u.id, u.name, values[u.id]};
      for (const auto* leaf : kind.leaves()) {
        if (leaf->record) v.values[leaf->id] = record_score(*leaf, out.records[u.id]);
      }
      list.push_back(std::move(v));
    }
    if (!list.empty()) out.kinds.push_back(rank_units(kind, list, places));
  }
  return out;
}

RoundRanking compute_ranking(Services& services, const std::string& actor_id,
                             const std::string& round_text) {
  auto id = parse_round(round_text);
  Transaction tx(services, store::Intent::read);
  auto actor = require_actor(tx.directory(), actor_id);
  require_access(actor,
                 {Access::evaluator, Access::supervision, Access::leading_group, Access::admin,
                  Access::viewer},
                 {"查看未公布的排名", "see a ranking before it is published"});
  auto round = require_round(tx, id);
  auto out = rank_round(services, tx, round, services.clock.now());
  auto rows = tx.scores().ranking(out.round);
  if (!rows.empty()) {
    out.published = true;
    out.published_at = rows.front().published_at;
    out.published_by = rows.front().published_by;
    std::map<std::string, std::string> stored;
    for (const auto& r : rows)
      stored[r.unit] = std::to_string(r.rank) + "|" + r.total + "|" + r.grade;
    for (const auto& k : out.kinds)
      for (const auto& u : k.units)
        if (stored[u.unit] != ranking_line(u)) out.stale = true;
  }
  return out;
}

std::map<std::string, std::map<std::string, double>> round_facts(Services& services,
                                                                 const std::string& round) {
  Transaction tx(services, store::Intent::read);
  std::map<std::string, UnitKind> kinds;
  for (const auto& u : tx.directory().list_units()) kinds[u.id] = u.kind;
  std::map<std::string, std::map<std::string, double>> out;
  for (const auto& s : tx.scores().scores(round)) {
    const auto* model = services.config.scoring.find(kinds[s.unit]);
    if (model && model->fact(s.indicator)) out[s.unit][s.indicator] = score_number(s.value);
  }
  return out;
}

bool round_exists(Services& services, const std::string& round) {
  auto id = RoundId::parse(round);
  if (!id) return false;
  Transaction tx(services, store::Intent::read);
  return tx.rounds().find(*id).has_value();
}

}  // namespace duban::app
