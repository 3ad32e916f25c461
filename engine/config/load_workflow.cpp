// Reading and checking workflows/evaluation-procedure.yaml and rectification-lifecycle.yaml.
#include <set>

#include "config/loaders.hpp"

namespace duban::config {

namespace {

std::vector<std::string> step_names() {
  std::vector<std::string> names;
  for (auto s : kAllSteps) names.emplace_back(to_string(s));
  return names;
}

std::optional<StepId> read_step_name(const YAML::Node& n, const std::string& path,
                                     const Source& src) {
  auto text = scalar_string(n, path, src);
  if (!text) return std::nullopt;
  auto step = step_from(*text);
  if (step && *text == to_string(*step)) return step;
  auto hint = did_you_mean(*text, step_names());
  src.error(n.Mark(), path,
            {"不存在的步骤:" + *text + (hint.empty() ? "" : "(是否想写 " + hint + "?)"),
             "no such step: " + *text + (hint.empty() ? "" : " (did you mean " + hint + "?)")});
  return std::nullopt;
}

std::vector<UnitKind> read_kinds(MapReader& r, const std::string& key, const Source& src) {
  std::vector<UnitKind> kinds;
  for_each_element(r, key, Need::required, [&](const YAML::Node& n, const std::string& path) {
    auto text = scalar_string(n, path, src);
    if (!text) return;
    if (auto k = unit_kind_from(*text)) {
      kinds.push_back(*k);
    } else {
      src.error(n.Mark(), path, {"未知的单位类型:" + *text, "unknown unit kind: " + *text});
    }
  });
  return kinds;
}

std::optional<DateRule> read_date_rule(const YAML::Node& n, const std::string& path,
                                       const Source& src) {
  MapReader r(n, path, src);
  if (!r.is_map()) return std::nullopt;
  DateRule rule;
  auto month = r.integer("month", Need::required, 1, 12);
  auto day_node = r.node("day", Need::required);
  rule.years_after = r.integer("years_after", Need::optional, 0, 1).value_or(0);
  r.finish();
  if (!month || !day_node.IsDefined()) return std::nullopt;
  rule.month = static_cast<unsigned>(*month);
  if (day_node.IsScalar() && day_node.Scalar() == "last") return rule;
  int day = 0;
  if (!day_node.IsScalar() || !YAML::convert<int>::decode(day_node, day)) {
    src.error(day_node.Mark(), r.path_of("day"), {"应为 1..31 或 last", "expected 1..31 or last"});
    return std::nullopt;
  }
  rule.day = static_cast<unsigned>(day);
  // A leap year accepts 29 February; the rule must name a real day in some year.
  Date check{std::chrono::year{2000}, std::chrono::month{rule.month}, std::chrono::day{*rule.day}};
  if (day < 1 || !check.ok()) {
    src.error(day_node.Mark(), r.path_of("day"),
              {"该月没有第 " + std::to_string(day) + " 天",
               "month " + std::to_string(*month) + " has no day " + std::to_string(day)});
    return std::nullopt;
  }
  return rule;
}

void read_step(const YAML::Node& n, const std::string& path, const Source& src, Workflow& w,
               std::set<StepId>& seen, std::size_t position) {
  MapReader r(n, path, src);
  auto id_node = r.node("id", Need::required);
  std::optional<StepId> id;
  if (id_node.IsDefined()) id = read_step_name(id_node, r.path_of("id"), src);
  StepRule rule;
  r.string("name");  // the Chinese label, for readers of the file
  for_each_element(
      r, "depends_on", Need::optional, [&](const YAML::Node& dn, const std::string& dpath) {
        auto dep = read_step_name(dn, dpath, src);
        if (!dep) return;
        if (id && number(*dep) >= number(*id)) {
          src.error(dn.Mark(), dpath,
                    {"只能依赖前面的步骤:" + std::string(to_string(*dep)),
                     "a step may depend only on earlier steps: " + std::string(to_string(*dep))});
          return;
        }
        rule.depends_on.push_back(*dep);
      });
  if (auto sub = r.node("submissions"); present(sub)) {
    MapReader s(sub, r.path_of("submissions"), src);
    rule.submissions_from = read_kinds(s, "from", src);
    rule.submission_label = s.string("what", Need::required).value_or("");
    rule.override_allowed = s.boolean("override").value_or(false);
    s.finish();
  }
  rule.approval = r.boolean("approval").value_or(false);
  if (auto fb = r.node("feedback"); present(fb)) {
    MapReader f(fb, r.path_of("feedback"), src);
    rule.feedback_to = read_kinds(f, "to", src);
    f.finish();
  }
  if (auto due = r.node("due"); present(due)) {
    MapReader d(due, r.path_of("due"), src);
    if (auto h = d.node("half_year"); present(h))
      rule.due_half_year = read_date_rule(h, d.path_of("half_year"), src);
    if (auto a = d.node("annual"); present(a))
      rule.due_annual = read_date_rule(a, d.path_of("annual"), src);
    d.finish();
  }
  r.finish();
  if (!id) return;
  if (!seen.insert(*id).second) {
    src.error(id_node.Mark(), r.path_of("id"),
              {"步骤重复:" + std::string(to_string(*id)),
               "step listed twice: " + std::string(to_string(*id))});
    return;
  }
  if (static_cast<std::size_t>(number(*id)) != position + 1) {
    src.error(id_node.Mark(), r.path_of("id"),
              {"步骤须按 1…7 的顺序列出,此处应为第 " + std::to_string(position + 1) + " 步",
               "steps must be listed in order 1..7; expected step " + std::to_string(position + 1) +
                   " here"});
  }
  rule.step = *id;
  w.steps[number(*id) - 1] = std::move(rule);
}

}  // namespace

Workflow load_workflow(const std::filesystem::path& dir, const std::string& shown_dir,
                       Diagnostics& diagnostics) {
  Workflow w;
  for (auto s : kAllSteps) w.steps[number(s) - 1].step = s;

  Source proc{
      (std::filesystem::path(shown_dir) / "evaluation-procedure.yaml").lexically_normal().string(),
      diagnostics,
      {}};
  auto root = parse_yaml_file(proc, (dir / "evaluation-procedure.yaml").string());
  if (root.IsDefined() && !root.IsNull()) {
    MapReader top(root, "", proc);
    MapReader p(top.node("procedure", Need::required), "procedure", proc);
    w.yellow_days = p.integer("status_yellow_days", Need::optional, 0, 365).value_or(3);
    w.observation_list_days_before =
        p.integer("observation_list_days_before", Need::optional, 0, 60).value_or(7);
    if (auto rem = p.node("reminders"); present(rem)) {
      w.step_reminders = read_reminder_policy(rem, p.path_of("reminders"), proc);
    }
    if (auto dd = p.node("daily_digest"); present(dd)) {
      w.daily_digest = read_daily_digest(dd, p.path_of("daily_digest"), proc);
    }
    if (auto rem = p.node("submission_reminders"); present(rem)) {
      w.submission_reminders = read_reminder_policy(rem, p.path_of("submission_reminders"), proc);
    }
    std::set<StepId> seen;
    std::size_t position = 0;
    for_each_element(p, "steps", Need::required, [&](const YAML::Node& n, const std::string& path) {
      read_step(n, path, proc, w, seen, position++);
    });
    if (p.is_map() && position > 0 && seen.size() != kAllSteps.size()) {
      std::string missing;
      for (auto s : kAllSteps)
        if (!seen.count(s)) missing += (missing.empty() ? "" : ", ") + std::string(to_string(s));
      if (!missing.empty()) {
        proc.error(root["procedure"]["steps"].Mark(), "procedure.steps",
                   {"缺少步骤:" + missing, "missing steps: " + missing});
      }
    }
    p.finish();
    top.finish();
  }

  Source life{(std::filesystem::path(shown_dir) / "rectification-lifecycle.yaml")
                  .lexically_normal()
                  .string(),
              diagnostics,
              {}};
  auto lroot = parse_yaml_file(life, (dir / "rectification-lifecycle.yaml").string());
  if (lroot.IsDefined() && !lroot.IsNull()) {
    MapReader top(lroot, "", life);
    MapReader l(top.node("lifecycle", Need::required), "lifecycle", life);
    w.item_yellow_days = l.integer("status_yellow_days", Need::optional, 0, 365).value_or(3);
    if (auto rem = l.node("reminders"); present(rem)) {
      w.item_reminders = read_reminder_policy(rem, l.path_of("reminders"), life, true);
    }
    if (auto dl = l.node("deadlines"); present(dl)) {
      MapReader d(dl, l.path_of("deadlines"), life);
      if (auto t = d.string("immediate")) {
        auto v = DayOffset::parse(*t);
        if (!v || v->days <= 0) {
          life.error(d.node("immediate").Mark(), d.path_of("immediate"),
                     {"立行立改的时限应为“10 working days”“10个工作日”或“7天”这样的写法:" + *t,
                      "immediate must read like \"10 working days\" or \"7 days\": " + *t});
        } else {
          w.deadlines.immediate = *v;
        }
      }
      if (auto t = d.string("standing_report_every")) {
        if (auto v = ReportPeriod::parse(*t)) {
          w.deadlines.standing_report = *v;
        } else {
          life.error(d.node("standing_report_every").Mark(), d.path_of("standing_report_every"),
                     {"长期坚持事项的报告周期应为“1 month”“3个月”“每季度”或“30天”这样的写法:" + *t,
                      "standing_report_every must read like \"1 month\", \"3 months\" or \"30 "
                      "days\": " +
                          *t});
        }
      }
      d.finish();
    }
    if (auto msg = l.node("messages"); present(msg)) {
      w.messages = read_messages(msg, l.path_of("messages"), life);
    }
    l.finish();
    top.finish();
  }
  return w;
}

}  // namespace duban::config
