// duban roster / duban survey: the field evaluation's roster and sample (engine/survey/).
#include <charconv>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/input_files.hpp"
#include "cli/safe_files.hpp"
#include "domain/errors.hpp"
#include "survey/roster_import.hpp"
#include "survey/sample_cases.hpp"
#include "survey/sample_xlsx.hpp"
#include "survey/schedule_cases.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

std::string round_option(Invocation& inv) {
  auto round = inv.value("round");
  if (round.empty()) {
    throw Error(Errc::invalid_argument,
                {"缺少 --round(轮次,如 2026-H1)", "--round is required (the round, e.g. 2026-H1)"});
  }
  return round;
}

int import_roster(Invocation& inv) {
  const auto& file = inv.positional(0);
  auto in = open_import_file(file);
  survey::RosterImportOptions options;
  options.dry_run = inv.has("dry-run");
  options.map = inv.values("map");
  if (inv.has("encoding")) options.encoding = encoding_option(inv.value("encoding"));
  if (inv.has("header-row")) {
    std::size_t n = 0;
    auto text = inv.value("header-row");
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || p != text.data() + text.size() || n < 1 || n > 1000) {
      throw Error(Errc::invalid_argument,
                  {"--header-row 应为 1–1000 之间的整数:" + text,
                   "--header-row must be a whole number from 1 to 1000: " + text});
    }
    options.header_row = n;
  }
  auto progress = [&](std::size_t rows) {
    inv.err << tr({"已读 ", "read "}) << rows << tr({" 行", " rows"}) << "\n";
  };
  auto r = survey::import_roster(inv.services(), inv.global.actor, round_option(inv), in, file,
                                 options, progress);
  const bool villages = r.kind == survey::RosterKind::villages;
  if (inv.global.json) {
    nlohmann::json j{{"kind", survey::to_string(r.kind)},
                     {"dry_run", r.dry_run},
                     {"format", tr(r.format)},
                     {"header_line", r.header_line},
                     {"rows", r.rows},
                     {"added", r.added},
                     {"updated", r.updated},
                     {"villages", r.after.villages},
                     {"households", r.after.households},
                     {"digest", r.digest}};
    inv.out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  inv.out << tr({"读取:", "read: "}) << tr(r.format) << tr({",表头在第 ", ", header on row "})
          << r.header_line << tr({" 行", ""}) << "\n";
  for (const auto& [from, to] : r.mapped)
    inv.out << tr({"列对应:", "column map: "}) << from << " → " << to << "\n";
  inv.out << (r.dry_run ? tr({"检查通过(未写入):", "check passed (nothing written): "})
                        : tr({"已导入 ", "imported "}))
          << r.rows << (villages ? tr({" 个村", " villages"}) : tr({" 户", " households"}))
          << tr({",新增 ", ": added "}) << r.added << tr({",更新 ", ", updated "}) << r.updated
          << "\n"
          << tr({"花名册:", "roster: "}) << r.after.villages << tr({" 个村,", " villages, "})
          << r.after.households << tr({" 户;摘要 ", " households; digest "}) << r.digest << "\n";
  return 0;
}

