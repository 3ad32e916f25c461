// duban survey feedback: 集中反馈, the round's confirmed problems into rectification items and
// its findings per township (engine/survey/feedback_cases).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/json_views.hpp"
#include "app/scoring_views.hpp"
#include "cli/cli.hpp"
#include "cli/output.hpp"
#include "domain/errors.hpp"
#include "survey/feedback_cases.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

nlohmann::json findings_json(const survey::TownshipFindings& t) {
  auto j = app::field_figures_json(t.figures);
  j["township"] = t.township;
  j["name"] = t.name;
  return j;
}

int feedback(Invocation& inv) {
  survey::FeedbackRequest r;
  r.actor = inv.global.actor;
  r.round = inv.value("round");
  if (r.round.empty())
    throw Error(Errc::invalid_argument,
                {"缺少 --round(轮次,如 2026-H1)", "--round is required (the round, e.g. 2026-H1)"});
  r.due = inv.value("due");
  r.owner = inv.value("owner");
  r.measures = inv.value("measures");
  r.dry_run = inv.has("dry-run");
  auto result = survey::feed_back(inv.services(), r);
  if (inv.global.json) {
    auto findings = nlohmann::json::array();
    for (const auto& t : result.findings) findings.push_back(findings_json(t));
    inv.out << app::dump_json({{"round", result.round},
                               {"dry_run", r.dry_run},
                               {"due", result.due},
                               {"confirmed", result.confirmed},
                               {"fed_back_before", result.fed_back_before},
                               {"import", app::to_json(result.import)},
                               {"findings", findings}},
                              2)
            << "\n";
    return 0;
  }
  inv.out << tr(
      {"乡镇          样本村  问题  村均问题  入户  不认可  认可率   错评漏评\n",
       "township      villages problems per-village surveyed unsatisfied rate misidentified\n"});
  for (const auto& t : result.findings) {
    const auto& f = t.figures;
    inv.out << pad(t.name, 14) << pad(std::to_string(f.sampled_villages), 8)
            << pad(std::to_string(f.field_problems), 6) << pad(fixed1(f.problems_per_village()), 10)
            << pad(std::to_string(f.households_surveyed), 6)
            << pad(std::to_string(f.households_unsatisfied), 8)
            << pad(fixed1(f.satisfaction_rate()) + "%", 9) << f.misidentified << "\n";
  }
  const auto made = r.dry_run ? result.import.rows : result.import.created;
  inv.out << tr({"已确认问题 ", "confirmed problems: "}) << result.confirmed
          << tr({",此前已反馈 ", ", fed back before: "}) << result.fed_back_before
          << (r.dry_run ? tr({",将新建整改事项 ", ", items it would create: "})
                        : tr({",新建整改事项 ", ", items created: "}))
          << made << tr({"(已交办 ", " (assigned: "}) << result.import.assigned
          << tr({",整改时限 ", ", due: "}) << result.due << tr({")", ")"}) << "\n";
  if (made > result.import.assigned) {
    inv.out << tr({"未交办的事项缺责任人或整改措施:由乡镇补充后交办(item assign 或导入)",
                   "items not assigned lack an owner or measures: the township gives them, then "
                   "they are assigned (item assign, or an import)"})
            << "\n";
  }
  return 0;
}

}  // namespace

std::vector<CommandSpec> feedback_commands() {
  std::vector<CommandSpec> v;
  v.push_back(
      {"survey feedback",
       {},
       {{"round", "ROUND", {"轮次,如 2026-H1", "the round, e.g. 2026-H1"}, true},
        {"due",
         "DEADLINE",
         {"整改时限:日期、年底前、立行立改、长期坚持等(默认评估方案 feedback.due)",
          "the deadline: a date, 年底前, 立行立改, 长期坚持… (default: the plan's feedback.due)"}},
        {"owner",
         "NAME",
         {"责任人:head 为各乡镇负责人,或一个姓名(默认评估方案 feedback.owner)",
          "the owner: head for each township's head, or a name (default: the plan's)"}},
        {"measures",
         "TEXT",
         {"整改措施(有责任人和措施时直接交办)", "the measures (with an owner: assigned at once)"}},
        {"dry-run", "", {"只检查不写入", "check only, write nothing"}}},
       {"集中反馈:本轮已确认的问题转为各乡镇的整改事项(每条一次),并列出各乡镇的评估发现",
        "feedback: the round's confirmed problems become the townships' rectification items (each "
        "once), with each township's findings"},
       feedback});
  return v;
}

}  // namespace duban::cli
