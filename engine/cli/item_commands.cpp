// duban item …: rectification items through their lifecycle.
#include <ostream>

#include "app/item_cases.hpp"
#include "app/json_views.hpp"
#include "app/queries.hpp"
#include "cli/cli.hpp"
#include "cli/output.hpp"
#include "domain/errors.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

std::int64_t item_id(const std::string& text) {
  try {
    std::size_t used = 0;
    auto id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw Error(Errc::invalid_argument,
              {"事项编号应为正整数:" + text, "item id must be a positive number: " + text});
}

int show(Invocation& inv, const app::ItemView& view) {
  if (inv.global.json) {
    inv.out << app::dump_json(app::to_json(view), 2) << "\n";
  } else {
    print_item(inv.out, view, inv.services().config.zone);
  }
  return 0;
}

// What a change did, in one line: the state it moved to, or what changed within it.
void say_changed(std::ostream& out, ItemEventKind kind, const app::ItemChanged& changed) {
  const auto& it = changed.item;
  out << tr({"事项 ", "item "}) << it.id << ": ";
  if (changed.from != it.state) {
    out << label_zh(changed.from) << " → " << label_zh(it.state);
  } else {
    out << tr({std::string(label_zh(kind)), std::string(to_string(kind))});
    if (kind == ItemEventKind::extend && it.extension_due) {
      out << tr({",申请延至 " + format_date(*it.extension_due) + ",待领导小组审批",
                 ", asked for " + format_date(*it.extension_due) +
                     ", awaiting the leading group's decision"});
    }
    if (kind == ItemEventKind::suspend) out << tr({",时限停止计算", ", the clock stops"});
  }
  if (it.due && changed.due_before != it.due) {
    out << tr({";整改时限 ", "; due "})
        << (changed.due_before ? format_date(*changed.due_before) : "-") << " → "
        << format_date(*it.due);
  }
  out << "\n";
}

app::ChangeItem change_request(Invocation& inv, ItemEventKind kind) {
  app::ChangeItem req;
  req.actor = inv.global.actor;
  req.id = item_id(inv.positional(0));
  req.event = kind;
  req.reason = inv.value("reason");
  req.unit = inv.value("unit");
  req.owner = inv.value("owner");
  req.measures = inv.value("measures");
  req.due = inv.value("due");
  req.result = inv.value("result");
  req.evidence = inv.values("evidence");
  return req;
}

int run_change(Invocation& inv, ItemEventKind kind) {
  auto changed = app::change_item(inv.services(), change_request(inv, kind));
  if (!inv.global.json) {
    say_changed(inv.out, kind, changed);
    return 0;
  }
  return show(inv, app::show_item(inv.services(), changed.item.id));
}

// One CommandSpec per lifecycle event; they differ only in options and wording.
CommandSpec event_command(ItemEventKind kind, Text summary, std::vector<OptionSpec> options) {
  CommandSpec c;
  c.path = "item " + std::string(to_string(kind));
  c.positionals = {"ID"};
  c.options = std::move(options);
  c.summary = std::move(summary);
  c.run = [kind](Invocation& inv) { return run_change(inv, kind); };
  return c;
}

// item extend: the unit asks (--due, --reason); the leading group decides (--approve or --refuse).
CommandSpec extend_command() {
  CommandSpec c;
  c.path = "item extend";
  c.positionals = {"ID"};
  c.options = {
      {"due",
       "YYYY-MM-DD",
       {"申请延至的日期;批准时可改为另一日期", "the date asked for; on approval, another date"}},
      {"reason", "TEXT", {"理由(申请和不予延期时必填)", "reason (required to ask and to refuse)"}},
      {"approve",
       "",
       {"批准待审批的延期申请(领导小组)", "approve the pending request (leading group)"}},
      {"refuse", "", {"不予延期(领导小组)", "refuse the pending request (leading group)"}}};
  c.summary = {"延期申请(牵头单位)及审批(领导小组)",
               "ask for an extension (lead unit), or decide on it (leading group)"};
  c.run = [](Invocation& inv) {
    if (inv.has("approve") && inv.has("refuse")) {
      throw Error(Errc::invalid_argument,
                  {"--approve 与 --refuse 只能选一个", "give --approve or --refuse, not both"});
    }
    auto kind = inv.has("approve")  ? ItemEventKind::approve_extension
                : inv.has("refuse") ? ItemEventKind::refuse_extension
                                    : ItemEventKind::extend;
    return run_change(inv, kind);
  };
  return c;
}

const OptionSpec kReason{"reason", "TEXT", {"理由(必填)", "reason (required)"}};
const OptionSpec kNewDue{"due", "YYYY-MM-DD", {"新的整改时限", "new due date"}};

}  // namespace

