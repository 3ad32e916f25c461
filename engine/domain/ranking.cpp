#include "domain/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace duban {

double round_points(double value) {
  // Half up at 0.01; the small nudge keeps 84.125 (stored as 84.12499…) from rounding down.
  return std::floor(value * 100.0 + 0.5 + 1e-7) / 100.0;
}

namespace {

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

bool absent(const Indicator& i, const std::map<std::string, double>& values) {
  if (i.leaf()) return values.count(i.id) == 0;
  return std::all_of(i.parts.begin(), i.parts.end(),
                     [&](const Indicator& p) { return absent(p, values); });
}

// Gives each indicator of `list` its points out of `share`, the points the list is worth.
double score_list(const std::vector<Indicator>& list, double share, const UnitValues& unit,
                  RankedUnit& out) {
  double weights = 0;
  for (const auto& i : list)
    if (!(i.optional && absent(i, unit.values))) weights += i.weight;
  double sum = 0;
  for (const auto& i : list) {
    if (i.optional && absent(i, unit.values)) continue;
    const double own = weights > 0 ? share * i.weight / weights : 0;
    double points = 0;
    if (i.leaf()) {
      auto v = unit.values.find(i.id);
      if (v == unit.values.end()) {
        out.missing.push_back(i.name);
      } else if (i.max > 0) {
        points = own * std::clamp(v->second, 0.0, i.max) / i.max;
      }
    } else {
      points = score_list(i.parts, own, unit, out);
    }
    out.points[i.id] = points;
    sum += points;
  }
  return sum;
}

RankedUnit score_unit(const KindModel& model, const UnitValues& unit) {
  RankedUnit r;
  r.unit = unit.unit;
  r.name = unit.name;
  r.weighted = score_list(model.indicators, model.total, unit, r);
  for (const auto& b : model.bonus) {
    auto v = unit.values.find(b.id);
    if (v != unit.values.end()) r.bonus_claimed += std::clamp(v->second, 0.0, b.max);
  }
  r.bonus = std::min(r.bonus_claimed, model.bonus_cap);
  r.total = round_points(r.weighted + r.bonus);
  for (const auto& v : model.veto) {
    auto f = unit.values.find(v.fact);
    if (f != unit.values.end() && f->second != 0) r.vetoes.push_back(v.name);
  }
  return r;
}

std::string names_of(const std::vector<std::string>& list, const std::string& sep) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : sep) + s;
  return out;
}

// The points a unit has in tie-break indicator `k` (rounded like totals).
double tie_points(const RankedUnit& u, const std::string& id) {
  auto p = u.points.find(id);
  return p == u.points.end() ? 0 : round_points(p->second);
}

}  // namespace

KindRanking rank_units(const KindModel& model, const std::vector<UnitValues>& units,
                       const std::map<std::string, PreviousPlace>& previous) {
  KindRanking out;
  out.kind = model.kind;
  std::vector<RankedUnit> ranked, unranked;
  for (const auto& u : units) {
    auto r = score_unit(model, u);
    (r.missing.empty() ? ranked : unranked).push_back(std::move(r));
  }
  // Vetoed after the rest; then by total; then by the tie-break indicators; then by id, so that
  // units sharing a rank are listed in a stable order.
  auto before = [&](const RankedUnit& a, const RankedUnit& b) {
    if (a.vetoed() != b.vetoed()) return !a.vetoed();
    if (a.total != b.total) return a.total > b.total;
    for (const auto& k : model.tie_break) {
      auto pa = tie_points(a, k), pb = tie_points(b, k);
      if (pa != pb) return pa > pb;
    }
    return a.unit < b.unit;
  };
  std::sort(ranked.begin(), ranked.end(), before);
  auto same_place = [&](const RankedUnit& a, const RankedUnit& b) {
    if (a.vetoed() != b.vetoed() || a.total != b.total) return false;
    for (const auto& k : model.tie_break)
      if (tie_points(a, k) != tie_points(b, k)) return false;
    return true;
  };
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    ranked[i].rank = i > 0 && same_place(ranked[i], ranked[i - 1]) ? ranked[i - 1].rank
                                                                   : static_cast<int>(i) + 1;
  }
  const int last_rank = ranked.empty() ? 0 : ranked.back().rank;
  for (auto& r : ranked) {
    // Who shares the rank or the total, to explain it.
    std::vector<std::string> shared, settled;
    std::string by;
    for (const auto& o : ranked) {
      if (&o == &r || o.vetoed() != r.vetoed() || o.total != r.total) continue;
      if (o.rank == r.rank) {
        shared.push_back(o.name);
      } else {
        settled.push_back(o.name);
        for (const auto& k : model.tie_break) {
          if (tie_points(o, k) != tie_points(r, k)) {
            const auto* ind = model.indicator(k);
            by = ind ? ind->name : k;
            break;
          }
        }
      }
    }
    if (r.vetoed()) {
      r.grade = model.veto_grade;
      r.note = {"一票否决:" + names_of(r.vetoes, "、"), "vetoed: " + names_of(r.vetoes, ", ")};
    } else {
      for (const auto& g : model.grades) {
        if (r.total >= g.min) {
          r.grade = g.grade;
          break;
        }
      }
    }
    if (!shared.empty()) {
      auto both = Text{"与" + names_of(shared, "、") + "并列第 " + std::to_string(r.rank) +
                           " 名(总分 " + fixed2(r.total) + ")",
                       "tied at " + std::to_string(r.rank) + " with " + names_of(shared, ", ") +
                           " (total " + fixed2(r.total) + ")"};
      r.note =
          r.note.zh.empty() ? both : Text{r.note.zh + ";" + both.zh, r.note.en + "; " + both.en};
    } else if (!settled.empty()) {
      auto both = Text{"与" + names_of(settled, "、") + "总分相同(" + fixed2(r.total) + "),按" +
                           by + "得分排定名次",
                       "same total as " + names_of(settled, ", ") + " (" + fixed2(r.total) +
                           "), placed by " + by};
      r.note =
          r.note.zh.empty() ? both : Text{r.note.zh + ";" + both.zh, r.note.en + "; " + both.en};
    }
    r.last = r.rank == last_rank;
    if (auto p = previous.find(r.unit); p != previous.end()) {
      r.previous_rank = p->second.rank;
      if (r.last) r.last_streak = p->second.last ? p->second.last_streak + 1 : 1;
    } else if (r.last) {
      r.last_streak = 1;
    }
  }
  for (auto& u : unranked) {
    u.note = {"缺少评分,未参加排名:" + names_of(u.missing, "、"),
              "not ranked, scores missing: " + names_of(u.missing, ", ")};
    if (auto p = previous.find(u.unit); p != previous.end()) u.previous_rank = p->second.rank;
  }
  out.ranked = static_cast<int>(ranked.size());
  out.units = std::move(ranked);
  std::sort(unranked.begin(), unranked.end(),
            [](const RankedUnit& a, const RankedUnit& b) { return a.unit < b.unit; });
  for (auto& u : unranked) out.units.push_back(std::move(u));
  return out;
}

}  // namespace duban
