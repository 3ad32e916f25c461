// 导入问题清单: the problem list from CSV, all or nothing.
#include <array>
#include <istream>
#include <map>
#include <set>

#include "app/csv.hpp"
#include "app/denials.hpp"
#include "app/input_dates.hpp"
#include "app/item_cases.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/reminders.hpp"
#include "app/resolve_unit.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

namespace {

enum class Column {
  id,
  round,
  source,
  category,
  title,
  manifestation,
  measures,
  unit,
  owner,
  due,
  result,
  state
};

// Chinese headers as in the seed's problem list (问题清单模板), and English ones for scripts.
const std::map<std::string, Column> kHeaders = {
    {"编号", Column::id},
    {"id", Column::id},
    {"轮次", Column::round},
    {"round", Column::round},
    {"来源", Column::source},
    {"source", Column::source},
    {"类别", Column::category},
    {"category", Column::category},
    {"问题", Column::title},
    {"title", Column::title},
    {"具体表现", Column::manifestation},
    {"manifestation", Column::manifestation},
    {"整改措施", Column::measures},
    {"measures", Column::measures},
    {"责任单位", Column::unit},
    {"牵头单位", Column::unit},
    {"unit", Column::unit},
    {"责任人", Column::owner},
    {"owner", Column::owner},
    {"整改时限", Column::due},
    {"due", Column::due},
    {"整改结果", Column::result},
    {"result", Column::result},
    {"状态", Column::state},
    {"state", Column::state},
};

// "国家第三方成效评估组" → national: the seed's headings name the source by its first words.
std::optional<ItemSource> lenient_source(const std::string& text) {
  if (text.empty()) return ItemSource::county;
  if (auto s = item_source_from(text)) return s;
  const std::pair<const char*, ItemSource> prefixes[] = {
      {"国家", ItemSource::national},        {"省", ItemSource::provincial},
      {"市", ItemSource::municipal},         {"县", ItemSource::county},
      {"自查", ItemSource::self_inspection}, {"镇自查", ItemSource::self_inspection},
  };
  for (auto [p, s] : prefixes)
    if (text.rfind(p, 0) == 0) return s;
  return std::nullopt;
}

// The most rows one file may hold: a county's list has hundreds; this is far above any real one
// and keeps a wrong file (a log, a database dump) from running for hours.
constexpr std::size_t kMaxRows = 2'000'000;

// A row as read: the item it describes (identified) and the assignment it may carry.
struct Row {
  RectificationItem item;
  bool any_assignment = false;  ///< owner, measures or due given: the row asks to be assigned
};

}  // namespace

