// duban init / migrate / serve / check-config / transfer / unit ….
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/item_cases.hpp"
#include "app/json_views.hpp"
#include "app/queries.hpp"
#include "cli/cli.hpp"
#include "cli/output.hpp"
#include "cli/safe_files.hpp"
#include "clock/clock.hpp"
#include "config/config.hpp"
#include "config/counties.hpp"
#include "domain/errors.hpp"
#include "store/transfer.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

// Another database's copy of this one (or this one's of another): every table, then the chain
// verified on the target. The configuration is not read: both databases are named.
int transfer(Invocation& inv) {
  auto report = store::transfer(
      inv.value("from"), inv.value("to"), inv.value("county"),
      [&](const store::TableCopy& t) {
        if (!inv.global.json) {
          inv.err << tr({"  已复制 ", "  copied "}) << pad(t.table, 22) << t.rows
                  << tr({" 行", " rows"}) << std::endl;
        }
      },
      inv.value("as"));
  if (!report.audit.ok) {
    throw Error(Errc::audit_broken,
                {"目标数据库的日志链校验失败:" + report.audit.problem_zh,
                 "the journal does not verify on the target: " + report.audit.problem_en});
  }
  std::int64_t rows = 0;
  for (const auto& t : report.tables) rows += t.rows;
  if (inv.global.json) {
    auto tables = nlohmann::json::object();
    for (const auto& t : report.tables) tables[t.table] = t.rows;
    inv.out << app::dump_json({{"from", report.from},
                               {"to", report.to},
                               {"schema_version", report.schema_version},
                               {"counties", report.counties},
                               {"rows", rows},
                               {"tables", tables},
                               {"journal_entries", report.audit.entries}},
                              2)
            << "\n";
    return 0;
  }
  std::string counties;
  for (const auto& c : report.counties) counties += (counties.empty() ? "" : ", ") + c;
  inv.out << tr({"已迁移:", "transferred: "}) << report.from << " → " << report.to << "\n"
          << tr({"县:", "counties: "}) << counties << "\n"
          << tr({"共 ", ""}) << rows << tr({" 行;日志 ", " rows; journal: "})
          << report.audit.entries << tr({" 条,哈希链校验通过", " entries, the chain verifies"})
          << "\n";
  return 0;
}

int check_config(Invocation& inv) {
  auto cfg = config::load_config(inv.global.config);
  // The other counties a server of several serves: each configuration checked as well (its
  // errors name its own file and line), and each county's code its own.
  const auto others = config::load_counties(cfg);
  std::vector<std::string> codes{cfg.county_code};
  for (const auto& other : others) codes.push_back(other.county_code);
  // check-config opens no database and no services: the wall clock, through the Clock interface.
  auto today = local_date(SystemClock{}.now(), cfg.zone);
  auto warnings = config::calendar_warnings(cfg, today);
  std::string years;
  for (int y : cfg.calendar.years()) years += (years.empty() ? "" : ", ") + std::to_string(y);
  // The scoring model in a line: each kind with its scored indicators, bonus items and facts.
  std::string scoring;
  nlohmann::json scoring_json = nlohmann::json::object();
  for (const auto& k : cfg.scoring.kinds) {
    std::size_t leaves = k.leaves().size();
    scoring += (scoring.empty() ? "" : tr({";", "; "})) + k.label + " " + std::to_string(leaves) +
               tr({" 项指标、", " indicators, "}) + std::to_string(k.bonus.size()) +
               tr({" 项加分、", " bonus items, "}) + std::to_string(k.facts.size()) +
               tr({" 项事实", " facts"});
    scoring_json[std::string(to_string(k.kind))] = {
        {"indicators", leaves}, {"bonus", k.bonus.size()}, {"facts", k.facts.size()}};
  }
  if (inv.global.json) {
    nlohmann::json w = nlohmann::json::array();
    for (const auto& t : warnings) w.push_back(t.str());
    inv.out << app::dump_json(nlohmann::json{{"ok", true},
                                             {"file", inv.global.config},
                                             {"units", cfg.units.size()},
                                             {"counties", codes},
                                             {"calendar_years", cfg.calendar.years()},
                                             {"scoring", scoring_json},
                                             {"warnings", w}},
                              2)
            << "\n";
  } else {
    inv.out << tr({"配置有效:", "configuration is valid: "}) << inv.global.config << " ("
            << cfg.units.size() << tr({" 个单位)", " units)"}) << "\n";
    if (!cfg.counties.empty()) {
      inv.out << tr({"同一服务的其他县:", "other counties of this service: "})
              << cfg.counties.size() << tr({" 个,配置均有效", ", each configuration valid"})
              << "\n";
    }
    inv.out << tr({"工作日历:", "working-day calendar: "})
            << (years.empty() ? tr({"无(只跳过周末)", "none (weekends only)"}) : years) << "\n";
    inv.out << tr({"评分模型:", "scoring model: "})
            << (scoring.empty() ? tr({"无(不能评分排名)", "none (nothing can be ranked)"})
                                : scoring)
            << "\n";
    for (const auto& t : warnings) inv.out << tr({"警告:", "warning: "}) << t.str() << "\n";
  }
  return 0;
}

}  // namespace

