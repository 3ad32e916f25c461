// duban survey drafts / draft / confirm / list / indicators: the problems the field work found,
// from drafts to a group's confirmed list of the day (engine/survey/draft_cases) and the day's list
// of every group (engine/survey/day_list).
#include <charconv>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/safe_files.hpp"
#include "domain/errors.hpp"
#include "survey/day_list.hpp"
#include "survey/draft_cases.hpp"
#include "survey/indicator_cases.hpp"

namespace duban::cli {

namespace {

std::string required(Invocation& inv, const char* name, const Text& what) {
  auto v = inv.value(name);
  if (v.empty()) throw Error(Errc::invalid_argument, what);
  return v;
}

std::int64_t number(const std::string& text, const char* what) {
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || p != text.data() + text.size() || n < 0) {
    throw Error(Errc::invalid_argument, {std::string(what) + " 应为正整数:" + text,
                                         std::string(what) + " must be a whole number: " + text});
  }
  return n;
}

std::string round_of(Invocation& inv) {
  return required(
      inv, "round",
      {"缺少 --round(轮次,如 2026-H1)", "--round is required (the round, e.g. 2026-H1)"});
}

const char* status_zh(const std::string& s) {
  if (s == "draft") return "草稿";
  if (s == "confirmed") return "已确认";
  if (s == "dropped") return "已删除";
  if (s == "merged") return "已合并";
  if (s == "withdrawn") return "已撤回";
  return "";
}

void print(std::ostream& out, const store::DraftRecord& d) {
  out << "#" << d.id << "  " << Text{status_zh(d.status), d.status}.str() << "  " << d.day
      << Text{"  第" + std::to_string(d.group) + "组  ",
              "  group " + std::to_string(d.group) + "  "}
             .str()
      << d.village << "  " << d.subject << "  [" << d.category << "] " << d.text;
  if (d.merged_into) out << Text{"(并入 #", " (merged into #"}.str() << d.merged_into << ")";
  if (!d.note.empty()) out << "  (" << d.note << ")";
  out << "\n";
}

int drafts(Invocation& inv) {
  store::DraftFilter f;
  if (inv.has("group")) f.group = static_cast<int>(number(inv.value("group"), "--group"));
  f.day = inv.value("date");
  f.status = inv.value("status");
  f.form_id = inv.value("form");
  auto list = survey::list_drafts(inv.services(), inv.global.actor, round_of(inv), f);
  if (inv.global.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& d : list) j.push_back(survey::draft_json(d));
    inv.out << nlohmann::json{{"drafts", j}}.dump(2, ' ', false,
                                                  nlohmann::json::error_handler_t::replace)
            << "\n";
    return 0;
  }
  for (const auto& d : list) print(inv.out, d);
  inv.out << Text{"共 " + std::to_string(list.size()) + " 条",
                  std::to_string(list.size()) + " problems"}
                 .str()
          << "\n";
  return 0;
}

int draft(Invocation& inv) {
  survey::ChangeDraft r;
  r.actor = inv.global.actor;
  r.round = round_of(inv);
  r.id = number(inv.positional(0), "ID");
  int actions = 0;
  if (inv.has("drop")) {
    r.action = survey::DraftAction::drop;
    ++actions;
  }
  if (inv.has("merge-into")) {
    r.action = survey::DraftAction::merge;
    r.into = number(inv.value("merge-into"), "--merge-into");
    ++actions;
  }
  if (inv.has("restore")) {
    r.action = survey::DraftAction::restore;
    ++actions;
  }
  if (inv.has("text") || inv.has("category")) {
    if (actions == 0) r.action = survey::DraftAction::edit;
    ++actions;
  }
  if (actions != 1) {
    throw Error(Errc::invalid_argument,
                {"请给出一项操作:--text/--category、--drop、--merge-into 或 --restore",
                 "give one action: --text/--category, --drop, --merge-into or --restore"});
  }
  r.text = inv.value("text");
  r.category = inv.value("category");
  r.reason = inv.value("reason");
  auto d = survey::change_draft(inv.services(), r);
  if (inv.global.json) {
    inv.out << survey::draft_json(d).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    return 0;
  }
  print(inv.out, d);
  return 0;
}

