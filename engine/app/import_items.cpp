// 导入问题清单: the problem list from CSV, all or nothing.
#include <istream>
#include <map>
#include <set>

#include "app/csv.hpp"
#include "app/item_cases.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "config/diagnostics.hpp"
#include "domain/errors.hpp"
#include "store/units.hpp"

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

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

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

struct UnitIndex {
  std::map<std::string, std::string> by_id, by_name;
  std::set<std::string> ambiguous_names;
  std::vector<std::string> all_names;
};

UnitIndex index_units(Services& services) {
  UnitIndex idx;
  for (const auto& u : store::list_units(services.store.session())) {
    idx.by_id[u.id] = u.id;
    if (!idx.by_name.emplace(u.name, u.id).second) idx.ambiguous_names.insert(u.name);
    idx.all_names.push_back(u.id);
    idx.all_names.push_back(u.name);
  }
  return idx;
}

std::optional<std::string> lookup(const UnitIndex& idx, const std::string& text, Text& error) {
  if (auto it = idx.by_id.find(text); it != idx.by_id.end()) return it->second;
  if (idx.ambiguous_names.count(text)) {
    error = {"单位名称“" + text + "”不唯一,请用单位编号",
             "unit name " + text + " is ambiguous; use the unit id"};
    return std::nullopt;
  }
  if (auto it = idx.by_name.find(text); it != idx.by_name.end()) return it->second;
  auto hint = config::did_you_mean(text, idx.all_names);
  error = {"责任单位不存在:" + text + (hint.empty() ? "" : "(是否为 " + hint + "?)"),
           "unknown unit: " + text + (hint.empty() ? "" : " (did you mean " + hint + "?)")};
  return std::nullopt;
}

}  // namespace

std::string resolve_unit(Services& services, const std::string& id_or_name) {
  if (id_or_name.empty()) {
    throw Error(Errc::missing_field,
                {"须指定牵头单位(--unit)", "the lead unit (--unit) is required"});
  }
  Text error;
  if (auto id = lookup(index_units(services), id_or_name, error)) return *id;
  throw Error(Errc::not_found, error);
}

ImportResult import_items(Services& services, const std::string& actor_id, std::istream& csv,
                          const std::string& file_name, bool dry_run, const Progress& progress) {
  auto actor = require_actor(services, actor_id);
  require_access(actor, {Access::leading_group}, {"导入问题清单", "import the problem list"});
  CsvReader reader(csv);
  CsvRecord header;
  if (!reader.next(header)) {
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
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    auto name = trim(header.fields[i]);
    auto it = kHeaders.find(name);
    if (it == kHeaders.end()) {
      report(header.line, {"未知的列名:" + name, "unknown column: " + name});
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

  auto units = index_units(services);
  std::vector<std::pair<std::size_t, RectificationItem>> rows;
  CsvRecord record;
  while (reader.next(record)) {
    RectificationItem item;
    std::map<Column, std::string> v;
    for (const auto& [i, col] : columns)
      v[col] = i < record.fields.size() ? trim(record.fields[i]) : "";
    if (record.fields.size() > header.fields.size()) {
      report(record.line, {"字段数多于表头", "more fields than the header has"});
    }
    item.title = v[Column::title];
    if (item.title.empty()) report(record.line, {"问题为空", "the problem (title) is empty"});
    Text error;
    if (v[Column::unit].empty()) {
      report(record.line, {"责任单位为空", "the unit is empty"});
    } else if (auto id = lookup(units, v[Column::unit], error)) {
      item.unit = *id;
    } else {
      report(record.line, error);
    }
    if (!v[Column::due].empty()) {
      item.due = parse_date(v[Column::due]);
      if (!item.due) {
        report(record.line, {"整改时限不是有效日期(YYYY-MM-DD):" + v[Column::due],
                             "due is not a valid date (YYYY-MM-DD): " + v[Column::due]});
      }
    }
    if (!v[Column::round].empty()) {
      if (auto r = RoundId::parse(v[Column::round])) {
        item.round = r->str();
      } else {
        report(record.line, {"轮次无效:" + v[Column::round], "invalid round: " + v[Column::round]});
      }
    }
    if (auto s = lenient_source(v[Column::source])) {
      item.source = *s;
    } else {
      report(record.line,
             {"来源无效:" + v[Column::source], "invalid source: " + v[Column::source]});
    }
    item.category = v[Column::category];
    item.manifestation = v[Column::manifestation];
    item.measures = v[Column::measures];
    item.owner = v[Column::owner];
    item.result = v[Column::result];
    // A row that already names its unit, owner, measures and deadline has been assigned (交办).
    if (!item.unit.empty() && !item.owner.empty() && !item.measures.empty() && item.due) {
      item.state = ItemState::assigned;
    }
    rows.emplace_back(record.line, std::move(item));
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

  ImportResult result;
  result.rows = rows.size();
  result.dry_run = dry_run;
  for (const auto& [line, item] : rows) result.assigned += item.state == ItemState::assigned;
  if (dry_run) return result;

  auto now = services.clock.now();
  services.store.write([&](soci::session&) {
    std::vector<store::JournalEntry> entries;
    entries.reserve(rows.size());
    std::size_t done = 0;
    for (auto& [line, item] : rows) {
      item.id = services.store.items().insert(item, now);
      auto entry =
          journal_entry(now, actor.id, item_subject(item.id), "import", "",
                        std::string(to_string(item.state)), file_name + ":" + std::to_string(line));
      entry.changes = creation_changes(item);
      entries.push_back(std::move(entry));
      if (++done % 10000 == 0 && progress) progress(done, rows.size());
    }
    services.store.journal().append_all(entries);
  });
  if (progress && rows.size() % 10000 != 0) progress(rows.size(), rows.size());
  return result;
}

}  // namespace duban::app