void print_sample(std::ostream& out, const survey::DrawnSample& d) {
  const auto& s = d.sample;
  out << tr({"轮次 ", "round "}) << d.record.round << tr({",种子 ", ", seed "}) << s.seed
      << tr({",抽样人 ", ", drawn by "}) << d.record.drawn_by << "\n"
      << tr({"样本:", "sample: "}) << s.villages.size() << tr({" 个村,", " villages, "})
      << s.households() << tr({" 户,调剂 ", " households, substituted "}) << s.substitutions()
      << "\n"
      << tr({"花名册摘要 ", "roster digest "}) << d.record.roster_digest << "\n";
  for (const auto& n : s.notes) out << tr({"注意:", "note: "}) << tr(n) << "\n";
  for (const auto& v : s.villages) {
    out << "\n"
        << v.township_name << " " << v.name << "(" << label_zh(v.kind)
        << (v.covers ? tr({",兼顾", ", covers its kind"}) : "") << ")" << tr({":", ": "})
        << v.households.size() << tr({" 户", " households"}) << "\n";
    for (const auto& n : v.notes) out << "  " << tr({"注意:", "note: "}) << tr(n) << "\n";
    for (const auto& h : v.households) {
      out << "  " << h.number << "  " << h.head << "  " << masked_id(h.id_tail) << "  "
          << label_zh(h.kind);
      if (h.tags) out << "(" << household_tags_zh(h.tags) << ")";
      switch (h.reason) {
        case survey::SampleReason::quota:
          break;
        case survey::SampleReason::substitute:
          out << tr({"  调剂:补", "  substitute for "}) << label_zh(h.quota);
          break;
        case survey::SampleReason::edge:
          out << tr({"  边缘户全覆盖", "  边缘户 (all visited)"});
          break;
        case survey::SampleReason::monitored:
          out << tr({"  监测户全覆盖", "  监测户 (all visited)"});
          break;
      }
      out << "\n";
    }
  }
}

std::string sample_json_with_record(const survey::DrawnSample& d) {
  auto j = nlohmann::json::parse(d.record.draw);
  j["round"] = d.record.round;
  j["plan"] = nlohmann::json::parse(d.record.plan);
  j["plan_digest"] = d.record.plan_digest;
  j["roster_digest"] = d.record.roster_digest;
  j["drawn_by"] = d.record.drawn_by;
  j["journal_seq"] = d.record.journal_seq;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

int sample(Invocation& inv) {
  if (inv.has("verify")) {
    auto v = survey::verify_sample(inv.services(), inv.global.actor, round_option(inv));
    if (inv.global.json) {
      auto list = nlohmann::json::array();
      for (const auto& d : v.differences) list.push_back({{"zh", d.zh}, {"en", d.en}});
      nlohmann::json j{{"round", v.record.round},      {"same", v.same},
                       {"seed", v.record.seed},        {"differences", list},
                       {"plan_digest", v.plan_digest}, {"roster_digest", v.roster_digest}};
      inv.out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else if (v.same) {
      inv.out << tr({"核验通过:以种子 ", "verified: drawn again with seed "}) << v.record.seed
              << tr({" 重新抽样,与记录的样本一致;花名册与评估方案未改变",
                     ", the sample is the one recorded; neither the roster nor the plan changed"})
              << "\n";
    } else {
      inv.out << tr({"核验未通过:", "not verified: "}) << v.differences.size()
              << tr({" 处不同", " difference(s)"}) << "\n";
      for (const auto& d : v.differences) inv.out << "  " << tr(d) << "\n";
    }
    return v.same ? 0 : 1;
  }
  survey::DrawOptions options;
  options.seed = inv.value("seed");
  options.redraw = inv.has("redraw");
  options.reason = inv.value("reason");
  auto d = survey::draw_sample(inv.services(), inv.global.actor, round_option(inv), options);
  if (inv.global.json) {
    inv.out << sample_json_with_record(d) << "\n";
  } else {
    print_sample(inv.out, d);
  }
  return 0;
}

int sample_show(Invocation& inv) {
  auto d = survey::show_sample(inv.services(), inv.global.actor, round_option(inv));
  if (inv.has("xlsx")) {
    auto target = inv.value("xlsx");
    write_atomically(target, inv.services().config, [&](std::ostream& out) {
      survey::write_sample_xlsx(d, out);
      return d.sample.households();
    });
    inv.err << tr({"已写入 ", "wrote "}) << target << "\n";
    return 0;
  }
  if (inv.global.json) {
    inv.out << sample_json_with_record(d) << "\n";
  } else {
    print_sample(inv.out, d);
  }
  return 0;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string part;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    // "a,b", "a、b" or "a，b"
    if (i == text.size() || text[i] == ',' || text.compare(i, 3, "、") == 0 ||
        text.compare(i, 3, "，") == 0) {
      if (!part.empty()) out.push_back(part);
      part.clear();
      if (i < text.size() && text[i] != ',') i += 2;
    } else if (text[i] != ' ') {
      part += text[i];
    }
  }
  return out;
}

void print_groups(std::ostream& out, const std::vector<store::GroupRecord>& groups) {
  for (const auto& g : groups) {
    out << tr({"第", "group "}) << g.number << tr({"组:组长 ", ": leader "}) << g.leader
        << tr({",成员 ", ", members "});
    for (std::size_t i = 0; i < g.members.size(); ++i)
      out << (i ? tr({"、", ", "}) : "") << g.members[i];
    out << "\n";
  }
}

int group(Invocation& inv) {
  if (!inv.has("group")) {
    auto groups = survey::list_groups(inv.services(), inv.global.actor, round_option(inv));
    if (inv.global.json) {
      auto list = nlohmann::json::array();
      for (const auto& g : groups)
        list.push_back({{"group", g.number}, {"leader", g.leader}, {"members", g.members}});
      inv.out << list.dump(2) << "\n";
    } else if (groups.empty()) {
      inv.out << tr({"尚未设置评估组成员", "no group has members yet"}) << "\n";
    } else {
      print_groups(inv.out, groups);
    }
    return 0;
  }
  survey::SetGroup request;
  request.actor = inv.global.actor;
  request.round = round_option(inv);
  auto number = inv.value("group");
  auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), request.number);
  if (ec != std::errc{} || p != number.data() + number.size()) {
    throw Error(Errc::invalid_argument,
                {"--group 应为组号(1、2 …):" + number, "--group is a group's number: " + number});
  }
  request.members = split_list(inv.value("members"));
  request.leader = inv.value("leader");
  auto g = survey::set_group(inv.services(), request);
  print_groups(inv.out, {g});
  return 0;
}