namespace {

// Reads one data record into a Row, reporting what is wrong with it.
template <class Report>
Row read_row(const CsvRecord& record, const std::map<std::size_t, Column>& columns,
             const std::vector<std::string>& header, const UnitIndex& units, const YearRange& years,
             Report&& report) {
  Row row;
  auto& item = row.item;
  // One slot per column kind (a map per row was a tenth of the import's allocations).
  std::array<std::string, static_cast<std::size_t>(Column::state) + 1> cells;
  auto v = [&cells](Column c) -> std::string& { return cells[static_cast<std::size_t>(c)]; };
  std::array<bool, static_cast<std::size_t>(Column::state) + 1> defective{};  // reported already
  auto reported = [&defective](Column c) { return defective[static_cast<std::size_t>(c)]; };
  for (const auto& [i, col] : columns) {
    if (i >= record.fields.size()) {
      v(col).clear();
      continue;
    }
    // Any cell may hold line breaks: spreadsheet cells do (Alt+Enter), titles included.
    try {
      // The apostrophe an export put before a formula-like cell comes off again.
      v(col) = from_spreadsheet_safe(
          clean_text({"“" + header[i] + "”列", "column \"" + header[i] + "\""}, record.fields[i],
                     TextShape::paragraph));
    } catch (const Error& e) {
      report(record.line, e.text());
      v(col).clear();
      defective[static_cast<std::size_t>(col)] = true;
    }
  }
  if (record.fields.size() > header.size()) {
    report(record.line, {"字段数多于表头", "more fields than the header has"});
  }
  item.title = std::move(v(Column::title));
  if (item.title.empty() && !reported(Column::title)) {
    report(record.line, {"问题为空", "the problem (title) is empty"});
  }
  Text error;
  if (v(Column::unit).empty()) {
    if (!reported(Column::unit)) report(record.line, {"责任单位为空", "the unit is empty"});
  } else if (auto id = units.lookup(v(Column::unit), error)) {
    item.unit = *id;
  } else {
    report(record.line, error);
  }
  if (!v(Column::due).empty()) {
    item.due = parse_date(v(Column::due));
    if (!item.due) {
      report(record.line, {"整改时限不是有效日期(YYYY-MM-DD):" + v(Column::due),
                           "due is not a valid date (YYYY-MM-DD): " + v(Column::due)});
    } else if (!years.contains(*item.due)) {
      report(record.line,
             outside_years({"整改时限 " + v(Column::due), "due " + v(Column::due)}, years));
    }
  }
  if (!v(Column::round).empty()) {
    if (auto r = RoundId::parse(v(Column::round)); r && !years.contains(r->year)) {
      report(record.line, outside_years({"轮次 " + r->str(), "the round " + r->str()}, years));
    } else if (r) {
      item.round = r->str();
    } else {
      report(record.line, {"轮次无效:" + v(Column::round), "invalid round: " + v(Column::round)});
    }
  }
  if (auto s = lenient_source(v(Column::source))) {
    item.source = *s;
  } else {
    report(record.line, {"来源无效:" + v(Column::source), "invalid source: " + v(Column::source)});
  }
  item.category = std::move(v(Column::category));
  item.manifestation = std::move(v(Column::manifestation));
  item.measures = std::move(v(Column::measures));
  item.owner = std::move(v(Column::owner));
  item.result = std::move(v(Column::result));
  row.any_assignment = !item.owner.empty() || !item.measures.empty() || item.due.has_value();
  return row;
}

// A row that names its unit, owner, measures and deadline has been assigned (交办): the item
// machine's assign decides, as for `item assign`; a row it refuses stays identified. An item
// assigned by the import awaits acknowledgement (签收) from `now`, as one assigned by hand.
ItemTransition assign_if_complete(Row& row, const std::string& actor, Instant now) {
  auto& item = row.item;
  if (!row.any_assignment || item.unit.empty()) return {};
  ItemEvent assign;
  assign.kind = ItemEventKind::assign;
  assign.actor = actor;
  assign.unit = item.unit;
  assign.owner = item.owner;
  assign.measures = item.measures;
  assign.due = item.due;
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

}  // namespace

namespace {
ImportResult import_refusable(Services& services, const std::string& actor_id, std::istream& csv,
                              const std::string& file_name, bool dry_run,
                              const Progress& progress) {
  Transaction tx(services, dry_run ? store::Intent::read : store::Intent::write);
  auto actor = require_actor(tx.directory(), actor_id);
  require_access(actor, {Access::leading_group}, {"导入问题清单", "import the problem list"});
  const auto start = csv.tellg();
  CsvReader reader(csv);
  // The reader stops at the first malformed record: it is named like the rows' errors.
  auto next = [&](CsvReader& r, CsvRecord& into) {
    try {
      return r.next(into);
    } catch (const CsvError& e) {
      auto at = file_name + ":" + std::to_string(e.line()) + ": ";
      throw Error(Errc::import_invalid, {at + e.problem().zh + ",未导入任何数据",
                                         at + e.problem().en + "; nothing was imported"});
    }
  };
  CsvRecord header;
  if (!next(reader, header)) {
    throw Error(Errc::import_invalid, {file_name + ":文件为空", file_name + ": the file is empty"});
  }
  std::map<std::size_t, Column> columns;
  std::set<Column> present;
  Text problems{"", ""};
  std::size_t bad = 0;
  auto report = [&](std::size_t line, const Text& message) {
    ++bad;
    if (bad > 1000) return;  // enough to act on; the count says the rest
    problems.zh += "\n  " + file_name + ":" + std::to_string(line) + ": " + message.zh;
    problems.en += "\n  " + file_name + ":" + std::to_string(line) + ": " + message.en;
  };
  std::map<Column, std::size_t> first_of;  // the column each kind was first found in
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    if (auto defect = text_defect(header.fields[i])) {
      auto n = std::to_string(i + 1);
      report(header.line, {"第 " + n + " 列的列名:" + defect->zh,
                           "the name of column " + n + ": " + defect->en});
      continue;
    }
    auto name = trim_space(header.fields[i]);
    header.fields[i] = name;
    auto it = kHeaders.find(name);
    if (it == kHeaders.end()) {
      report(header.line, {"未知的列名:" + name, "unknown column: " + name});
      continue;
    }
    if (auto [seen, fresh] = first_of.emplace(it->second, i); !fresh) {
      auto before = header.fields[seen->second];
      report(header.line, {"列“" + name + "”与第 " + std::to_string(seen->second + 1) + " 列“" +
                               before + "”重复",
                           "column \"" + name + "\" repeats column " +
                               std::to_string(seen->second + 1) + " \"" + before + "\""});
      continue;
    }
    columns[i] = it->second;
    present.insert(it->second);
  }
  for (auto [col, zh, en] :
       {std::tuple{Column::title, "问题", "title"}, std::tuple{Column::unit, "责任单位", "unit"}}) {
    if (!present.count(col)) {
      report(header.line,
             {std::string("缺少必需的列:") + zh, std::string("missing column: ") + en});
    }
  }

