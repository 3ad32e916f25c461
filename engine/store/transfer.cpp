#include "store/transfer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <deque>
#include <optional>

#include "domain/errors.hpp"
#include "store/database.hpp"
#include "store/guard.hpp"
#include "store/row.hpp"
#include "store/soci_store.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

namespace {

// The tables holding the counties' data, parents before children. Not copied: the migrations'
// record, and what the target's own triggers keep (SQLite's search index, the per-unit change
// counters).
const char* const kTables[] = {"counties",
                               "meta",
                               "units",
                               "users",
                               "credentials",
                               "tokens",
                               "rounds",
                               "round_steps",
                               "submissions",
                               "problems",
                               "items",
                               "journal",
                               "journal_head",
                               "checkpoints",
                               "denials",
                               "evidence",
                               "reminders",
                               "deliveries",
                               "rearmings",
                               "scores",
                               "rankings",
                               "recommendations",
                               "item_days",
                               "idempotent_requests",
                               "observer_tasks",
                               "roster_villages",
                               "roster_households",
                               "survey_samples",
                               "survey_groups",
                               "survey_schedules",
                               "survey_forms",
                               "survey_answers",
                               "survey_drafts"};

DatabaseOptions options_of(const std::string& spec) {
  DatabaseOptions o;
  o.county.clear();  // whichever counties it holds: none is made
  if (spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0) {
    o.backend = Backend::postgresql;
    o.postgresql = spec;
    if (const char* password = std::getenv("DUBAN_DATABASE_PASSWORD")) o.password = password;
    return o;
  }
  auto path = spec.rfind("sqlite:", 0) == 0 ? spec.substr(7) : spec;
  if (path.empty() || (spec.rfind("sqlite:", 0) != 0 && !path.ends_with(".db"))) {
    throw Error(Errc::invalid_argument, {"数据库应写成 sqlite:路径 或 postgresql://…:" + spec,
                                         "a database is sqlite:PATH or postgresql://…: " + spec});
  }
  o.sqlite_path = path;
  return o;
}

std::int64_t rows_in(soci::session& s, const std::string& table) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM " + table, soci::into(n);
  return n;
}

// The values of one row, held where the prepared INSERT reads them.
struct Holders {
  std::deque<std::string> text;
  std::deque<long long> number;
  std::deque<double> real;
  std::deque<soci::indicator> null;
  std::vector<soci::data_type> types;
};

// The county whose rows are copied (its id in the source) and the id it has in the target.
struct CountyMap {
  long long from = 0, to = 0;
};

// Copies `table`'s rows from `source` into `target` (the columns both have), one prepared
// INSERT bound to the holders and executed row by row: every row, or one county's as `county`
// maps it.
std::int64_t copy_table(soci::session& source, soci::session& target, const std::string& table,
                        std::optional<CountyMap> county) {
  long long from = county ? county->from : 0;
  soci::rowset<soci::row> rows =
      county
          ? (source.prepare << "SELECT * FROM " + table + " WHERE county_id = :c", soci::use(from))
          : (source.prepare << "SELECT * FROM " + table);
  std::optional<std::size_t> county_column;
  std::optional<soci::statement> insert;
  Holders h;
  std::int64_t copied = 0;
  for (const auto& r : rows) {
    if (!insert) {
      std::string names, marks;
      for (std::size_t i = 0; i < r.size(); ++i) {
        const auto& p = r.get_properties(i);
        names += (i ? ", " : "") + p.get_name();
        if (p.get_name() == "county_id") county_column = i;
        marks += (i ? ", :v" : ":v") + std::to_string(i);
        h.types.push_back(p.get_data_type());
        h.text.emplace_back();
        h.number.emplace_back();
        h.real.emplace_back();
        h.null.emplace_back(soci::i_ok);
      }
      insert.emplace(target);
      insert->alloc();
      insert->prepare("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")");
      for (std::size_t i = 0; i < r.size(); ++i) {
        switch (h.types[i]) {
          case soci::dt_integer:
          case soci::dt_long_long:
          case soci::dt_unsigned_long_long:
            insert->exchange(soci::use(h.number[i], h.null[i]));
            break;
          case soci::dt_double:
            insert->exchange(soci::use(h.real[i], h.null[i]));
            break;
          default:
            insert->exchange(soci::use(h.text[i], h.null[i]));
        }
      }
      insert->define_and_bind();
    }
    for (std::size_t i = 0; i < r.size(); ++i) {
      h.null[i] = r.get_indicator(i) == soci::i_null ? soci::i_null : soci::i_ok;
      if (h.null[i] == soci::i_null) continue;
      switch (h.types[i]) {
        case soci::dt_integer:
        case soci::dt_long_long:
        case soci::dt_unsigned_long_long:
          h.number[i] = int64_at(r, i);
          break;
        case soci::dt_double:
          h.real[i] = r.get<double>(i);
          break;
        default:
          h.text[i] = r.get<std::string>(i);
      }
    }
    if (county && county_column) h.number[*county_column] = county->to;
    insert->execute(true);
    ++copied;
  }
  return copied;
}

}  // namespace

