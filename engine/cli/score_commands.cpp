// duban score … / round ranking / round publish: recording scores and ranking a round.
#include <cstdio>
#include <ostream>

#include "app/json_views.hpp"
#include "app/recommendation_cases.hpp"
#include "app/score_cases.hpp"
#include "app/scoring_views.hpp"
#include "cli/cli.hpp"
#include "cli/input_files.hpp"
#include "cli/output.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

int set_command(Invocation& inv, bool clear) {
  app::SetScore req;
  req.actor = inv.global.actor;
  req.round = inv.positional(0);
  req.unit = inv.positional(1);
  req.indicator = inv.positional(2);
  if (!clear) req.value = inv.positional(3);
  req.source = inv.value("source");
  req.note = inv.value("note");
  req.clear = clear;
  auto change = app::set_score(inv.services(), req);
  if (inv.global.json) {
    auto j = app::to_json(change.record);
    j["before"] = change.before;
    j["changed"] = change.changed;
    inv.out << app::dump_json(j, 2) << "\n";
    return 0;
  }
  if (!change.changed) {
    inv.out << tr({"未变化(与已记录的相同)", "unchanged (the same as recorded)"}) << "\n";
  } else if (clear) {
    inv.out << tr({"已清除 ", "cleared "}) << req.indicator << " (" << change.before << ")\n";
  } else {
    inv.out << tr({"已记录 ", "recorded "}) << change.record.unit << " " << change.record.indicator
            << " = " << change.record.value
            << (change.before.empty() ? "" : tr({"(原为 ", " (was "}) + change.before + ")")
            << "\n";
  }
  return 0;
}

int import_command(Invocation& inv) {
  const auto& file = inv.positional(0);
  auto in = open_import_file(file);
  app::ScoreImportOptions options;
  options.actor = inv.global.actor;
  options.round = inv.value("round");
  options.source = inv.value("source");
  options.dry_run = inv.has("dry-run");
  if (inv.has("encoding")) options.encoding = encoding_option(inv.value("encoding"));
  auto r = app::import_scores(inv.services(), in, file, options);
  if (inv.global.json) {
    inv.out << app::dump_json(app::to_json(r), 2) << "\n";
    return 0;
  }
  inv.out << tr({"读取:", "read: "}) << r.described << "\n";
  if (r.dry_run) {
    for (const auto& row : r.rows) {
      inv.out << "  " << pad(std::to_string(row.line), 6) << pad(row.action, 10)
              << pad(row.unit, 16) << pad(row.indicator, 20) << row.value
              << (row.action == "replace" ? tr({"(原为 ", " (was "}) + row.before + ")" : "")
              << "\n";
    }
  }
  inv.out << (r.dry_run ? tr({"检查通过(未写入):", "check passed (nothing written): "})
                        : tr({"已导入:", "imported: "}))
          << tr({"新记录 ", "new "}) << r.set << tr({",替换 ", ", replaced "}) << r.replaced
          << tr({",未变化 ", ", unchanged "}) << r.unchanged << "\n";
  return 0;
}

int show_command(Invocation& inv) {
  auto scores =
      app::list_scores(inv.services(), inv.global.actor, inv.positional(0), inv.value("unit"));
  if (inv.global.json) {
    auto arr = nlohmann::json::array();
    for (const auto& s : scores) arr.push_back(app::to_json(s));
    inv.out << app::dump_json(arr, 2) << "\n";
    return 0;
  }
  if (scores.empty()) inv.out << tr({"(尚无评分)", "(no scores yet)"}) << "\n";
  for (const auto& s : scores) {
    auto source = score_source_from(s.source);
    inv.out << pad(s.unit, 18) << pad(s.indicator, 24) << pad(s.value, 8)
            << pad(source ? std::string(label_zh(*source)) : s.source, 12) << s.recorded_by << " "
            << s.recorded_at << (s.note.empty() ? "" : "  " + s.note) << "\n";
  }
  return 0;
}