void print_schedule(std::ostream& out, const survey::ScheduleView& v) {
  const auto& s = v.schedule;
  out << tr({"轮次 ", "round "}) << v.record.round << tr({":", ": "}) << format_date(s.start)
      << tr({" 至 ", " to "}) << format_date(s.last) << tr({",每组每天 ", ", "})
      << s.villages_per_day << tr({" 个村", " villages a group a day"}) << "\n";
  for (const auto& n : s.notes) out << tr({"注意:", "note: "}) << tr(n) << "\n";
  for (const auto& g : s.groups) {
    out << "\n" << tr({"第", "group "}) << g.number << tr({"组", ""});
    for (const auto& rec : v.groups) {
      if (rec.number != g.number) continue;
      out << tr({"(组长 ", " (leader "}) << rec.leader << tr({")", ")"});
    }
    out << "\n";
    for (const auto& visit : g.visits) {
      out << "  " << format_date(visit.day) << "  " << visit.township_name << " " << visit.village
          << "(" << label_zh(visit.kind) << tr({",", ", "}) << visit.households
          << tr({" 户)", " households)"}) << "\n";
    }
  }
}

int schedule(Invocation& inv) {
  auto start = inv.value("start");
  if (start.empty()) {
    throw Error(Errc::invalid_argument, {"缺少 --start(第一天,YYYY-MM-DD)",
                                         "--start is required (the first day, YYYY-MM-DD)"});
  }
  auto v = survey::make_schedule(inv.services(), inv.global.actor, round_option(inv), start);
  if (inv.global.json) {
    inv.out << v.record.schedule << "\n";
  } else {
    print_schedule(inv.out, v);
  }
  return 0;
}

int schedule_show(Invocation& inv) {
  auto v = survey::show_schedule(inv.services(), inv.global.actor, round_option(inv));
  if (inv.has("xlsx")) {
    auto target = inv.value("xlsx");
    write_atomically(target, inv.services().config, [&](std::ostream& out) {
      survey::write_schedule_xlsx(v, out);
      return v.schedule.groups.size();
    });
    inv.err << tr({"已写入 ", "wrote "}) << target << "\n";
    return 0;
  }
  if (inv.global.json) {
    inv.out << v.record.schedule << "\n";
  } else {
    print_schedule(inv.out, v);
  }
  return 0;
}

