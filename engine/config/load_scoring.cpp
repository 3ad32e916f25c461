// Reading and checking config/scoring.yaml: one section per unit kind, each a weighted tree of
// indicators, bonus items with a cap, facts, vetoes, grade bands and tie-breaks.
#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "config/loaders.hpp"

namespace duban::config {

namespace {

const std::vector<std::string> kRankedKinds = {"township", "department", "village", "work_team"};

std::string shown(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// Ids and names are unique within a kind: a score file names either.
struct Names {
  const Source& src;
  std::set<std::string> seen;
  void claim(const YAML::Node& node, const std::string& path, const std::string& id,
             const std::string& name) {
    if (!id.empty() && !valid_id(id)) {
      src.error(node["id"].Mark(), path + ".id",
                {"编号只能含小写字母、数字和 _:" + id,
                 "ids may contain only lower-case letters, digits and _: " + id});
    }
    for (const auto& key : {id, name}) {
      if (!key.empty() && !seen.insert(key).second) {
        src.error(node.Mark(), path, {"编号或名称重复:" + key, "duplicate id or name: " + key});
      }
    }
  }
};

std::vector<ScoreSource> read_sources(MapReader& r, const Source& src) {
  std::vector<ScoreSource> out;
  auto list = r.node("sources");
  if (!present(list)) return out;
  if (!list.IsSequence()) {
    src.error(list.Mark(), r.path_of("sources"), {"应为列表", "expected a list"});
    return out;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto path = r.path_of("sources") + "[" + std::to_string(i) + "]";
    auto text = scalar_string(list[i], path, src);
    if (!text) continue;
    auto s = score_source_from(*text);
    if (!s || *s == ScoreSource::records) {
      src.error(list[i].Mark(), path,
                {"未知的评分来源 " + *text + ",可选:supervision, observation, evaluation, county",
                 "unknown score source " + *text +
                     "; expected one of: supervision, observation, evaluation, county"});
      continue;
    }
    out.push_back(*s);
  }
  return out;
}

void check_weights(const std::vector<Indicator>& list, const YAML::Node& node,
                   const std::string& path, const Source& src) {
  double sum = 0;
  std::string parts;
  for (const auto& i : list) {
    sum += i.weight;
    parts += (parts.empty() ? "" : " + ") + i.name + " " + shown(i.weight);
  }
  if (!list.empty() && std::fabs(sum - 100) > 1e-6) {
    src.error(node.Mark(), path,
              {"权重合计应为 100,实为 " + shown(sum) + "(" + parts + ")",
               "weights must add up to 100, found " + shown(sum) + " (" + parts + ")"});
  }
}

std::vector<Indicator> read_indicators(const YAML::Node& list_node, const std::string& path,
                                       const Source& src, Names& names, int depth);

Indicator read_indicator(const YAML::Node& node, const std::string& path, const Source& src,
                         Names& names, int depth) {
  MapReader r(node, path, src);
  Indicator i;
  i.id = r.string("id", Need::required).value_or("");
  i.name = r.string("name", Need::required).value_or("");
  names.claim(node, path, i.id, i.name);
  i.weight = r.number("weight", Need::required, 0, 100).value_or(0);
  if (node["weight"].IsDefined() && i.weight == 0) {
    src.error(node["weight"].Mark(), r.path_of("weight"),
              {"权重应大于 0(不计分的项目请写成 facts)",
               "a weight must be above 0 (what is not scored belongs in facts)"});
  }
  i.max = r.number("max", Need::optional, 0.01, 100000).value_or(100);
  i.optional = r.boolean("optional").value_or(false);
  i.sources = read_sources(r, src);
  if (auto m = r.string("record")) {
    i.record = record_measure_from(*m);
    if (!i.record) {
      std::vector<std::string> all;
      for (auto x : kAllRecordMeasures) all.emplace_back(to_string(x));
      std::string list;
      for (const auto& a : all) list += (list.empty() ? "" : ", ") + a;
      auto hint = did_you_mean(*m, all);
      src.error(node["record"].Mark(), r.path_of("record"),
                {"未知的记录指标 " + *m + ",可选:" + list +
                     (hint.empty() ? "" : "(是否想写 " + hint + "?)"),
                 "unknown record measure " + *m + "; expected one of: " + list +
                     (hint.empty() ? "" : " (did you mean " + hint + "?)")});
    }
  }
  auto deduct = r.number("deduct", Need::optional, 0.01, 100000);
  auto parts = r.node("parts");
  if (present(parts)) {
    if (depth >= 4) {
      src.error(parts.Mark(), r.path_of("parts"),
                {"指标层级不能超过 4 层", "indicators nest at most 4 levels deep"});
    } else {
      i.parts = read_indicators(parts, r.path_of("parts"), src, names, depth + 1);
    }
    if (i.record || node["max"].IsDefined() || !i.sources.empty()) {
      src.error(node.Mark(), path,
                {"有下级指标(parts)的指标不能设 record、max 或 sources:它的分数由下级得出",
                 "an indicator with parts takes no record, max or sources: its score comes from "
                 "its parts"});
    }
  }
  if (i.record) {
    if (is_rate(*i.record)) {
      if (deduct) {
        const std::string name(to_string(*i.record));
        src.error(node["deduct"].Mark(), r.path_of("deduct"),
                  {std::string(label_zh(*i.record)) + "按比例计分,不用 deduct",
                   name + " scores in proportion; no deduct"});
      }
    } else if (!deduct) {
      src.error(node.Mark(), r.path_of("deduct"),
                {"记录指标 " + std::string(to_string(*i.record)) + " 需要 deduct(每件/每天扣分)",
                 "record measure " + std::string(to_string(*i.record)) +
                     " needs deduct (points off per count)"});
    }
    i.deduct = deduct.value_or(0);
  } else if (deduct) {
    src.error(node["deduct"].Mark(), r.path_of("deduct"),
              {"deduct 只用于记录指标(record)", "deduct is for record indicators only"});
  }
  r.finish();
  return i;
}

std::vector<Indicator> read_indicators(const YAML::Node& list_node, const std::string& path,
                                       const Source& src, Names& names, int depth) {
  std::vector<Indicator> out;
  if (!list_node.IsSequence() || list_node.size() == 0) {
    src.error(list_node.Mark(), path,
              {"应为非空的指标列表", "expected a non-empty list of indicators"});
    return out;
  }
  for (std::size_t k = 0; k < list_node.size(); ++k) {
    out.push_back(
        read_indicator(list_node[k], path + "[" + std::to_string(k) + "]", src, names, depth));
  }
  check_weights(out, list_node, path, src);
  return out;
}

void read_bonus(MapReader& kind, const Source& src, Names& names, KindModel& m) {
  auto node = kind.node("bonus");
  if (!present(node)) return;
  MapReader b(node, kind.path_of("bonus"), src);
  m.bonus_cap = b.number("cap", Need::required, 0, 1000).value_or(0);
  for_each_element(b, "items", Need::required, [&](const YAML::Node& n, const std::string& p) {
    MapReader r(n, p, src);
    BonusItem item;
    item.id = r.string("id", Need::required).value_or("");
    item.name = r.string("name", Need::required).value_or("");
    names.claim(n, p, item.id, item.name);
    item.max = r.number("max", Need::required, 0.01, 1000).value_or(0);
    r.finish();
    m.bonus.push_back(item);
  });
  b.finish();
}

void read_grades(MapReader& kind, const Source& src, KindModel& m) {
  std::set<std::string> seen;
  for_each_element(kind, "grades", Need::required, [&](const YAML::Node& n, const std::string& p) {
    MapReader r(n, p, src);
    GradeBand g;
    g.grade = r.string("grade", Need::required).value_or("");
    g.min = r.number("min", Need::required, 0, 100000).value_or(0);
    if (!g.grade.empty() && !seen.insert(g.grade).second) {
      src.error(n.Mark(), p, {"等次重复:" + g.grade, "duplicate grade: " + g.grade});
    }
    r.finish();
    m.grades.push_back(g);
  });
  std::sort(m.grades.begin(), m.grades.end(),
            [](const GradeBand& a, const GradeBand& b) { return a.min > b.min; });
  if (m.grades.empty() && present(kind.node("grades"))) {
    src.error(kind.node("grades").Mark(), kind.path_of("grades"),
              {"至少应有一档等次(min 为 0)", "at least one grade band (with min 0) is required"});
  } else if (!m.grades.empty() && m.grades.back().min != 0) {
    src.error(kind.node("grades").Mark(), kind.path_of("grades"),
              {"最低一档的 min 应为 0,否则低分单位没有等次",
               "the lowest band's min must be 0, or low totals get no grade"});
  }
}

KindModel read_kind(const YAML::Node& node, const std::string& key, const Source& src) {
  MapReader r(node, key, src);
  KindModel m;
  m.kind = *unit_kind_from(key);
  m.label = r.string("label").value_or(std::string(label_zh(m.kind)));
  m.total = r.number("total", Need::optional, 1, 100000).value_or(100);
  Names names{src, {}};
  auto indicators = r.node("indicators", Need::required);
  if (present(indicators)) {
    m.indicators = read_indicators(indicators, r.path_of("indicators"), src, names, 1);
  }
  read_bonus(r, src, names, m);
  for_each_element(r, "facts", Need::optional, [&](const YAML::Node& n, const std::string& p) {
    MapReader f(n, p, src);
    Fact fact;
    fact.id = f.string("id", Need::required).value_or("");
    fact.name = f.string("name", Need::required).value_or("");
    names.claim(n, p, fact.id, fact.name);
    fact.flag = !f.boolean("count").value_or(false);
    f.finish();
    m.facts.push_back(fact);
  });
  for_each_element(r, "veto", Need::optional, [&](const YAML::Node& n, const std::string& p) {
    MapReader v(n, p, src);
    Veto veto;
    veto.fact = v.string("fact", Need::required).value_or("");
    veto.name = v.string("name").value_or("");
    const auto* fact = m.fact(veto.fact);
    if (!veto.fact.empty() && (!fact || !fact->flag)) {
      src.error(n["fact"].Mark(), v.path_of("fact"),
                {"否决条件应指向本类单位的是非事实(facts):" + veto.fact,
                 "a veto must name a yes/no fact of this kind: " + veto.fact});
    } else if (fact) {
      veto.fact = fact->id;
      if (veto.name.empty()) veto.name = fact->name;
    }
    v.finish();
    m.veto.push_back(veto);
  });
  read_grades(r, src, m);
  m.veto_grade = r.string("veto_grade").value_or("");
  if (!m.veto.empty() && m.veto_grade.empty()) {
    src.error(node.Mark(), r.path_of("veto_grade"),
              {"有否决条件时须指定 veto_grade(被否决单位的等次)",
               "veto_grade (a vetoed unit's grade) is required when there are vetoes"});
  }
  auto ties = r.node("tie_break");
  if (present(ties)) {
    if (!ties.IsSequence()) {
      src.error(ties.Mark(), r.path_of("tie_break"), {"应为列表", "expected a list"});
    } else {
      for (std::size_t i = 0; i < ties.size(); ++i) {
        auto p = r.path_of("tie_break") + "[" + std::to_string(i) + "]";
        auto id = scalar_string(ties[i], p, src);
        if (!id) continue;
        const auto* ind = m.indicator(*id);
        if (!ind) {
          src.error(ties[i].Mark(), p, {"未知的指标 " + *id, "unknown indicator " + *id});
          continue;
        }
        m.tie_break.push_back(ind->id);
      }
    }
  }
  r.finish();
  return m;
}

}  // namespace

ScoringModel load_scoring(const std::filesystem::path& file, const std::string& shown_file,
                          Diagnostics& diagnostics) {
  Source src{shown_file, diagnostics, {}};
  ScoringModel model;
  auto root = parse_yaml_file(src, file.string());
  if (!present(root)) {
    if (diagnostics.empty()) src.error(YAML::Mark::null_mark(), "", {"文件为空", "file is empty"});
    return model;
  }
  MapReader top(root, "", src);
  for (const auto& kind : kRankedKinds) {
    auto node = top.node(kind);
    if (present(node)) model.kinds.push_back(read_kind(node, kind, src));
  }
  top.finish();
  if (top.is_map() && model.kinds.empty()) {
    src.error(root.Mark(), "",
              {"至少应有一类单位的评分模型(township、department …)",
               "at least one unit kind's model is required (township, department, ...)"});
  }
  return model;
}

}  // namespace duban::config
