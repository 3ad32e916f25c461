// 花名册导入: read row by row (a province's roster is millions of households: nothing of it is
// held in memory but the current row), checked and written in the same pass inside one
// transaction that is rolled back when any row is bad or the import is a dry run.
#include "survey/roster_import.hpp"

#include <sodium.h>

#include <filesystem>
#include <map>

#include "app/csv.hpp"
#include "app/import_layout.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/resolve_unit.hpp"
#include "app/transaction.hpp"
#include "domain/text_check.hpp"
#include "survey/id_key.hpp"
#include "survey/roster_columns.hpp"
#include "survey/roster_digest.hpp"

namespace duban::survey {

std::string_view to_string(RosterKind kind) {
  return kind == RosterKind::villages ? "villages" : "households";
}

namespace {

constexpr std::size_t kListedProblems = 200;

// Every problem found, each naming its line; the first ones listed, the rest counted.
struct Problems {
  std::string file;
  std::size_t count = 0;
  Text listed{"", ""};
  void operator()(std::size_t line, const Text& m) {
    if (++count > kListedProblems) return;
    listed.zh += "\n  " + file + ":" + std::to_string(line) + ": " + m.zh;
    listed.en += "\n  " + file + ":" + std::to_string(line) + ": " + m.en;
  }
  Error error() const {
    Text all = listed;
    if (count > kListedProblems) {
      all.zh += "\n  ……另有 " + std::to_string(count - kListedProblems) + " 处错误";
      all.en += "\n  ... and " + std::to_string(count - kListedProblems) + " more";
    }
    return Error(
        Errc::import_invalid,
        {file + " 有 " + std::to_string(count) + " 处错误,未导入任何数据:" + all.zh,
         file + " has " + std::to_string(count) + " error(s); nothing was imported:" + all.en});
  }
};

// The units a roster names: townships by id or name, and each township's villages by name.
class Places {
 public:
  explicit Places(store::UnitDirectory& directory) : index_(directory) {
    for (const auto& u : directory.list_units()) {
      kinds_[u.id] = u.kind;
      if (u.kind == UnitKind::village) villages_[{u.parent, u.name}] = u.id;
    }
  }
  std::optional<std::string> township(const std::string& text, Text& error) {
    auto known = cache_.find(text);
    if (known != cache_.end()) {
      error = known->second.second;
      return known->second.first;
    }
    auto id = index_.lookup(text, error);
    if (id && kinds_[*id] != UnitKind::township) {
      error = {"“" + text + "”不是乡镇", "\"" + text + "\" is not a township"};
      id.reset();
    }
    cache_[text] = {id, error};
    return id;
  }
  std::string village_unit(const std::string& township, const std::string& name) const {
    auto it = villages_.find({township, name});
    return it == villages_.end() ? "" : it->second;
  }

