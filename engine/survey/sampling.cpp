#include "survey/sampling.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "store/journal_hash.hpp"

namespace duban::survey {

std::string_view to_string(SampleReason reason) {
  switch (reason) {
    case SampleReason::quota:
      return "quota";
    case SampleReason::substitute:
      return "substitute";
    case SampleReason::edge:
      return "edge";
    case SampleReason::monitored:
      return "monitored";
  }
  return "?";
}

std::size_t Sample::households() const {
  std::size_t n = 0;
  for (const auto& v : villages) n += v.households.size();
  return n;
}

std::size_t Sample::substitutions() const {
  std::size_t n = 0;
  for (const auto& v : villages)
    for (const auto& h : v.households) n += h.reason == SampleReason::substitute;
  return n;
}

std::string rank_of(const std::vector<std::string>& parts) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? "|" : "") + parts[i];
  return store::sha256_hex(text);
}

namespace {

template <class T>
struct Ranked {
  std::string rank;
  const T* value;
  bool operator<(const Ranked& o) const { return rank < o.rank; }
};

std::string count_zh(std::size_t n) { return std::to_string(n); }

}  // namespace

std::vector<SampledVillage> draw_villages(const EvaluationPlan& plan,
                                          const std::vector<Township>& townships,
                                          const std::vector<RosterVillage>& roster,
                                          const std::string& seed, std::vector<Text>& notes) {
  std::map<std::string, std::vector<Ranked<RosterVillage>>> by_township;
  for (const auto& v : roster) {
    by_township[v.township].push_back({rank_of({seed, "village", v.township, v.name}), &v});
  }
  std::vector<SampledVillage> out;
  for (const auto& t : townships) {
    auto& candidates = by_township[t.id];
    std::sort(candidates.begin(), candidates.end());
    const std::size_t wanted =
        static_cast<std::size_t>(t.key ? plan.key_township_villages : plan.other_township_villages);
    std::vector<std::pair<const RosterVillage*, bool>> chosen;  // village, drawn to cover
    std::set<const RosterVillage*> taken;
    for (auto kind : plan.cover) {
      if (chosen.size() >= wanted) break;
      auto it = std::find_if(candidates.begin(), candidates.end(),
                             [&](const auto& c) { return c.value->kind == kind; });
      if (it == candidates.end()) {
        if (!candidates.empty()) {
          notes.push_back(
              {t.name + "没有" + std::string(label_zh(kind)) + ",未能兼顾",
               t.name + " has no " + std::string(to_string(kind)) + " village: not covered"});
        }
        continue;
      }
      chosen.emplace_back(it->value, true);
      taken.insert(it->value);
    }
    for (const auto& c : candidates) {
      if (chosen.size() >= wanted) break;
      if (taken.insert(c.value).second) chosen.emplace_back(c.value, false);
    }
    if (candidates.empty()) {
      notes.push_back(
          {t.name + ":花名册中没有该乡镇的村", t.name + ": the roster lists none of its villages"});
    } else if (chosen.size() < wanted) {
      notes.push_back({t.name + "应抽 " + count_zh(wanted) + " 个村,花名册只有 " +
                           count_zh(candidates.size()) + " 个",
                       t.name + " should give " + std::to_string(wanted) +
                           " villages; the roster lists " + std::to_string(candidates.size())});
    }
    // Listed by rank within the township, whatever drew them.
    std::sort(chosen.begin(), chosen.end(), [&](const auto& a, const auto& b) {
      return rank_of({seed, "village", t.id, a.first->name}) <
             rank_of({seed, "village", t.id, b.first->name});
    });
    for (const auto& [v, covers] : chosen) {
      SampledVillage s;
      s.township = t.id;
      s.township_name = t.name;
      s.name = v->name;
      s.unit = v->unit;
      s.kind = v->kind;
      s.covers = covers;
      out.push_back(std::move(s));
    }
  }
  return out;
}

void draw_households(const EvaluationPlan& plan, SampledVillage& village,
                     const std::vector<RosterHousehold>& roster, const std::string& seed) {
  std::vector<Ranked<RosterHousehold>> ranked;
  for (const auto& h : roster) {
    ranked.push_back({rank_of({seed, "household", village.township, village.name, h.number}), &h});
  }
  std::sort(ranked.begin(), ranked.end());
  std::set<const RosterHousehold*> taken;
  auto take = [&](const RosterHousehold* h, SampleReason reason, HouseholdKind quota) {
    taken.insert(h);
    SampledHousehold s;
    s.number = h->number;
    s.head = h->head;
    s.id_tail = h->id_tail;
    s.kind = h->kind;
    s.tags = h->tags;
    s.edge = h->edge;
    s.monitored = h->monitored;
    s.reason = reason;
    s.quota = quota;
    village.households.push_back(std::move(s));
  };
  // The candidates of one kind in the order a quota takes them: preferred marks first.
  auto candidates = [&](HouseholdKind kind, unsigned prefer) {
    std::vector<const RosterHousehold*> first, rest;
    for (const auto& r : ranked) {
      if (r.value->kind != kind || taken.count(r.value)) continue;
      ((prefer & r.value->tags) ? first : rest).push_back(r.value);
    }
    first.insert(first.end(), rest.begin(), rest.end());
    return first;
  };
  std::vector<std::pair<const HouseholdQuota*, int>> short_of;
  for (const auto& q : plan.quotas) {
    auto c = candidates(q.kind, q.prefer);
    const int n = std::min<int>(q.count, static_cast<int>(c.size()));
    for (int i = 0; i < n; ++i) take(c[i], SampleReason::quota, q.kind);
    if (n < q.count) short_of.emplace_back(&q, q.count - n);
  }
  for (auto& [q, missing] : short_of) {
    const int wanted = missing;
    if (plan.substitute) {
      for (const auto& other : plan.quotas) {
        if (other.kind == q->kind) continue;
        for (const auto* h : candidates(other.kind, other.prefer)) {
          if (missing == 0) break;
          take(h, SampleReason::substitute, q->kind);
          --missing;
        }
      }
    }
    const auto label = std::string(label_zh(q->kind));
    if (missing < wanted) {
      village.notes.push_back(
          {label + "不足 " + std::to_string(q->count) + " 户,从其他户类型调剂 " +
               std::to_string(wanted - missing) + " 户",
           std::string(to_string(q->kind)) + " short of " + std::to_string(q->count) + ": " +
               std::to_string(wanted - missing) + " drawn from the other kinds instead"});
    }
    if (missing > 0) {
      village.notes.push_back(
          {"该村户数不足,仍缺 " + std::to_string(missing) + " 户(" + label + "名额)",
           "the village has too few households: " + std::to_string(missing) + " still missing (" +
               std::string(to_string(q->kind)) + " quota)"});
    }
  }
  for (const auto& r : ranked) {
    if (taken.count(r.value)) continue;
    if (plan.all_edge && r.value->edge) {
      take(r.value, SampleReason::edge, r.value->kind);
    } else if (plan.all_monitored && r.value->monitored) {
      take(r.value, SampleReason::monitored, r.value->kind);
    }
  }
}

}  // namespace duban::survey