void print_ranking(std::ostream& out, const app::RoundRanking& r) {
  out << r.round << " "
      << (r.published
              ? tr({"排名(已公布 ", "ranking (published "}) + r.published_at + " " +
                    r.published_by + ")"
              : tr({"排名(未公布,按当前评分计算)", "ranking (not published; as scored now)"}))
      << "\n";
  if (r.stale) {
    out << tr({"注意:公布后评分或记录已变化,重新公布将与此不同",
               "note: scores or records changed since publication; publishing again would differ"})
        << "\n";
  }
  for (const auto& k : r.kinds) {
    auto label = r.kind_labels.count(std::string(to_string(k.kind)))
                     ? r.kind_labels.at(std::string(to_string(k.kind)))
                     : std::string(to_string(k.kind));
    out << "\n"
        << label << tr({"(参加排名 ", " (ranked "}) << k.ranked << "/" << k.units.size()
        << tr({")", ")"}) << "\n";
    out << pad(tr({"名次", "rank"}), 6) << pad(tr({"单位", "unit"}), 18)
        << pad(tr({"总分", "total"}), 9) << pad(tr({"等次", "grade"}), 6)
        << pad(tr({"加权", "weighted"}), 9) << pad(tr({"加分", "bonus"}), 7)
        << pad(tr({"上次", "before"}), 8) << tr({"说明", "note"}) << "\n";
    for (const auto& u : k.units) {
      std::string before = u.previous_rank ? std::to_string(*u.previous_rank) : "-";
      if (u.previous_rank && u.ranked() && *u.previous_rank != u.rank) {
        int change = *u.previous_rank - u.rank;
        before += change > 0 ? "↑" + std::to_string(change) : "↓" + std::to_string(-change);
      }
      std::string note = u.note.str();
      if (u.last_streak >= 2) {
        note += (note.empty() ? "" : ";") +
                tr({"连续 " + std::to_string(u.last_streak) + " 次倒数第一",
                    "last " + std::to_string(u.last_streak) + " times in a row"});
      } else if (u.last) {
        note += (note.empty() ? "" : ";") + tr({"倒数第一", "last"});
      }
      out << pad(u.ranked() ? std::to_string(u.rank) : "-", 6) << pad(u.name, 18)
          << pad(fixed2(u.total), 9) << pad(u.grade, 6) << pad(fixed2(u.weighted), 9)
          << pad(fixed2(u.bonus), 7) << pad(before, 8) << note << "\n";
    }
  }
  if (r.records.empty()) return;
  out << "\n"
      << tr({"督办记录(整改成效,本轮期间):",
             "duban's records (rectification, in the round's period):"})
      << "\n"
      << pad(tr({"单位", "unit"}), 18) << pad(tr({"到期", "due"}), 6)
      << pad(tr({"按期", "on time"}), 8) << pad(tr({"按期率", "rate"}), 9)
      << pad(tr({"逾期", "overdue"}), 8) << pad(tr({"逾期天数", "days"}), 9)
      << pad(tr({"返工", "rework"}), 7) << pad(tr({"延期申请/批准", "ext. asked/ok"}), 15)
      << tr({"平均签收(小时)", "ack hours"}) << "\n";
  for (const auto& k : r.kinds) {
    for (const auto& u : k.units) {
      auto f = r.records.find(u.unit);
      if (f == r.records.end()) continue;
      const auto& x = f->second;
      out << pad(u.name, 18) << pad(std::to_string(x.items_due), 6)
          << pad(std::to_string(x.on_time), 8) << pad(fixed2(x.on_time_rate()) + "%", 9)
          << pad(std::to_string(x.overdue_items()), 8) << pad(std::to_string(x.overdue_days), 9)
          << pad(std::to_string(x.rework), 7)
          << pad(std::to_string(x.extensions_requested) + "/" +
                     std::to_string(x.extensions_approved),
                 15)
          << fixed2(x.ack_hours()) << "\n";
    }
  }
}

int ranking_command(Invocation& inv) {
  app::RoundRanking r;
  if (inv.has("published")) {
    auto p = app::published_ranking(inv.services(), inv.positional(0));
    if (!p) {
      throw Error(Errc::not_found, {"轮次 " + inv.positional(0) + " 的排名尚未公布",
                                    "round " + inv.positional(0) + "'s ranking is not published"});
    }
    r = *p;
  } else {
    r = app::compute_ranking(inv.services(), inv.global.actor, inv.positional(0));
  }
  if (inv.global.json) {
    inv.out << app::dump_json(app::to_json(r), 2) << "\n";
  } else {
    print_ranking(inv.out, r);
  }
  return 0;
}