const OptionSpec kRound{"round", "ROUND", {"轮次,如 2026-H1", "the round, e.g. 2026-H1"}, true};

}  // namespace

std::vector<CommandSpec> survey_commands() {
  std::vector<CommandSpec> v;
  v.push_back({"roster import",
               {"FILE"},
               {kRound,
                {"dry-run", "", {"只检查不写入", "check only, write nothing"}},
                {"encoding",
                 "ENC",
                 {"CSV 的编码:utf-8 或 gb18030(默认自动识别)",
                  "CSV encoding: utf-8 or gb18030 (default: detected)"}},
                {"header-row",
                 "N",
                 {"表头所在行(默认自动查找)", "the row the column names are on (default: found)"}},
                {"map",
                 "列名=字段",
                 {"表中列名对应的字段,如 行政村=村;可重复",
                  "a sheet column's field, e.g. 行政村=村; repeatable"}}},
               {"导入评估花名册:村(乡镇、村、村类型、人口数、贫困人口数)或户(户编号、户主姓名、"
                "身份证号…);身份证号只存密钥散列与后四位",
                "import a round's roster of villages or households (CSV or XLSX); an ID number is "
                "kept only as a keyed hash and its last four characters"},
               import_roster});
  // Not required by the parser: `survey sample show` is under it, and the parser would ask for
  // this one's --round too (the run function asks for it).
  OptionSpec round_checked = kRound;
  round_checked.required = false;
  v.push_back({"survey sample",
               {},
               {round_checked,
                {"seed",
                 "N",
                 {"随机种子(默认随机生成并记录)", "the seed (default: a random one, recorded)"}},
                {"redraw", "", {"重新抽样(须说明理由)", "draw again (needs --reason)"}},
                {"reason", "TEXT", {"重新抽样的理由", "why the sample is drawn again"}},
                {"verify",
                 "",
                 {"以记录的种子重新抽样并与记录比对;花名册或方案改变则返回非零",
                  "draw again with the recorded seed and compare; non-zero when the roster or "
                  "plan changed"}}},
               {"按评估方案抽村抽户(种子、方案与花名册摘要记入日志,任何人可复核)",
                "draw the round's villages and households as the plan says (the seed, plan and "
                "roster digest are journaled: anyone can draw it again)"},
               sample});
  v.push_back({"survey sample show",
               {},
               {kRound, {"xlsx", "FILE", {"写成 XLSX(样本村、样本户)", "write it as XLSX"}}},
               {"显示本轮样本:样本村、样本户及调剂情况", "show the round's sample"},
               sample_show});
  v.push_back(
      {"survey group",
       {},
       {round_checked,
        {"group", "N", {"组号(不写则列出各组)", "the group's number (none: list the groups)"}},
        {"members",
         "USERS",
         {"成员的用户名,以逗号或顿号分隔(空则清除)",
          "the members' user ids, separated by commas (empty: clear)"}},
        {"leader", "USER", {"组长(默认第一个成员)", "the leader (default: the first member)"}}},
       {"设置或列出评估组成员(组数与每组人数见评估方案)",
        "set or list an evaluation group's members (the plan says how many groups)"},
       group});
  v.push_back(
      {"survey schedule",
       {},
       {round_checked,
        {"start", "DATE", {"第一天(遇非工作日顺延)", "the first day (a day off moves it on)"}}},
       {"安排日程:各乡镇整体分给一个评估组,每组每天不超过评估方案规定的村数,只排工作日",
        "make the schedule: each township whole to one group, at most the plan's villages a "
        "group a day, working days only"},
       schedule});
  v.push_back({"survey schedule show",
               {},
               {kRound, {"xlsx", "FILE", {"写成可打印的 XLSX 日程表", "write a printable XLSX"}}},
               {"显示本轮日程", "show the round's schedule"},
               schedule_show});
  return v;
}

}  // namespace duban::cli
