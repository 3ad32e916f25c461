#include "store/counties.hpp"

#include "clock/clock.hpp"
#include "domain/errors.hpp"
#include "store/guard.hpp"

namespace duban::store {

std::optional<County> find_county(soci::session& s, const std::string& code) {
  County c;
  long long id = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT id, code, name FROM counties WHERE code = :code", soci::use(code), soci::into(id),
      soci::into(c.code), soci::into(c.name, ind);
  if (!s.got_data()) return std::nullopt;
  c.id = id;
  return c;
}

County ensure_county(soci::session& s, const SqlBackend& b, const std::string& code,
                     const std::string& name) {
  return guarded("counties.ensure", [&] {
    if (auto found = find_county(s, code); found && (name.empty() || found->name == name)) {
      return *found;
    }
    s << b.begin_write();
    try {
      auto found = find_county(s, code);
      if (found) {
        long long id = found->id;
        s << "UPDATE counties SET name = :n WHERE id = :id", soci::use(name), soci::use(id);
        found->name = name;
      } else {
        long long counties = 0, held = 0;
        s << "SELECT COUNT(*) FROM counties", soci::into(counties);
        auto unnamed = find_county(s, "default");
        if (counties == 1 && unnamed) {
          long long id = unnamed->id, n = 0;
          for (const char* table : {"units", "journal"}) {
            s << std::string("SELECT COUNT(*) FROM ") + table + " WHERE county_id = :c",
                soci::use(id), soci::into(n);
            held += n;
          }
        }
        if (b.one_county() && counties >= 1 && !(counties == 1 && unnamed && held == 0)) {
          std::string here;
          s << "SELECT code FROM counties ORDER BY id LIMIT 1", soci::into(here);
          throw Error(
              Errc::invalid_argument,
              {"SQLite 数据库只存一个县(这个数据库是 " + here + " 的),不能再存 " + code +
                   ":请给这个县另建一个数据库(另一个 database.path),或让多个县共用一个"
                   " PostgreSQL 数据库",
               "an SQLite database holds one county (this one is " + here + "'s), not " + code +
                   " too: give this county a database of its own (another database.path),"
                   " or share one PostgreSQL database among the counties"});
        }
        if (counties == 1 && unnamed && held == 0) {
          long long id = unnamed->id;
          s << "UPDATE counties SET code = :c, name = :n WHERE id = :id", soci::use(code),
              soci::use(name), soci::use(id);
          found = County{unnamed->id, code, name};
        } else {
          const std::string at = format_utc(SystemClock{}.now());
          long long id = 0;
          soci::indicator made = soci::i_null;
          // Several nodes starting at once on one database: one makes the county, the others
          // find it made.
          s << "INSERT INTO counties (code, name, created_at) VALUES (:c, :n, :at)"
               " ON CONFLICT (code) DO NOTHING RETURNING id",
              soci::use(code), soci::use(name), soci::use(at), soci::into(id, made);
          if (!s.got_data() || made != soci::i_ok) {
            s << "ROLLBACK";
            if (auto other = find_county(s, code)) return *other;
            throw Error(Errc::storage_error,
                        {"县 " + code + " 未能建立", "county " + code + " was not made"});
          }
          const std::string zeros(64, '0');
          s << "INSERT INTO journal_head (county_id, seq, hash) VALUES (:c, 0, :h)", soci::use(id),
              soci::use(zeros);
          s << "INSERT INTO unit_changes (county_id, unit_id, n) VALUES (:c, '', 0)", soci::use(id);
          found = County{id, code, name};
        }
      }
      s << "COMMIT";
      return *found;
    } catch (...) {
      try {
        s << "ROLLBACK";
      } catch (...) {
      }
      throw;
    }
  });
}

}  // namespace duban::store
