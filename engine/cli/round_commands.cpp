// duban round … / step … / submit / problem …: the seven-step procedure of a round.
#include <ostream>

#include "app/json_views.hpp"
#include "app/queries.hpp"
#include "app/round_cases.hpp"
#include "cli/cli.hpp"
#include "cli/output.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

int print_round_of(Invocation& inv, const std::string& round) {
  auto view = app::show_round(inv.services(), round);
  if (inv.global.json) {
    inv.out << app::dump_json(app::to_json(view), 2) << "\n";
  } else {
    print_round(inv.out, view);
  }
  return 0;
}

CommandSpec step_command(StepEventKind kind, Text summary, std::vector<OptionSpec> options) {
  CommandSpec c;
  c.path = "step " + std::string(to_string(kind));
  c.positionals = {"ROUND", "STEP"};
  c.options = std::move(options);
  c.summary = std::move(summary);
  c.run = [kind](Invocation& inv) {
    app::ChangeStep req{inv.global.actor,    inv.positional(0),    inv.positional(1), kind,
                        inv.value("reason"), inv.value("override")};
    auto changed = app::change_step(inv.services(), req);
    if (inv.global.json) return print_round_of(inv, inv.positional(0));
    inv.out << tr({"步骤 ", "step "}) << inv.positional(1) << ": " << label_zh(changed.from)
            << " → " << label_zh(changed.to) << "\n";
    if (!changed.created_items.empty()) {
      inv.out << tr({"问题清单已转为整改事项 ", "problems turned into items: "})
              << changed.created_items.size() << tr({" 项", ""}) << "\n";
    }
    return 0;
  };
  return c;
}

}  // namespace

std::vector<CommandSpec> round_commands() {
  std::vector<CommandSpec> v;
  v.push_back({"round start",
               {"ROUND"},
               {{"observation-date",
                 "YYYY-MM-DD",
                 {"季度观摩日期(观摩村名单提前一周报送)",
                  "date of the observation tour (village lists due a week before)"}}},
               {"启动评估轮次,如 2020-H1(半年)或 2020-Y(全年)",
                "start a round: 2020-H1 (half year) or 2020-Y (annual)"},
               [](Invocation& inv) {
                 app::start_round(inv.services(), {inv.global.actor, inv.positional(0),
                                                   inv.value("observation-date")});
                 return print_round_of(inv, inv.positional(0));
               }});
  v.push_back({"round show",
               {"ROUND"},
               {},
               {"查看轮次七个步骤的进度", "show a round's seven steps"},
               [](Invocation& inv) { return print_round_of(inv, inv.positional(0)); }});
  v.push_back({"round list", {}, {}, {"列出评估轮次", "list rounds"}, [](Invocation& inv) {
                 auto rounds = app::list_rounds(inv.services());
                 auto arr = nlohmann::json::array();
                 for (const auto& r : rounds) {
                   int done = 0;
                   for (const auto& s : r.steps) done += s.state == StepState::completed;
                   if (inv.global.json) {
                     arr.push_back({{"round", r.id.str()},
                                    {"completed_steps", done},
                                    {"started_at", r.started_at}});
                   } else {
                     inv.out << pad(r.id.str(), 10) << tr({"已完成步骤 ", "completed steps "})
                             << done << "/7  " << r.started_at << "\n";
                   }
                 }
                 if (inv.global.json) inv.out << app::dump_json(arr, 2) << "\n";
                 return 0;
               }});
  v.push_back(step_command(
      StepEventKind::open,
      {"开始一个步骤(须前置步骤已完成)", "open a step (its dependencies must be completed)"}, {}));
  v.push_back(
      step_command(StepEventKind::complete, {"完成一个步骤", "complete a step"},
                   {{"override",
                     "REASON",
                     {"领导小组在单位未全部报送时强制完成,须说明理由",
                      "leading group: complete despite missing submissions, with a reason"}}}));
  v.push_back(step_command(StepEventKind::reopen,
                           {"重新打开已完成的步骤(领导小组,须说明理由)",
                            "reopen a completed step (leading group, with a reason)"},
                           {{"reason", "TEXT", {"理由(必填)", "reason (required)"}}}));
  v.push_back({"step approve",
               {"ROUND"},
               {},
               {"审定综合评定报告(第 6 步完成的前提)",
                "approve the assessment report (needed to complete step 6)"},
               [](Invocation& inv) {
                 app::approve_report(inv.services(), {inv.global.actor, inv.positional(0)});
                 inv.out << tr({"评估报告已审定", "report approved"}) << "\n";
                 return 0;
               }});
  v.push_back(
      {"submit",
       {"ROUND", "STEP"},
       {{"unit", "UNIT", {"报送单位", "submitting unit"}, true},
        {"note",
         "TEXT",
         {"说明,如报告名称或观摩村名单", "note, e.g. the report title or the village list"}}},
       {"单位报送:自查总结(1)、观摩村名单(3)或确认收到反馈(7)",
        "a unit's submission: self-inspection (1), village list (3), feedback received (7)"},
       [](Invocation& inv) {
         auto r =
             app::submit(inv.services(), {inv.global.actor, inv.positional(0), inv.positional(1),
                                          inv.value("unit"), inv.value("note")});
         inv.out << tr({"已报送", "submitted"});
         if (r.late) inv.out << tr({"(逾期:截止 ", " (late: due "}) << r.due << tr({")", ")"});
         inv.out << "\n";
         return 0;
       }});
  v.push_back({"problem add",
               {"ROUND"},
               {{"unit", "UNIT", {"责任单位", "responsible unit"}, true},
                {"title", "TEXT", {"问题", "the problem"}, true},
                {"manifestation", "TEXT", {"具体表现", "what was found"}},
                {"suggestion", "TEXT", {"整改建议", "suggested rectification"}},
                {"category", "TEXT", {"类别", "category"}},
                {"source", "SRC", {"来源(默认 county)", "source (default county)"}}},
               {"记录评估中发现的问题(第 7 步完成时转为整改事项)",
                "record a problem found in the round (becomes an item when step 7 completes)"},
               [](Invocation& inv) {
                 app::AddProblem req{inv.global.actor,           inv.positional(0),
                                     inv.value("unit"),          inv.value("source", "county"),
                                     inv.value("category"),      inv.value("title"),
                                     inv.value("manifestation"), inv.value("suggestion")};
                 auto id = app::add_problem(inv.services(), req);
                 inv.out << tr({"已记录问题 ", "recorded problem "}) << id << "\n";
                 return 0;
               }});
  return v;
}

}  // namespace duban::cli