  // First pass: validate every row, keeping none of them (memory stays flat whatever the size).
  UnitIndex units(tx.directory());
  ImportResult result;
  result.dry_run = dry_run;
  CsvRecord record;
  while (next(reader, record)) {
    if (result.rows == kMaxRows) {
      throw Error(Errc::import_invalid,
                  {file_name + ":超过 " + std::to_string(kMaxRows) + " 行的上限,未导入任何数据",
                   file_name + ": more than the limit of " + std::to_string(kMaxRows) +
                       " rows; nothing was imported"});
    }
    auto row =
        read_row(record, columns, header.fields, units, services.config.plausible_years, report);
    // A dry run says how many rows would start assigned; a real import counts them as it writes.
    if (dry_run && bad == 0) {
      result.assigned +=
          assign_if_complete(row, actor.id, services.clock.now()).to == ItemState::assigned;
    }
    ++result.rows;
  }
  if (result.rows == 0 && bad == 0) {
    throw Error(Errc::import_invalid, {file_name + ":只有表头,没有数据行,未导入任何数据",
                                       file_name + ": a header and no rows; nothing was imported"});
  }
  if (bad > 0) {
    if (bad > 1000) {
      problems.zh += "\n  ……另有 " + std::to_string(bad - 1000) + " 处错误";
      problems.en += "\n  ... and " + std::to_string(bad - 1000) + " more";
    }
    throw Error(Errc::import_invalid,
                {file_name + " 有 " + std::to_string(bad) + " 处错误,未导入任何数据:" + problems.zh,
                 file_name + " has " + std::to_string(bad) +
                     " error(s); nothing was imported:" + problems.en});
  }
  if (dry_run) return result;

  // Second pass: read again and write, in the one transaction; all or nothing.
  csv.clear();
  csv.seekg(start);
  if (!csv) {
    throw Error(Errc::io_error, {file_name + ":无法重新读取文件", file_name + ": cannot re-read"});
  }
  CsvReader again(csv);
  again.next(header);
  tx.items().begin_load(static_cast<std::int64_t>(result.rows));
  auto now = services.clock.now();
  ReminderArmer armer(services.config, now);
  std::size_t done = 0;
  auto ignore = [](std::size_t, const Text&) {};
  while (next(again, record)) {
    auto row =
        read_row(record, columns, header.fields, units, services.config.plausible_years, ignore);
    auto transition = assign_if_complete(row, actor.id, now);
    auto& item = row.item;
    result.assigned += item.state == ItemState::assigned;
    item.id = tx.items().next_id();
    auto entry = journal_entry(now, actor.id, item_subject(item.id), "import", "",
                               std::string(to_string(item.state)),
                               file_name + ":" + std::to_string(record.line));
    entry.changes = creation_changes(item);
    auto link = tx.record(std::move(entry), std::move(transition.effects));
    item.journal_seq = link.seq;
    item.journal_hash = std::move(link.hash);
    item.remind_at = armer(item);
    tx.items().insert(item, now);
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

ImportResult import_items(Services& services, const std::string& actor_id, std::istream& csv,
                          const std::string& file_name, bool dry_run, const Progress& progress) {
  try {
    return import_refusable(services, actor_id, csv, file_name, dry_run, progress);
  } catch (const Error& e) {
    // A dry run is how a file is checked: its errors are not refusals of anything, but who may
    // not import at all is still told of.
    bool denied = e.code() == Errc::permission_denied || e.code() == Errc::unknown_actor;
    if (is_refusal(e.code()) && (!dry_run || denied)) {
      record_denial(services, {actor_id, dry_run ? "import --dry-run" : "import", file_name}, e);
    }
    throw;
  }
}

}  // namespace duban::app
