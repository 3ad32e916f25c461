// duban recommendation list|accept|dismiss: the leading group decides what the rules recommend.
#include <charconv>
#include <ostream>

#include "app/json_views.hpp"
#include "app/recommendation_cases.hpp"
#include "app/scoring_views.hpp"
#include "cli/cli.hpp"
#include "cli/output.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

std::int64_t id_of(const std::string& text) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || p != text.data() + text.size() || id <= 0) {
    throw Error(Errc::invalid_argument, {"建议编号应为正整数:" + text,
                                         "a recommendation id is a positive number: " + text});
  }
  return id;
}

void print(std::ostream& out, const Recommendation& x) {
  out << "#" << x.id << "  " << pad(x.round, 9) << pad(x.unit, 14)
      << pad(std::string(label_zh(x.state)), 8) << pad(x.plugin + "/" + x.rule, 30)
      << (current_lang() == Lang::en ? x.text_en : x.text_zh);
  if (!x.decided_by.empty()) out << "  [" << x.decided_by << " " << x.decided_at << "]";
  if (x.item_id) out << tr({"  整改事项 ", "  item "}) << x.item_id;
  out << "\n";
}

int decide(Invocation& inv, bool accept) {
  auto x = app::decide_recommendation(
      inv.services(), {inv.global.actor, id_of(inv.positional(0)), accept, inv.value("note")});
  if (inv.global.json) {
    inv.out << app::dump_json(app::to_json(x), 2) << "\n";
  } else {
    print(inv.out, x);
  }
  return 0;
}

}  // namespace

std::vector<CommandSpec> recommendation_commands() {
  std::vector<CommandSpec> v;
  v.push_back(
      {"recommendation list",
       {},
       {{"round", "ROUND", {"只看一轮", "one round only"}},
        {"unit", "UNIT", {"只看一个单位", "one unit only"}},
        {"state",
         "STATE",
         {"pending 待定、accepted、dismissed、superseded",
          "pending, accepted, dismissed, superseded"}}},
       {"列出激励与问责规则提出的建议及决定", "list the rules' recommendations and the decisions"},
       [](Invocation& inv) {
         auto list = app::list_recommendations(inv.services(), inv.global.actor, inv.value("round"),
                                               inv.value("unit"), inv.value("state"));
         if (inv.global.json) {
           auto arr = nlohmann::json::array();
           for (const auto& x : list) arr.push_back(app::to_json(x));
           inv.out << app::dump_json(arr, 2) << "\n";
           return 0;
         }
         if (list.empty()) inv.out << tr({"(没有建议)", "(no recommendations)"}) << "\n";
         for (const auto& x : list) print(inv.out, x);
         return 0;
       }});
  v.push_back({"recommendation accept",
               {"ID"},
               {{"note", "TEXT", {"说明", "note"}}},
               {"采纳建议(领导小组);约谈建议同时交办限期整改事项,加分建议记入评分",
                "accept (leading group); an admonishment also assigns a rectification item, a "
                "bonus is recorded as a score"},
               [](Invocation& inv) { return decide(inv, true); }});
  v.push_back({"recommendation dismiss",
               {"ID"},
               {{"note", "TEXT", {"理由(必填)", "reason (required)"}, true}},
               {"不采纳建议(领导小组,须说明理由)", "dismiss (leading group, with a reason)"},
               [](Invocation& inv) { return decide(inv, false); }});
  return v;
}

}  // namespace duban::cli
