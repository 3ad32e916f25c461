#include "store/transfer.hpp"

#include <cstdlib>
#include <deque>

#include "domain/errors.hpp"
#include "store/database.hpp"
#include "store/guard.hpp"
#include "store/row.hpp"
#include "store/soci_store.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

namespace {

// The tables holding a county's data, parents before children. Not copied: the migrations'
// record, and what the target's own triggers keep (SQLite's search index, the per-unit change
// counters).
const char* const kTables[] = {"meta",
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
                               "observer_tasks"};

DatabaseOptions options_of(const std::string& spec) {
  DatabaseOptions o;
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

// Copies `table`'s rows from `source` into `target` (the columns both have), one prepared
// INSERT bound to the holders and executed row by row.
std::int64_t copy_table(soci::session& source, soci::session& target, const std::string& table) {
  soci::rowset<soci::row> rows = (source.prepare << "SELECT * FROM " + table);
  std::optional<soci::statement> insert;
  Holders h;
  std::int64_t copied = 0;
  for (const auto& r : rows) {
    if (!insert) {
      std::string names, marks;
      for (std::size_t i = 0; i < r.size(); ++i) {
        const auto& p = r.get_properties(i);
        names += (i ? ", " : "") + p.get_name();
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
    insert->execute(true);
    ++copied;
  }
  return copied;
}

}  // namespace

TransferReport transfer(const std::string& from, const std::string& to,
                        const std::function<void(const TableCopy&)>& progress) {
  auto from_options = options_of(from), to_options = options_of(to);
  TransferReport report;
  // Opening each as a store brings it to this build's schema (a newer one is refused).
  {
    auto source = open_store(from_options, ZoneOffset{});
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
    for (const char* t : kTables) {
      TableCopy c{t, copy_table(source, target, t)};
      report.tables.push_back(c);
      if (progress) progress(c);
    }
    target_backend->after_copy(target);
    target << "COMMIT";
  });
  auto copied = open_store(to_options, ZoneOffset{});
  auto uow = copied->begin(Intent::read);
  report.audit = uow->journal().verify();
  return report;
}

}  // namespace duban::store