 private:
  app::UnitIndex index_;
  std::map<std::string, UnitKind> kinds_;
  std::map<std::pair<std::string, std::string>, std::string> villages_;
  std::map<std::string, std::pair<std::optional<std::string>, Text>> cache_;
};

Error malformed(const std::string& file, const app::CsvError& e) {
  auto at = file + ":" + std::to_string(e.line()) + ": ";
  return Error(Errc::import_invalid, {at + e.problem().zh + ",未导入任何数据",
                                      at + e.problem().en + "; nothing was imported"});
}

}  // namespace

RosterImportResult import_roster(app::Services& services, const std::string& actor_id,
                                 const std::string& round_text, std::istream& in,
                                 const std::string& file_name, const RosterImportOptions& options,
                                 const RosterProgress& progress) {
  auto round = RoundId::parse(round_text);
  if (!round) {
    throw Error(Errc::invalid_argument, {"轮次应形如 2020-H1 或 2020-Y:" + round_text,
                                         "a round is written 2020-H1 or 2020-Y: " + round_text});
  }
  const auto rid = round->str();
  app::Transaction tx(services, store::Intent::write);
  auto actor = app::require_actor(tx.directory(), actor_id);
  app::require_access(actor, {Access::leading_group}, {"导入花名册", "import a roster"});
  if (!tx.rounds().find(*round)) {
    throw Error(Errc::not_found,
                {"没有轮次 " + rid + ":请先开启(duban round start " + rid + ")",
                 "no round " + rid + ": start it first (duban round start " + rid + ")"});
  }
  auto sheet = app::open_sheet(in, file_name, {options.encoding});
  Problems problems{file_name};
  RosterImportResult result;
  result.dry_run = options.dry_run;
  result.format = sheet->described();
  RosterLayout layout;
  try {
    layout = read_roster_layout(*sheet, options, file_name,
                                [&](std::size_t line, const Text& m) { problems(line, m); });
  } catch (const app::CsvError& e) {
    throw malformed(file_name, e);
  }
  result.kind = layout.kind;
  result.header_line = layout.header_line;
  result.mapped = layout.mapped;
  result.before = tx.survey().roster_counts(rid);

  Places places(tx.directory());
  // The key is needed (and made) only for households, and only when something is written.
  // A dry run writes nothing: without a key yet, a throwaway one checks the same.
  std::optional<IdHasher> hasher;
  if (layout.kind == RosterKind::households) {
    hasher = options.dry_run && !std::filesystem::exists(services.config.roster_key)
                 ? IdHasher::throwaway()
                 : IdHasher::open(services.config.roster_key, !options.dry_run);
  }
  std::int64_t import_id = 0;
  randombytes_buf(&import_id, sizeof import_id);
  import_id &= 0x3fffffffffffffffLL;  // a positive BIGINT on every backend
  RowReader reader(
      *sheet, layout,
      [&](const std::string& text, Text& error) { return places.township(text, error); },
      [&](const std::string& township, const std::string& name) {
        return places.village_unit(township, name);
      });
  app::SheetRow row;
  while (true) {
    try {
      if (!sheet->next(row)) break;
    } catch (const app::CsvError& e) {
      throw malformed(file_name, e);
    }
    if (app::is_blank(row)) continue;
    ++result.rows;
    if (progress && result.rows % 100000 == 0) progress(result.rows);
    std::vector<Text> bad;
    if (layout.kind == RosterKind::villages) {
      auto v = reader.village(row, bad);
      for (const auto& b : bad) problems(row.line, b);
      if (bad.empty()) tx.survey().put_village(rid, v);
    } else {
      std::string id_number;
      auto h = reader.household(row, bad, id_number);
      for (const auto& b : bad) problems(row.line, b);
      if (bad.empty()) {
        h.id_hash = hasher->hash(id_number);
        h.id_tail = id_number.substr(id_number.size() - 4);
        sodium_memzero(id_number.data(), id_number.size());
        // Written even after a bad row (all is rolled back then): a number listed twice is
        // still found.
        if (!tx.survey().put_household(rid, h, import_id)) {
          problems(row.line, {"户编号 " + h.number + " 在本文件中出现了不止一次",
                              "household number " + h.number + " is listed more than once"});
        }
      }
    }
  }
  if (problems.count > 0) throw problems.error();
  if (result.rows == 0) {
    throw Error(Errc::import_invalid, {file_name + ":表头之下没有数据,未导入任何数据",
                                       file_name + ": no rows below the header; nothing imported"});
  }
  result.after = tx.survey().roster_counts(rid);
  const auto before =
      layout.kind == RosterKind::villages ? result.before.villages : result.before.households;
  const auto after =
      layout.kind == RosterKind::villages ? result.after.villages : result.after.households;
  result.added = after - before;
  result.updated = static_cast<std::int64_t>(result.rows) - result.added;
  result.digest = roster_digest(tx.survey(), rid);
  if (options.dry_run) return result;  // the transaction rolls back

  auto entry =
      app::journal_entry(services.clock.now(), actor.id, "roster:" + rid, "roster_import", "", "");
  entry.changes["file"] = {"", file_name};
  entry.changes["kind"] = {"", std::string(to_string(layout.kind))};
  entry.changes["rows"] = {"", std::to_string(result.rows)};
  entry.changes["villages"] = {std::to_string(result.before.villages),
                               std::to_string(result.after.villages)};
  entry.changes["households"] = {std::to_string(result.before.households),
                                 std::to_string(result.after.households)};
  entry.changes["digest"] = {"", result.digest};
  tx.record(std::move(entry));
  tx.commit();
  return result;
}

}  // namespace duban::survey