std::vector<CommandSpec> admin_commands() {
  std::vector<CommandSpec> v;
  v.push_back(
      {"init",
       {},
       {},
       {"创建或升级数据库,同步单位与用户", "create or migrate the database; sync units and users"},
       [](Invocation& inv) {
         auto r = app::init_database(inv.services());
         const auto where = inv.services().store.describe();
         if (inv.global.json) {
           inv.out << app::dump_json(app::to_json(r, where), 2) << "\n";
         } else {
           inv.out << tr({"数据库:", "database: "}) << where << "\n"
                   << tr({"结构版本:", "schema version: "}) << r.schema_version << "\n"
                   << tr({"单位 ", "units: "}) << r.synced.units << tr({" 个,用户 ", ", users: "})
                   << r.synced.users << tr({" 个", ""}) << "\n";
         }
         return 0;
       }});
  v.push_back({"migrate",
               {},
               {},
               {"把数据库结构升级到本程序的版本(比本程序新的数据库会被拒绝)",
                "bring the database's schema up to this build's (a newer database is refused)"},
               [](Invocation& inv) {
                 // Opening the store migrates (each migration in its own transaction, one process
                 // at a time); what is left is to say where and to which version.
                 auto& store = inv.services().store;
                 const auto version = store.schema_version();
                 if (inv.global.json) {
                   inv.out << app::dump_json(
                                  {{"database", store.describe()}, {"schema_version", version}}, 2)
                           << "\n";
                 } else {
                   inv.out << tr({"数据库:", "database: "}) << store.describe() << "\n"
                           << tr({"结构版本:", "schema version: "}) << version << "\n";
                 }
                 return 0;
               }});
  v.push_back(
      {"transfer",
       {},
       {{"from",
         "DB",
         {"源数据库:sqlite:路径 或 postgresql://…", "the source: sqlite:PATH or postgresql://…"},
         true},
        {"to",
         "DB",
         {"目标数据库(须为空;密码取自 DUBAN_DATABASE_PASSWORD)",
          "the target, empty (its password from DUBAN_DATABASE_PASSWORD)"},
         true},
        {"county",
         "CODE",
         {"只复制这个县(目标可已有别的县,不能已有这个县),如导出为单独的 SQLite 文件",
          "copy this county alone (the target may hold other counties, not this one), e.g. into"
          " an SQLite file of its own"}},
        {"as",
         "CODE",
         {"在目标中改用这个代码(如旧数据库里的 default 县)",
          "the code the county has in the target (e.g. a county called default in an older"
          " database)"}}},
       {"把县的数据(含日志与佐证记录)复制到另一个数据库并校验日志链",
        "copy the counties' data (journal and evidence records included) to another "
        "database and verify each chain there"},
       transfer});
  v.push_back({"serve",
               {},
               {{"listen",
                 "HOST:PORT",
                 {"监听地址(覆盖配置)", "listen address (overrides the configuration)"}}},
               {"启动服务:定时检查与 /healthz", "run the server: the scheduler loop and /healthz"},
               [](Invocation& inv) {
                 return inv.hooks.serve(inv.services(), inv.value("listen"), inv.out);
               }});
  v.push_back({"county list",
               {},
               {},
               {"列出数据库中的县(代码、名称),标出本配置的县",
                "list the database's counties (code, name), marking this configuration's"},
               [](Invocation& inv) {
                 auto& store = inv.services().store;
                 const auto mine = store.county().code;
                 auto all = store.counties();
                 if (inv.global.json) {
                   auto arr = nlohmann::json::array();
                   for (const auto& c : all) {
                     arr.push_back({{"code", c.code}, {"name", c.name}, {"this", c.code == mine}});
                   }
                   inv.out << app::dump_json(arr, 2) << "\n";
                   return 0;
                 }
                 for (const auto& c : all) {
                   inv.out << (c.code == mine ? "* " : "  ") << pad(c.code, 12) << c.name << "\n";
                 }
                 return 0;
               }});
  v.push_back({"check-config",
               {},
               {},
               {"只检查配置,列出全部错误", "check the configuration, listing every error"},
               check_config});
  v.push_back({"unit list",
               {},
               {{"kind", "KIND", {"按类型筛选", "filter by kind"}}},
               {"列出单位", "list units"},
               [](Invocation& inv) {
                 auto units = app::list_units(inv.services(), inv.value("kind"));
                 auto arr = nlohmann::json::array();
                 for (const auto& u : units) {
                   if (inv.global.json) {
                     arr.push_back(app::to_json(u));
                   } else {
                     inv.out << pad(u.id, 22) << pad(u.name, 26)
                             << pad(std::string(label_zh(u.kind)), 12)
                             << (u.key ? tr({"重点", "key"}) : "") << "\n";
                   }
                 }
                 if (inv.global.json) inv.out << app::dump_json(arr, 2) << "\n";
                 return 0;
               }});
  v.push_back({"unit show",
               {"UNIT"},
               {},
               {"查看单位及其用户", "show a unit and its users"},
               [](Invocation& inv) {
                 auto view = app::show_unit(inv.services(), inv.positional(0));
                 const auto* unit = &view.unit;
                 const auto& users = view.users;
                 if (inv.global.json) {
                   inv.out << app::dump_json(app::to_json(view), 2) << "\n";
                   return 0;
                 }
                 inv.out << unit->name << " (" << unit->id << ")  " << label_zh(unit->kind)
                         << (unit->key ? tr({"  重点乡镇", "  key township"}) : "") << "\n";
                 if (!unit->parent.empty())
                   inv.out << tr({"上级:", "parent: "}) << unit->parent << "\n";
                 for (const auto& u : users)
                   inv.out << "  " << pad(u.id, 14) << pad(u.name, 10) << to_string(u.access)
                           << "\n";
                 return 0;
               }});
  return v;
}

}  // namespace duban::cli