std::vector<CommandSpec> item_commands() {
  std::vector<CommandSpec> v;
  v.push_back(
      {"item add",
       {},
       {{"title", "TEXT", {"问题", "the problem"}, true},
        {"unit", "UNIT", {"牵头单位编号或名称", "lead unit id or name"}, true},
        {"manifestation", "TEXT", {"具体表现", "what was found"}},
        {"source",
         "SRC",
         {"来源:national/provincial/municipal/county/self_inspection 或 国家/省级/市级/县级/自查",
          "source: national, provincial, municipal, county, self_inspection"}},
        {"category", "TEXT", {"类别,如 精准识别", "category, e.g. 精准识别"}},
        {"round", "ROUND", {"所属轮次", "the round it came from"}}},
       {"添加整改事项(已发现)", "add a rectification item (identified)"},
       [](Invocation& inv) {
         app::AddItem req;
         req.actor = inv.global.actor;
         req.title = inv.value("title");
         req.unit = inv.value("unit");
         req.manifestation = inv.value("manifestation");
         req.source = inv.value("source", "county");
         req.category = inv.value("category");
         req.round = inv.value("round");
         auto item = app::add_item(inv.services(), req);
         if (inv.global.json) return show(inv, app::show_item(inv.services(), item.id));
         inv.out << tr({"已添加事项 ", "added item "}) << item.id << "\n";
         return 0;
       }});
  v.push_back(
      event_command(ItemEventKind::assign,
                    {"交办:指定牵头单位、责任人、整改时限和整改措施",
                     "assign: unit, owner, due date and measures"},
                    {{"unit", "UNIT", {"牵头单位(默认沿用)", "lead unit (default: unchanged)"}},
                     {"owner", "NAME", {"责任人", "responsible person"}},
                     {"due", "YYYY-MM-DD", {"整改时限", "due date"}},
                     {"measures", "TEXT", {"整改措施", "measures"}}}));
  v.push_back(event_command(
      ItemEventKind::rectify,
      {"填报整改结果(仅限牵头单位用户)", "report the rectification (lead unit users only)"},
      {{"result", "TEXT", {"整改结果", "result"}, true},
       {"evidence", "REF", {"佐证材料,可重复", "evidence reference; repeatable"}}}));
  v.push_back(event_command(ItemEventKind::verify,
                            {"验收通过(领导小组或督导组,不得由整改人验收)",
                             "verify (leading or supervision group; not the rectifier)"},
                            {}));
  v.push_back(event_command(
      ItemEventKind::reject,
      {"验收不通过,退回重新整改(返工次数加一)", "reject: back to assigned, rework +1"},
      {kReason, kNewDue}));
  v.push_back(event_command(ItemEventKind::close,
                            {"销号(领导小组)", "close (write off; leading group)"}, {}));
  v.push_back(event_command(
      ItemEventKind::reopen,
      {"重新打开已销号事项(问题反弹)", "reopen a closed item (the problem came back)"},
      {kReason, kNewDue}));
  v.push_back(event_command(
      ItemEventKind::reassign,
      {"改派已交办事项:牵头单位、责任人、整改时限或措施(须说明理由)",
       "reassign an assigned item: unit, owner, due date or measures (with a reason)"},
      {kReason,
       {"unit", "UNIT", {"牵头单位(默认沿用)", "lead unit (default: unchanged)"}},
       {"owner", "NAME", {"责任人(默认沿用)", "responsible person (default: unchanged)"}},
       {"due", "YYYY-MM-DD", {"整改时限(默认沿用)", "due date (default: unchanged)"}},
       {"measures", "TEXT", {"整改措施(默认沿用)", "measures (default: unchanged)"}}}));
  v.push_back(event_command(
      ItemEventKind::report,
      {"报告“长期坚持”事项的进展(牵头单位用户;下次报告时限顺延一个周期)",
       "report a standing item's progress (lead unit users; the next report is due a period on)"},
      {{"result", "TEXT", {"进展情况", "what was done"}, true}}));
  v.push_back(event_command(
      ItemEventKind::ack,
      {"签收交办的事项(牵头单位用户)", "acknowledge an assigned item (lead unit users)"}, {}));
  v.push_back(extend_command());
  v.push_back(event_command(ItemEventKind::suspend,
                            {"暂停事项,时限停止计算(领导小组,须说明理由,如等待资金)",
                             "suspend an item: its clock stops (leading group; with a reason)"},
                            {kReason}));
  v.push_back(
      event_command(ItemEventKind::resume,
                    {"恢复暂停的事项,整改时限按暂停天数顺延(领导小组)",
                     "resume a suspended item: its due date moves on by the days it stood still"},
                    {{"reason", "TEXT", {"理由", "reason"}}}));
  v.push_back({"item show", {"ID"}, {}, {"查看事项", "show an item"}, [](Invocation& inv) {
                 return show(inv, app::show_item(inv.services(), item_id(inv.positional(0)),
                                                 inv.global.actor));
               }});
  v.push_back({"item list",
               {},
               {{"state", "STATE", {"按状态筛选", "filter by state"}},
                {"unit", "UNIT", {"按牵头单位筛选", "filter by lead unit"}},
                {"round", "ROUND", {"按轮次筛选", "filter by round"}},
                {"overdue", "", {"只列逾期未整改的", "only overdue, not yet rectified"}},
                {"due-before", "YYYY-MM-DD", {"时限不晚于该日", "due on or before the day"}}},
               {"列出事项", "list items"},
               [](Invocation& inv) {
                 app::ItemQuery q{inv.value("state"), inv.value("unit"),       inv.value("round"),
                                  inv.has("overdue"), inv.value("due-before"), inv.global.actor};
                 auto items = app::list_items(inv.services(), q);
                 if (inv.global.json) {
                   auto arr = nlohmann::json::array();
                   for (const auto& i : items) arr.push_back(app::to_json(i));
                   inv.out << app::dump_json(arr, 2) << "\n";
                 } else {
                   print_items(inv.out, items);
                 }
                 return 0;
               }});
  v.push_back({"item journal",
               {"ID"},
               {},
               {"查看事项的操作日志", "show an item's journal"},
               [](Invocation& inv) {
                 auto entries = app::item_journal(inv.services(), item_id(inv.positional(0)),
                                                  inv.global.actor);
                 if (inv.global.json) {
                   auto arr = nlohmann::json::array();
                   for (const auto& e : entries) arr.push_back(app::to_json(e));
                   inv.out << app::dump_json(arr, 2) << "\n";
                 } else {
                   print_journal(inv.out, entries, inv.services().config.zone);
                 }
                 return 0;
               }});
  return v;
}

}  // namespace duban::cli
