// 导入问题清单: a problem list (CSV in UTF-8 or GB18030, XLSX) read in two passes over the same
// file — the first checks every row and plans what it does, the second writes — in one
// transaction: all or nothing.
#include <istream>
#include <set>

#include "app/csv.hpp"
#include "app/denials.hpp"
#include "app/import_layout.hpp"
#include "app/import_rows.hpp"
#include "app/import_update.hpp"
#include "app/item_cases.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/reminders.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

std::string_view to_string(RowPlan::Action action) {
  switch (action) {
    case RowPlan::Action::create:
      return "create";
    case RowPlan::Action::update:
      return "update";
    case RowPlan::Action::unchanged:
      return "unchanged";
    case RowPlan::Action::refused:
      return "refused";
  }
  return "?";
}

namespace {

// The most rows one file may hold: a county's list has hundreds; this is far above any real one
// and keeps a wrong file (a log, a database dump) from running for hours.
constexpr std::size_t kMaxRows = 2'000'000;
constexpr std::size_t kListedProblems = 1000;

// A row that names its unit, owner, measures and deadline has been assigned (交办): the item
// machine's assign decides, as for `item assign`; a row it refuses stays identified. An item
// assigned by the import awaits acknowledgement (签收) from `now`, as one assigned by hand.
ItemTransition assign_if_complete(RowInput& row, const std::string& actor, Instant now) {
  auto& item = row.item;
  if (!row.any_assignment() || item.unit.empty()) return {};
  ItemEvent assign;
  assign.kind = ItemEventKind::assign;
  assign.actor = actor;
  assign.unit = item.unit;
  assign.owner = item.owner;
  assign.measures = item.measures;
  assign.due = item.due;
  assign.standing = item.standing;
  assign.at = now;
  try {
    auto t = apply_item_event(ItemState::identified, assign);
    item.state = t.to;
    apply_effects(item, t.effects);
    return t;
  } catch (const Error& e) {
    if (e.code() != Errc::missing_field) throw;
    return {};
  }
}

// A malformed file (the CSV reader stops at its first malformed record) named like the rows'
// errors.
Error nothing_imported(const std::string& file_name, const CsvError& e) {
  auto at = file_name + ":" + std::to_string(e.line()) + ": ";
  return Error(Errc::import_invalid, {at + e.problem().zh + ",未导入任何数据",
                                      at + e.problem().en + "; nothing was imported"});
}

/// Every problem found, each naming its line; the first thousand listed, the rest counted.
struct Problems {
  std::string file;
  Text listed{"", ""};
  std::size_t count = 0;
  std::vector<Text>* row = nullptr;  ///< the current row's plan collects its own
  void operator()(std::size_t line, const Text& message) {
    ++count;
    if (row) row->push_back(message);
    if (count > kListedProblems) return;
    listed.zh += "\n  " + file + ":" + std::to_string(line) + ": " + message.zh;
    listed.en += "\n  " + file + ":" + std::to_string(line) + ": " + message.en;
  }
  Text message() const {
    Text all = listed;
    if (count > kListedProblems) {
      all.zh += "\n  ……另有 " + std::to_string(count - kListedProblems) + " 处错误";
      all.en += "\n  ... and " + std::to_string(count - kListedProblems) + " more";
    }
    return {file + " 有 " + std::to_string(count) + " 处错误,未导入任何数据:" + all.zh,
            file + " has " + std::to_string(count) + " error(s); nothing was imported:" + all.en};
  }
};

ImportResult import_refusable(Services& services, const std::string& actor_id, std::istream& in,
                              const std::string& file_name, const ImportOptions& options,
                              const Progress& progress) {
  const bool dry_run = options.dry_run;
  const auto& config = services.config;
  Transaction tx(services, dry_run ? store::Intent::read : store::Intent::write);
  auto actor = require_actor(tx.directory(), actor_id);
  if (actor.access != Access::leading_group && actor.unit.empty()) {
    require_access(actor, {Access::leading_group}, {"导入问题清单", "import the problem list"});
  }
  auto sheet = open_sheet(in, file_name, {options.encoding});
  auto next = [&](SheetRow& row) {
    try {
      return sheet->next(row);
    } catch (const CsvError& e) {
      throw nothing_imported(file_name, e);
    }
  };
  Problems problems{file_name};
  Report report = [&](std::size_t line, const Text& m) { problems(line, m); };
  ImportResult result;
  result.dry_run = dry_run;
  result.format = sheet->described();
  auto layout = [&] {
    try {
      return read_layout(*sheet, options, file_name, report);
    } catch (const CsvError& e) {
      throw nothing_imported(file_name, e);
    }
  }();
  result.header_line = layout.header_line;
  for (const auto& [i, name] : layout.extras) result.extra_columns.push_back(name);
  result.mapped = layout.mapped;

  const auto now = services.clock.now();
  const auto today = local_date(now, config.zone);
  const auto& words = config.workflow.deadlines;
  UnitIndex units(tx.directory());
  RowContext context{units,
                     config.plausible_years,
                     options.year,
                     words.immediate.apply(today, +1, config.calendar),
                     {"导入后" + words.immediate.zh(), words.immediate.str() + " after the import"},
                     sheet.get()};
  auto where = [&](std::size_t line) { return file_name + ":" + std::to_string(line); };
  auto standing_due = [&] { return words.standing_report.after(today, config.calendar); };

  // First pass: check every row and plan it, keeping only the plan of a dry run.
  std::set<std::int64_t> ids;
  std::set<std::int64_t> updates;  // the items rows update (not new ones that take a row's 编号)
  std::size_t creates = 0;
  SheetRow row;
  while (next(row)) {
    if (is_blank(row)) continue;
    if (result.rows == kMaxRows) {
      throw Error(Errc::import_invalid,
                  {file_name + ":超过 " + std::to_string(kMaxRows) + " 行的上限,未导入任何数据",
                   file_name + ": more than the limit of " + std::to_string(kMaxRows) +
                       " rows; nothing was imported"});
    }
    ++result.rows;
    RowPlan plan;
    plan.line = row.line;
    problems.row = &plan.problems;
    const auto bad_before = problems.count;
    auto input = read_row(row, layout, context, report);
    if (input.deadline && !input.deadline->reading.zh.empty()) {
      plan.deadline = input.deadline->reading;
    }
    std::optional<RectificationItem> found;
    if (input.id) found = tx.items().find(*input.id);
    if (input.id && !ids.insert(*input.id).second) {
      report(row.line, {"编号 " + std::to_string(*input.id) + " 在前面的行中已出现",
                        "id " + std::to_string(*input.id) + " appears on an earlier row too"});
    } else if (input.id && (found || actor.access != Access::leading_group)) {
      plan.id = *input.id;
      if (!found || !may_update(actor, *found)) {
        // Another unit's item is answered as one that does not exist: nothing about it leaks.
        report(row.line, {"编号 " + std::to_string(*input.id) + " 的事项不存在或不属于本单位",
                          "no item " + std::to_string(*input.id) + " of yours exists"});
      } else if (problems.count == bad_before) {
        updates.insert(*input.id);
        auto update = plan_update(config, actor, *found, input, where(row.line), now);
        for (const auto& p : update.plan.problems) problems(row.line, p);
        auto mine = std::move(plan.problems);
        plan = std::move(update.plan);
        plan.problems = std::move(mine);
        result.updated += plan.action == RowPlan::Action::update;
        result.unchanged += plan.action == RowPlan::Action::unchanged;
      }
    } else {
      // A new problem (or a list from another database, whose 编号 names no item here: the
      // leading group imports it as new, and the plan says so).
      if (actor.access != Access::leading_group) {
        require_access(actor, {Access::leading_group},
                       {"导入新问题(第 " + std::to_string(row.line) + " 行没有编号)",
                        "import new problems (row " + std::to_string(row.line) + " has no 编号)"});
      }
      plan.action = RowPlan::Action::create;
      if (input.id) {
        plan.notes.push_back({"编号 " + std::to_string(*input.id) + " 在本库中不存在,按新问题导入",
                              "no item " + std::to_string(*input.id) +
                                  " in this database: imported as a new problem"});
      }
      ++creates;
      if (problems.count == bad_before) {
        auto t = assign_if_complete(input, actor.id, now);
        if (t.to == ItemState::assigned) plan.events.push_back("assign");
        plan.state = std::string(to_string(input.item.state));
        if (dry_run) result.assigned += t.to == ItemState::assigned;
      }
    }
    problems.row = nullptr;
    if (problems.count > bad_before) {
      plan.action = RowPlan::Action::refused;
      plan.events.clear();
    }
    if (dry_run || plan.action == RowPlan::Action::refused) result.plan.push_back(std::move(plan));
  }
  if (result.rows == 0 && problems.count == 0) {
    throw Error(Errc::import_invalid, {file_name + ":只有表头,没有数据行,未导入任何数据",
                                       file_name + ": a header and no rows; nothing was imported"});
  }
  if (problems.count > 0) throw ImportRefused(problems.message(), std::move(result));
  result.created = creates;
  if (dry_run) return result;

  // Second pass: read again and write, in the one transaction; all or nothing.
  sheet->rewind();
  skip_to_data(*sheet, layout);
  tx.items().begin_load(static_cast<std::int64_t>(creates));
  ReminderArmer armer(config, now);
  std::size_t done = 0;
  Report ignore = [](std::size_t, const Text&) {};
  while (next(row)) {
    if (is_blank(row)) continue;
    auto input = read_row(row, layout, context, ignore);
    std::optional<RectificationItem> before;
    if (input.id && updates.count(*input.id)) before = tx.items().find(*input.id);
    if (before) {
      auto update = plan_update(config, actor, *before, input, where(row.line), now);
      apply_update(tx, config, actor, *before, update, input.item.extra, where(row.line), now);
    } else {
      auto transition = assign_if_complete(input, actor.id, now);
      auto& item = input.item;
      if (item.standing) item.report_due = standing_due();
      result.assigned += item.state == ItemState::assigned;
      item.id = tx.items().next_id();
      auto entry = journal_entry(now, actor.id, item_subject(item.id), "import", "",
                                 std::string(to_string(item.state)), where(row.line));
      entry.changes = creation_changes(item);
      auto link = tx.record(std::move(entry), std::move(transition.effects));
      item.journal_seq = link.seq;
      item.journal_hash = std::move(link.hash);
      item.remind_at = armer(item);
      tx.items().insert(item, now);
    }
    if (++done % 10000 == 0 && progress) progress(done, result.rows);
  }
  if (done != result.rows) {
    throw Error(Errc::io_error, {file_name + ":文件在导入过程中被改动",
                                 file_name + ": the file changed during the import"});
  }
  tx.items().finish_load();
  tx.commit();
  if (progress && result.rows % 10000 != 0) progress(result.rows, result.rows);
  return result;
}

}  // namespace

ImportResult import_items(Services& services, const std::string& actor_id, std::istream& in,
                          const std::string& file_name, const ImportOptions& options,
                          const Progress& progress) {
  try {
    return import_refusable(services, actor_id, in, file_name, options, progress);
  } catch (const Error& e) {
    // A dry run is how a file is checked: its errors are not refusals of anything, but who may
    // not import at all is still told of.
    bool denied = e.code() == Errc::permission_denied || e.code() == Errc::unknown_actor;
    if (is_refusal(e.code()) && (!options.dry_run || denied)) {
      record_denial(services,
                    {actor_id, options.dry_run ? "import --dry-run" : "import", file_name}, e);
    }
    throw;
  }
}

}  // namespace duban::app
