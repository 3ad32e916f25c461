// 综合评定报告: what the report of a round shows, gathered once for both formats.
#include <algorithm>
#include <cstdio>

#include "app/permissions.hpp"
#include "app/report_cases.hpp"
#include "app/round_cases.hpp"
#include "app/score_values.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

std::string fixed(double v, int decimals = 2) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

Text evaluation_of(const KindRanking& k, const std::string& label) {
  std::vector<const RankedUnit*> ranked;
  for (const auto& u : k.units)
    if (u.ranked()) ranked.push_back(&u);
  if (ranked.empty()) {
    return {label + ":尚无单位参加排名。", label + ": no unit is ranked yet."};
  }
  double sum = 0;
  std::map<std::string, int> grades;
  int vetoed = 0, streak = 0;
  const RankedUnit *best = nullptr, *worst = nullptr;
  for (const auto* u : ranked) {
    sum += u->total;
    ++grades[u->grade];
    vetoed += u->vetoed();
    streak += u->last_streak >= 2;
    if (!u->vetoed() && (!best || u->total > best->total)) best = u;
    if (u->last) worst = u;
  }
  std::string g_zh, g_en;
  for (const auto& [g, n] : grades) {
    g_zh += (g_zh.empty() ? "" : "、") + g + " 等 " + std::to_string(n) + " 个";
    g_en += (g_en.empty() ? "" : ", ") + g + ": " + std::to_string(n);
  }
  const auto mean = fixed(sum / static_cast<double>(ranked.size()));
  Text t{label + ":" + std::to_string(ranked.size()) + " 个单位参加排名,平均 " + mean + " 分;" +
             g_zh + "。",
         label + ": " + std::to_string(ranked.size()) + " units ranked, mean " + mean + "; " +
             g_en + "."};
  if (best) {
    t.zh += "第一名 " + best->name + "(" + fixed(best->total) + " 分)";
    t.en += " First: " + best->name + " (" + fixed(best->total) + ")";
  }
  if (worst && worst != best) {
    t.zh += ",倒数第一 " + worst->name + "(" + fixed(worst->total) + " 分)";
    t.en += "; last: " + worst->name + " (" + fixed(worst->total) + ")";
  }
  t.zh += "。";
  t.en += ".";
  if (vetoed) {
    t.zh += "一票否决 " + std::to_string(vetoed) + " 个。";
    t.en += " Vetoed: " + std::to_string(vetoed) + ".";
  }
  if (streak) {
    t.zh += "连续两次及以上倒数第一 " + std::to_string(streak) + " 个。";
    t.en += " Last twice or more in a row: " + std::to_string(streak) + ".";
  }
  return t;
}

}  // namespace

AssessmentReport assessment_report(Services& services, const std::string& actor_id,
                                   const std::string& round_text) {
  auto id = parse_round(round_text);
  AssessmentReport r;
  {
    Transaction tx(services, store::Intent::read);
    auto actor = require_actor(tx.directory(), actor_id);
    require_access(actor,
                   {Access::evaluator, Access::supervision, Access::leading_group, Access::admin,
                    Access::viewer},
                   {"生成综合评定报告", "make the assessment report"});
    r.record = require_round(tx, id);
    for (const auto& u : tx.directory().list_units()) r.unit_names[u.id] = u.name;
    r.problems = tx.rounds().problems(id);
    store::ItemFilter filter;
    filter.round = id.str();
    tx.items().for_each(filter, [&](const RectificationItem& it) { r.items.push_back(it); });
    r.recommendations = tx.scores().recommendations({id.str(), "", std::nullopt});
  }
  const auto& cfg = services.config;
  r.county = cfg.county;
  r.round = id.str();
  auto period = period_of(id);
  r.period = format_date(period.from) + " — " + format_date(period.to);
  r.generated_at = format_instant(services.clock.now(), cfg.zone);
  auto published = published_ranking(services, r.round);
  r.ranking = published ? *published : compute_ranking(services, actor_id, r.round);
  for (const auto& kind : cfg.scoring.kinds) {
    auto& cols = r.columns[std::string(to_string(kind.kind))];
    for (const auto& i : kind.indicators) cols.emplace_back(i.id, i.name);
    for (const auto* leaf : kind.leaves())
      if (std::none_of(cols.begin(), cols.end(),
                       [&](const auto& c) { return c.first == leaf->id; }))
        cols.emplace_back(leaf->id, leaf->name);
  }
  // Feedback: each unit's weakest recorded indicators (lowest share of full marks).
  std::map<std::string, std::vector<std::pair<double, std::string>>> shares;
  for (const auto& s : list_scores(services, actor_id, r.round, "")) {
    for (const auto& k : r.ranking.kinds) {
      const auto* model = cfg.scoring.find(k.kind);
      const auto* leaf = model ? model->indicator(s.indicator) : nullptr;
      if (!leaf || !leaf->leaf() || leaf->max <= 0) continue;
      auto v = score_number(s.value);
      shares[s.unit].emplace_back(v / leaf->max,
                                  leaf->name + " " + s.value + " / " + fixed(leaf->max, 0));
    }
  }
  for (const auto& k : r.ranking.kinds) {
    auto kind = std::string(to_string(k.kind));
    r.evaluation.push_back(evaluation_of(
        k, r.ranking.kind_labels.count(kind) ? r.ranking.kind_labels.at(kind) : kind));
    for (const auto& u : k.units) {
      UnitFeedback f{u.unit, u.name, kind, u.rank, k.ranked, u.total, u.grade, {}, 0, {}};
      auto& list = shares[u.unit];
      std::stable_sort(list.begin(), list.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t i = 0; i < list.size() && i < 3; ++i) f.weakest.push_back(list[i].second);
      for (const auto& p : r.problems) f.problems += p.unit == u.unit && p.item_id == 0;
      for (const auto& it : r.items) f.problems += it.unit == u.unit;
      for (const auto& x : r.recommendations) {
        if (x.unit == u.unit && x.state != RecommendationState::superseded) {
          f.recommendations.push_back(x.text_zh + "(" + std::string(label_zh(x.state)) + ")");
        }
      }
      r.feedback.push_back(std::move(f));
    }
  }
  return r;
}

}  // namespace duban::app
