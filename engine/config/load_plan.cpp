// Reading and checking config/evaluation-plan.yaml: the field evaluation's sampling numbers.
#include <algorithm>
#include <set>

#include "config/loaders.hpp"

namespace duban::config {

namespace {

std::string kinds_list(bool village) {
  std::string out;
  if (village) {
    for (auto k : kAllVillageKinds) out += (out.empty() ? "" : "、") + std::string(label_zh(k));
  } else {
    for (auto k : kAllHouseholdKinds) out += (out.empty() ? "" : "、") + std::string(label_zh(k));
  }
  return out;
}

void read_villages(MapReader& top, const Source& src, EvaluationPlan& plan) {
  auto node = top.node("villages");
  if (!present(node)) return;
  MapReader r(node, "villages", src);
  plan.key_township_villages = r.integer("key_township", Need::optional, 0, 100).value_or(3);
  plan.other_township_villages = r.integer("other_township", Need::optional, 0, 100).value_or(2);
  if (present(r.node("cover"))) plan.cover.clear();
  std::set<VillageKind> seen;
  for_each_element(r, "cover", Need::optional, [&](const YAML::Node& n, const std::string& path) {
    auto text = scalar_string(n, path, src);
    if (!text) return;
    auto kind = village_kind_from(*text);
    if (!kind) {
      src.error(n.Mark(), path,
                {"未知的村类型 " + *text + ",可选:" + kinds_list(true),
                 "unknown village kind " + *text + "; expected one of: " + kinds_list(true)});
    } else if (!seen.insert(*kind).second) {
      src.error(n.Mark(), path, {"村类型重复:" + *text, "village kind listed twice: " + *text});
    } else {
      plan.cover.push_back(*kind);
    }
  });
  r.finish();
}

HouseholdQuota read_quota(const YAML::Node& node, const std::string& path, const Source& src,
                          std::set<HouseholdKind>& seen) {
  MapReader r(node, path, src);
  HouseholdQuota q;
  if (auto text = r.string("kind", Need::required)) {
    auto kind = household_kind_from(*text);
    if (!kind) {
      src.error(node["kind"].Mark(), r.path_of("kind"),
                {"未知的户类型 " + *text + ",可选:" + kinds_list(false),
                 "unknown household kind " + *text + "; expected one of: " + kinds_list(false)});
    } else if (!seen.insert(*kind).second) {
      src.error(node["kind"].Mark(), r.path_of("kind"),
                {"户类型重复:" + *text, "household kind listed twice: " + *text});
    } else {
      q.kind = *kind;
    }
  }
  q.count = r.integer("count", Need::required, 0, 1000).value_or(0);
  for_each_element(r, "prefer", Need::optional, [&](const YAML::Node& n, const std::string& p) {
    auto text = scalar_string(n, p, src);
    if (!text) return;
    auto tag = household_tag_from(*text);
    if (!tag) {
      src.error(
          n.Mark(), p,
          {"未知的重点户标签 " + *text + ",可选:危房、大病、低保、五保、残疾",
           "unknown household mark " + *text + "; expected one of: 危房, 大病, 低保, 五保, 残疾"});
    } else {
      q.prefer |= static_cast<unsigned>(*tag);
    }
  });
  r.finish();
  return q;
}

void read_households(MapReader& top, const Source& src, EvaluationPlan& plan) {
  auto node = top.node("households");
  if (!present(node)) return;
  MapReader r(node, "households", src);
  if (present(r.node("quotas"))) plan.quotas.clear();
  std::set<HouseholdKind> seen;
  for_each_element(r, "quotas", Need::optional, [&](const YAML::Node& n, const std::string& path) {
    plan.quotas.push_back(read_quota(n, path, src, seen));
  });
  plan.substitute = r.boolean("substitute").value_or(true);
  auto always = r.node("always");
  if (present(always)) {
    plan.all_edge = plan.all_monitored = false;
    for_each_element(r, "always", Need::optional,
                     [&](const YAML::Node& n, const std::string& path) {
                       auto text = scalar_string(n, path, src);
                       if (!text) return;
                       if (*text == "边缘户" || *text == "edge") {
                         plan.all_edge = true;
                       } else if (*text == "监测户" || *text == "monitored") {
                         plan.all_monitored = true;
                       } else {
                         src.error(n.Mark(), path,
                                   {"应为 边缘户 或 监测户:" + *text,
                                    "expected 边缘户 (edge) or 监测户 (monitored): " + *text});
                       }
                     });
  }
  r.finish();
  if (r.is_map() && plan.households_per_village() == 0) {
    src.error(node.Mark(), "households.quotas",
              {"每村至少应抽 1 户", "a sampled village must give at least one household"});
  }
}

void read_groups(MapReader& top, const Source& src, EvaluationPlan& plan) {
  auto node = top.node("groups");
  if (!present(node)) return;
  MapReader r(node, "groups", src);
  plan.groups = r.integer("count", Need::optional, 1, 100).value_or(5);
  plan.group_size = r.integer("size", Need::optional, 1, 100).value_or(7);
  plan.villages_per_day = r.integer("villages_per_day", Need::optional, 1, 20).value_or(2);
  r.finish();
}

/// daily_list: when the day's combined list leaves, to whom, and by when each group confirms.
void read_daily_list(MapReader& top, const Source& src, EvaluationPlan& plan) {
  auto node = top.node("daily_list");
  if (!present(node)) return;
  auto& d = plan.daily_list;
  if (node.IsScalar() && (node.Scalar() == "off" || node.Scalar() == "false")) {
    d.enabled = false;
    return;
  }
  MapReader r(node, "daily_list", src);
  if (auto t = r.time_of_day("send_at")) d.send_at = *t;
  if (auto t = r.time_of_day("confirm_by")) d.confirm_by = *t;
  read_roles_and_mailbox(r, src, d.to, d.mailbox);
  if (present(r.node("channels"))) d.channels.clear();
  for_each_element(r, "channels", Need::optional, [&](const YAML::Node& e, const std::string& p) {
    auto text = scalar_string(e, p, src);
    if (!text) return;
    if (*text == "email" || *text == "sms") {
      d.channels.push_back(*text);
    } else {
      src.error(e.Mark(), p,
                {"组长提醒只能用 email 或 sms:" + *text,
                 "a group leader is reminded by email or sms only: " + *text});
    }
  });
  r.finish();
  if (r.is_map() && d.confirm_by > d.send_at) {
    src.error(node["confirm_by"].Mark(), "daily_list.confirm_by",
              {"确认时间应不晚于报送时间 send_at", "confirm_by must not be after send_at"});
  }
}

/// feedback: what `survey feedback` gives the items, and which categories the findings count.
void read_feedback(MapReader& top, const Source& src, EvaluationPlan& plan) {
  auto node = top.node("feedback");
  if (!present(node)) return;
  auto& f = plan.feedback;
  MapReader r(node, "feedback", src);
  f.due = r.string("due").value_or("");
  f.owner = r.string("owner").value_or("");
  f.measures = r.string("measures").value_or("");
  auto categories = [&](const char* key, std::vector<std::string>& out) {
    if (present(r.node(key))) out.clear();
    for_each_element(r, key, Need::optional, [&](const YAML::Node& e, const std::string& p) {
      if (auto text = scalar_string(e, p, src)) out.push_back(*text);
    });
  };
  categories("satisfaction", f.satisfaction);
  categories("misidentification", f.misidentification);
  r.finish();
}

/// forms: the questionnaires, each a path relative to the plan's folder that must exist; without
/// the key, every .xlsx in forms/ beside the plan (none when there is no such folder).
void read_forms(MapReader& top, const Source& src, const std::filesystem::path& folder,
                EvaluationPlan& plan) {
  namespace fs = std::filesystem;
  if (!present(top.node("forms"))) {
    std::error_code ec;
    if (fs::is_directory(folder / "forms", ec)) {
      for (const auto& e : fs::directory_iterator(folder / "forms", ec)) {
        if (e.path().extension() == ".xlsx" && e.path().filename().string()[0] != '~')
          plan.forms.push_back(e.path().string());
      }
      std::sort(plan.forms.begin(), plan.forms.end());
    }
    return;
  }
  for_each_element(top, "forms", Need::optional, [&](const YAML::Node& n, const std::string& path) {
    auto text = scalar_string(n, path, src);
    if (!text) return;
    auto file = folder / *text;
    if (!fs::is_regular_file(file)) {
      src.error(n.Mark(), path,
                {"问卷文件不存在:" + file.string(), "form file does not exist: " + file.string()});
      return;
    }
    plan.forms.push_back(file.string());
  });
}

}  // namespace

EvaluationPlan load_evaluation_plan(const std::filesystem::path& file, const std::string& shown,
                                    Diagnostics& diagnostics) {
  Source src{shown, diagnostics, {}};
  EvaluationPlan plan = seed_evaluation_plan();
  auto root = parse_yaml_file(src, file.string());
  if (!present(root)) {
    if (diagnostics.empty()) src.error(YAML::Mark::null_mark(), "", {"文件为空", "file is empty"});
    return plan;
  }
  MapReader top(root, "", src);
  read_villages(top, src, plan);
  read_households(top, src, plan);
  read_groups(top, src, plan);
  read_forms(top, src, file.parent_path(), plan);
  read_daily_list(top, src, plan);
  read_feedback(top, src, plan);
  top.finish();
  return plan;
}

void read_survey(MapReader& top, const Source& src, const std::filesystem::path& base,
                 Config& cfg) {
  namespace fs = std::filesystem;
  auto node = top.node("survey");
  MapReader r(node, "survey", src);
  auto plan = r.string("plan");
  if (auto key = r.string("id_key")) cfg.roster_key = base / *key;
  r.finish();
  if (plan) {
    if (!fs::is_regular_file(base / *plan)) {
      src.error(node["plan"].Mark(), "survey.plan",
                {"评估工作方案文件不存在:" + (base / *plan).string(),
                 "evaluation plan file does not exist: " + (base / *plan).string()});
      return;
    }
    cfg.evaluation_plan_file = base / *plan;
  } else if (fs::is_regular_file(base / "evaluation-plan.yaml")) {
    cfg.evaluation_plan_file = base / "evaluation-plan.yaml";
  }
  if (!cfg.evaluation_plan_file.empty()) {
    cfg.evaluation_plan = load_evaluation_plan(
        cfg.evaluation_plan_file, plan.value_or("evaluation-plan.yaml"), src.diagnostics);
  }
}

}  // namespace duban::config