namespace {

// Whole databases: every county, into a database that holds no data.
void copy_all(TransferReport& report, const DatabaseOptions& from_options,
              const DatabaseOptions& to_options,
              const std::function<void(const TableCopy&)>& progress) {
  soci::session source, target;
  open_session(source, from_options);
  open_session(target, to_options);
  auto target_backend = make_backend(to_options);
  guarded("transfer", [&] {
    std::int64_t held = 0;
    for (const char* t : {"units", "items", "journal"}) held += rows_in(target, t);
    if (held > 0) {
      throw Error(Errc::already_exists,
                  {"目标数据库已有数据(" + report.to + "):只能迁移到空数据库,未写入任何数据",
                   "the target already holds data (" + report.to +
                       "): transfer copies into an empty database only; nothing was written"});
    }
    target << target_backend->begin_write();
    // What the target's migrations seeded (the journal's head, remembered values) gives way to
    // the source's.
    target << "DELETE FROM journal_head";
    target << "DELETE FROM meta";
    target << "DELETE FROM unit_changes";
    target << "DELETE FROM counties";
    for (const char* t : kTables) {
      TableCopy c{t, copy_table(source, target, t, std::nullopt)};
      report.tables.push_back(c);
      if (progress) progress(c);
    }
    // Each county's directory counter (SQLite's triggers made those of counties with units).
    target << "INSERT INTO unit_changes (county_id, unit_id, n) SELECT id, '', 1 FROM counties"
              " WHERE id NOT IN (SELECT county_id FROM unit_changes WHERE unit_id = '')";
    target_backend->after_copy(target);
    target << "COMMIT";
  });
}

// One county, into a database that may hold others (PostgreSQL) but not this one.
void copy_county(TransferReport& report, const std::string& code, const std::string& as,
                 Store& source_store, const DatabaseOptions& from_options,
                 DatabaseOptions to_options,
                 const std::function<void(const TableCopy&)>& progress) {
  auto source_county = source_store.for_county(code);
  if (!source_county) {
    throw Error(Errc::not_found, {"源数据库(" + report.from + ")里没有县 " + code,
                                  "the source (" + report.from + ") holds no county " + code});
  }
  {
    auto target = open_store(to_options, ZoneOffset{});
    if (auto there = target->for_county(as)) {
      auto uow = there->begin(Intent::read);
      if (!uow->directory().list_units().empty() || uow->journal().last_entry()) {
        throw Error(Errc::already_exists,
                    {"目标数据库(" + report.to + ")已有县 " + as + " 的数据,未写入任何数据",
                     "the target (" + report.to + ") already holds county " + as +
                         "'s data; nothing was written"});
      }
    }
  }
  // The county made there (or a new database's unnamed one, named): the rows are copied into it.
  to_options.county = as;
  to_options.county_name = source_county->county().name;
  const long long to_id = open_store(to_options, ZoneOffset{})->county().id;
  const CountyMap map{source_county->county().id, to_id};
  soci::session source, target;
  open_session(source, from_options);
  open_session(target, to_options);
  auto target_backend = make_backend(to_options);
  guarded("transfer", [&] {
    target << target_backend->begin_write();
    long long id = to_id;
    for (const char* t : {"journal_head", "meta", "unit_changes"}) {
      target << std::string("DELETE FROM ") + t + " WHERE county_id = :c", soci::use(id);
    }
    for (const char* t : kTables) {
      if (std::string(t) == "counties") continue;
      TableCopy c{t, copy_table(source, target, t, map)};
      report.tables.push_back(c);
      if (progress) progress(c);
    }
    target << "INSERT INTO unit_changes (county_id, unit_id, n) SELECT :c, '', 1 WHERE NOT"
              " EXISTS (SELECT 1 FROM unit_changes WHERE county_id = :c2 AND unit_id = '')",
        soci::use(id), soci::use(id);
    target_backend->after_copy(target);
    target << "COMMIT";
  });
}

}  // namespace

TransferReport transfer(const std::string& from, const std::string& to, const std::string& county,
                        const std::function<void(const TableCopy&)>& progress,
                        const std::string& as) {
  const std::string named = as.empty() ? county : as;
  const bool plain = std::all_of(named.begin(), named.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
  if (!as.empty() && (county.empty() || !plain || as.size() > 64)) {
    throw Error(Errc::invalid_argument,
                {"--as 须与 --county 同用,代码只能由字母、数字、- 和 _ 组成:" + as,
                 "--as goes with --county, and a county code is letters, digits, - and _: " + as});
  }
  auto from_options = options_of(from), to_options = options_of(to);
  TransferReport report;
  // Opening each as a store brings it to this build's schema (a newer one is refused).
  auto source = open_store(from_options, ZoneOffset{});
  {
    auto target = open_store(to_options, ZoneOffset{});
    report.from = source->describe();
    report.to = target->describe();
    report.schema_version = target->schema_version();
    if (report.from == report.to) {
      throw Error(Errc::invalid_argument,
                  {"源与目标是同一个数据库:" + report.to,
                   "the source and the target are one database: " + report.to});
    }
  }
  if (county.empty()) {
    copy_all(report, from_options, to_options, progress);
  } else {
    copy_county(report, county, named, *source, from_options, to_options, progress);
  }
  // Each county copied, its chain verified on the target on its own.
  auto copied = open_store(to_options, ZoneOffset{});
  for (const auto& c : copied->counties()) {
    if (!county.empty() && c.code != named) continue;
    auto store = copied->for_county(c.code);
    if (!store) continue;
    auto audit = store->begin(Intent::read)->journal().verify();
    report.audit.entries += audit.entries;
    for (const auto& f : audit.findings) {
      report.audit.add(f.seq, c.code + " " + f.subject, f.problem_zh, f.problem_en);
    }
    report.counties.push_back(c.code);
  }
  return report;
}

}  // namespace duban::store