int confirm(Invocation& inv) {
  auto group = static_cast<int>(
      number(required(inv, "group", {"缺少 --group", "--group is required"}), "--group"));
  auto list = survey::confirm_day(inv.services(), inv.global.actor, round_of(inv), group,
                                  required(inv, "date", {"缺少 --date", "--date is required"}));
  if (inv.global.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& d : list.problems) j.push_back(survey::draft_json(d));
    inv.out << nlohmann::json{{"round", list.round},
                              {"group", list.group},
                              {"date", list.day},
                              {"confirmed_now", list.confirmed_now},
                              {"problems", j}}
                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    return 0;
  }
  for (const auto& d : list.problems) print(inv.out, d);
  inv.out << Text{"第 " + std::to_string(group) + " 组 " + list.day +
                      " 的问题清单:" + std::to_string(list.problems.size()) + " 条(本次确认 " +
                      std::to_string(list.confirmed_now) + " 条)",
                  "group " + std::to_string(group) + "'s list of " + list.day + ": " +
                      std::to_string(list.problems.size()) + " problems (" +
                      std::to_string(list.confirmed_now) + " confirmed now)"}
                 .str()
          << "\n";
  return 0;
}

int day_list(Invocation& inv) {
  auto listing = survey::day_listing(
      inv.services(), inv.global.actor,
      required(inv, "date", {"缺少 --date(YYYY-MM-DD)", "--date is required (YYYY-MM-DD)"}));
  if (inv.has("xlsx")) {
    auto target = inv.value("xlsx");
    write_atomically(target, inv.services().config, [&](std::ostream& out) {
      survey::write_day_list_xlsx(listing, out);
      return listing.problems.size();
    });
    inv.err << Text{"已写入 ", "wrote "}.str() << target << "\n";
    return 0;
  }
  if (inv.global.json) {
    inv.out << survey::day_list_json(listing).dump(2, ' ', false,
                                                   nlohmann::json::error_handler_t::replace)
            << "\n";
    return 0;
  }
  for (const auto& g : listing.groups) {
    inv.out << g.round
            << Text{" 第" + std::to_string(g.number) + "组  ",
                    " group " + std::to_string(g.number) + "  "}
                   .str()
            << (g.confirmed ? Text{"已确认", "confirmed"} : Text{"未确认", "not confirmed"}).str()
            << Text{"  问题 " + std::to_string(g.problems) + "  待确认 " +
                        std::to_string(g.waiting),
                    "  problems " + std::to_string(g.problems) + "  waiting " +
                        std::to_string(g.waiting)}
                   .str()
            << "\n";
  }
  std::size_t n = 0;
  for (const auto& p : listing.problems) {
    inv.out << ++n << ". " << p.township_name << " " << p.draft.village << " " << p.subject << "  ["
            << p.draft.category << "] " << p.draft.text << "\n";
  }
  inv.out << Text{listing.day + " 汇总问题 " + std::to_string(n) + " 个,未确认的组 " +
                      std::to_string(listing.unconfirmed()) + " 个",
                  listing.day + ": " + std::to_string(n) + " problems, " +
                      std::to_string(listing.unconfirmed()) + " groups not confirmed"}
                 .str()
          << "\n";
  return 0;
}