int publish_command(Invocation& inv) {
  // The rule plugins observe the publication and recommend; released, they have finished.
  auto observing = inv.hooks.observe ? inv.hooks.observe(inv.services(), inv.err) : nullptr;
  auto r = app::publish_ranking(inv.services(), {inv.global.actor, inv.positional(0)});
  observing.reset();
  auto recommended =
      app::list_recommendations(inv.services(), inv.global.actor, r.round, "", "pending");
  if (inv.global.json) {
    auto j = app::to_json(r);
    j["recommendations"] = nlohmann::json::array();
    for (const auto& x : recommended) j["recommendations"].push_back(app::to_json(x));
    inv.out << app::dump_json(j, 2) << "\n";
    return 0;
  }
  print_ranking(inv.out, r);
  inv.out << "\n"
          << tr({"规则插件提出的建议(待领导小组决定):",
                 "recommended by the rule plugins (for the "
                 "leading group to decide):"})
          << " " << recommended.size() << "\n";
  for (const auto& x : recommended) {
    inv.out << "  #" << x.id << "  " << x.unit << "  "
            << (current_lang() == Lang::en ? x.text_en : x.text_zh) << "\n";
  }
  return 0;
}

}  // namespace

std::vector<CommandSpec> score_commands() {
  const OptionSpec source{"source",
                          "SOURCE",
                          {"评分来源:supervision 专项督查、observation 季度观摩、evaluation "
                           "第三方评估、county 县级认定(默认按身份)",
                           "source: supervision, observation, evaluation, county (default: "
                           "by the user's role)"}};
  const OptionSpec note{"note", "TEXT", {"说明", "note"}};
  std::vector<CommandSpec> v;
  v.push_back({"score set",
               {"ROUND", "UNIT", "INDICATOR", "VALUE"},
               {source, note},
               {"记录一个单位某项指标的得分、加分或事实(是/否、个数)",
                "record a unit's score for an indicator, bonus points or a fact (yes/no, count)"},
               [](Invocation& inv) { return set_command(inv, false); }});
  v.push_back({"score clear",
               {"ROUND", "UNIT", "INDICATOR"},
               {note},
               {"清除误录的一项评分", "remove a value recorded by mistake"},
               [](Invocation& inv) { return set_command(inv, true); }});
  v.push_back(
      {"score import",
       {"FILE"},
       {{"round", "ROUND", {"评分所属轮次", "the round the scores are for"}, true},
        source,
        {"dry-run",
         "",
         {"只检查并显示每行将做什么,不写入", "check and show each row's plan; write nothing"}},
        {"encoding",
         "ENC",
         {"CSV 编码:utf-8 或 gb18030(默认自动识别)",
          "CSV encoding: utf-8 or gb18030 (default: detected)"}}},
       {"从 CSV/XLSX 导入评分(全部成功或全部不导入)",
        "import scores from CSV/XLSX (all or nothing)"},
       import_command});
  v.push_back({"score show",
               {"ROUND"},
               {{"unit", "UNIT", {"只看一个单位", "one unit only"}}},
               {"查看一轮已记录的评分及来源", "show a round's recorded scores and their sources"},
               show_command});
  v.push_back({"round ranking",
               {"ROUND"},
               {{"published", "", {"显示已公布的排名", "show the published ranking"}}},
               {"汇总评分并排名(按单位类别,含并列说明、与上轮比较、督办记录指标)",
                "aggregate and rank (per unit kind, ties explained, compared with the previous "
                "round, indicators from duban's records)"},
               ranking_command});
  v.push_back({"round publish",
               {"ROUND"},
               {},
               {"公布排名(领导小组,第 6 步综合评定进行中);规则插件据此提出建议",
                "publish the ranking (leading group, while step 6 is open); the rule plugins "
                "recommend from it"},
               publish_command});
  return v;
}

}  // namespace duban::cli