int indicators(Invocation& inv) {
  auto report = survey::subject_indicators(
      inv.services(), inv.global.actor, round_of(inv), inv.value("form", "village_exit_check"),
      required(inv, "subject",
               {"缺少 --subject(如 longtan/一村)", "--subject is required (e.g. longtan/一村)"}));
  if (inv.global.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& a : report.assessments) {
      j.push_back({{"question", a.question},
                   {"label", a.label.str()},
                   {"value", a.value},
                   {"pass", !a.problem},
                   {"text", a.text}});
    }
    inv.out << nlohmann::json{{"form", report.form},
                              {"subject", report.subject},
                              {"indicators", j},
                              {"failed", report.failed}}
                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    return report.failed == 0 ? 0 : 3;
  }
  for (const auto& a : report.assessments) {
    inv.out << (a.problem ? Text{"不达标  ", "fail  "} : Text{"达标    ", "pass  "}).str()
            << a.label.str() << ":" << a.value;
    if (a.problem) inv.out << "  — " << a.text;
    inv.out << "\n";
  }
  inv.out << Text{"共 " + std::to_string(report.assessments.size()) + " 项,不达标 " +
                      std::to_string(report.failed) + " 项",
                  std::to_string(report.assessments.size()) + " indicators, " +
                      std::to_string(report.failed) + " failed"}
                 .str()
          << "\n";
  return report.failed == 0 ? 0 : 3;
}

const OptionSpec kRoundOption{
    "round", "ROUND", {"轮次,如 2026-H1", "the round, e.g. 2026-H1"}, true};

}  // namespace

std::vector<CommandSpec> draft_commands() {
  std::vector<CommandSpec> v;
  v.push_back(
      {"survey drafts",
       {},
       {kRoundOption,
        {"group", "N", {"只列第 N 组的", "group N's only"}},
        {"date", "DATE", {"只列这一天的(日程中的日期)", "that day's only (the schedule's day)"}},
        {"status",
         "STATUS",
         {"draft、confirmed、dropped、merged 或 withdrawn",
          "draft, confirmed, dropped, merged or withdrawn"}},
        {"form", "FORM", {"只列这份问卷的", "one form's only"}}},
       {"列出实地评估发现的问题(草稿与已确认的)",
        "list the problems the field work found (drafts and confirmed)"},
       drafts});
  v.push_back(
      {"survey draft",
       {"ID"},
       {kRoundOption,
        {"text", "TEXT", {"改写问题的表述", "reword the problem"}},
        {"category", "CATEGORY", {"改问题类别", "change its category"}},
        {"drop", "", {"删除(须 --reason)", "drop it (needs --reason)"}},
        {"reason", "TEXT", {"删除的理由", "why it is dropped"}},
        {"merge-into", "ID", {"并入本组另一条问题", "merge it into another problem of the group"}},
        {"restore", "", {"恢复已删除或已合并的", "restore a dropped or merged one"}}},
       {"组长修改、删除、合并或恢复一条问题草稿(已确认的不再改)",
        "the group leader edits, drops, merges or restores a draft (a confirmed one no longer "
        "changes)"},
       draft});
  v.push_back({"survey confirm",
               {},
               {kRoundOption,
                {"group", "N", {"组号", "the group"}, true},
                {"date", "DATE", {"哪一天(YYYY-MM-DD)", "the day (YYYY-MM-DD)"}, true}},
               {"组长确认本组当天的问题清单(其余草稿全部确认)",
                "the leader confirms the group's list of the day (its drafts all confirmed)"},
               confirm});
  v.push_back(
      {"survey list",
       {},
       {{"date", "DATE", {"哪一天(YYYY-MM-DD)", "the day (YYYY-MM-DD)"}, true},
        {"xlsx",
         "FILE",
         {"写成问题清单 XLSX(即晚间邮件的附件)", "write the XLSX the evening e-mail carries"}}},
       {"当天汇总问题清单:各组已确认的问题及各组确认情况",
        "the day's list: every group's confirmed problems, and which groups confirmed"},
       day_list});
  v.push_back({"survey indicators",
               {},
               {kRoundOption,
                {"subject",
                 "SUBJECT",
                 {"村(乡镇/村)或户编号", "the village (township/村) or household"},
                 true},
                {"form",
                 "FORM",
                 {"问卷(默认 village_exit_check,贫困村退出核查)",
                  "the form (default village_exit_check)"}}},
               {"按答卷逐项列出指标达标与否及其数值(有不达标项时返回 3)",
                "each indicator of a subject's answers, pass or fail with its value (exit 3 when "
                "one fails)"},
               indicators});
  return v;
}

}  // namespace duban::cli
