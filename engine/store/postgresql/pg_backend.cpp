#include "store/postgresql/pg_backend.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>

#include <cctype>
#include <regex>

#include "domain/errors.hpp"
#include "store/guard.hpp"

namespace duban::store::postgresql {

namespace {

bool contains(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

// One clear error per way a connection fails, each saying what to do.
[[noreturn]] void connection_failed(const std::string& where, const std::string& why) {
  if (contains(why, "password authentication failed") || contains(why, "no password supplied") ||
      contains(why, "authentication failed")) {
    throw Error(
        Errc::storage_error,
        {"PostgreSQL 拒绝登录(" + where + "):请检查 url 中的用户名和密码环境变量(" + why + ")",
         "PostgreSQL refused the login (" + where +
             "): check the user in the url and the password's environment variable (" + why + ")"});
  }
  if (contains(why, "does not exist")) {
    throw Error(Errc::storage_error, {"PostgreSQL 上没有这个数据库或用户(" + where +
                                          "):请先用 createdb 建库(" + why + ")",
                                      "no such database or role on PostgreSQL (" + where +
                                          "): create it first, e.g. with createdb (" + why + ")"});
  }
  throw Error(
      Errc::storage_error,
      {"无法连接 PostgreSQL(" + where + "):请确认服务器在运行、地址和端口正确(" + why + ")",
       "cannot connect to PostgreSQL (" + where +
           "): check that the server is running and the host and port are right (" + why + ")"});
}

std::string quoted(const char* value) {
  std::string out = "'";
  for (const char* c = value; *c; ++c) {
    if (*c == '\'' || *c == '\\') out += '\\';
    out += *c;
  }
  return out + "'";
}

// The URI as libpq reads it (several hosts, target_session_attrs, every option), written back as
// keyword='value' pairs: SOCI passes those to libpq unchanged, where it would take a URI apart.
std::string keywords(const std::string& url, const std::string& password) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    std::string why = error ? error : "out of memory";
    PQfreemem(error);
    throw Error(Errc::invalid_argument,
                {"PostgreSQL 连接地址无法解析(" + redact(url) + "):" + why,
                 "the PostgreSQL url cannot be read (" + redact(url) + "): " + why});
  }
  std::string out;
  for (auto* o = options; o->keyword; ++o) {
    if (!o->val || (!password.empty() && std::string(o->keyword) == "password")) continue;
    out += std::string(out.empty() ? "" : " ") + o->keyword + "=" + quoted(o->val);
  }
  PQconninfoFree(options);
  if (!password.empty()) out += " password=" + quoted(password.c_str());
  return out;
}

class PostgresqlBackend final : public SqlBackend {
 public:
  explicit PostgresqlBackend(const DatabaseOptions& options) : options_(options) {}

  std::string describe() const override { return redact(options_.postgresql); }

  void open(soci::session& session) const override {
    auto conninfo = keywords(options_.postgresql, options_.password);
    try {
      session.open(soci::postgresql, conninfo);
    } catch (const std::exception& e) {
      connection_failed(describe(), e.what());
    }
    guarded("open " + describe(), [&] {
      // Text is UTF-8 on the wire whatever the client's locale; waits on a lock end as on SQLite.
      session << "SET client_encoding = 'UTF8'";
      session << "SET lock_timeout = '30s'";
      session << "SET client_min_messages = warning";
      std::string encoding;
      session << "SHOW server_encoding", soci::into(encoding);
      if (encoding != "UTF8") {
        throw Error(Errc::storage_error,
                    {"PostgreSQL 数据库的编码是 " + encoding +
                         ",应为 UTF8:请用 createdb -E UTF8 -T template0 重新建库",
                     "the PostgreSQL database's encoding is " + encoding +
                         ", not UTF8: create it with createdb -E UTF8 -T template0"});
      }
      int trgm = 0;
      session << "SELECT COUNT(*) FROM pg_available_extensions WHERE name = 'pg_trgm'",
          soci::into(trgm);
      if (trgm == 0) {
        throw Error(Errc::storage_error,
                    {"PostgreSQL 服务器缺少 pg_trgm 扩展(检索要用):请在服务器上安装"
                     " postgresql-contrib",
                     "the PostgreSQL server lacks the pg_trgm extension (search needs it): install"
                     " postgresql-contrib on the server"});
      }
    });
  }

  const std::vector<Migration>& migrations() const override { return postgresql::migrations(); }

  bool has_table(soci::session& session, const std::string& table) const override {
    int tables = 0;
    session << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema ="
               " current_schema() AND table_name = :t",
        soci::use(table), soci::into(tables);
    return tables > 0;
  }
  // Two processes starting at once on a new database: the second waits, then finds it migrated.
  void lock_migrations(soci::session& session) const override {
    session << "SELECT pg_advisory_lock(4242001)";
  }
  void unlock_migrations(soci::session& session) const override {
    session << "SELECT pg_advisory_unlock(4242001)";
  }

  // Writers meet on row locks (the journal head, an item's version); a reader sees one snapshot
  // for the whole unit, as SQLite's WAL reader does.
  const char* begin_write() const override { return "BEGIN"; }
  const char* begin_read() const override {
    return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  }
  bool one_writer_at_a_time() const override { return false; }
  const char* others_committed_sql() const override { return nullptr; }
  // Every commit writes a WAL record: the insert position moves with any commit, anyone's.
  const char* change_stamp_sql() const override {
    return "SELECT CAST(pg_current_wal_insert_lsn() - '0/0' AS BIGINT)";
  }

  // Counties side by side, each keyed by its county_id first.
  bool one_county() const override { return false; }
  const char* lock_row() const override { return " FOR UPDATE"; }
  const char* skip_locked() const override { return " FOR UPDATE SKIP LOCKED"; }
  // Every column drawn from a sequence (items_id_seq, the BIGSERIAL ids): the sequence set past
  // the largest value copied in.
  void after_copy(soci::session& session) const override {
    std::vector<std::pair<std::string, std::string>> columns;
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT table_name, column_name FROM information_schema.columns"
                            " WHERE table_schema = current_schema() AND column_default LIKE"
                            " 'nextval(%'");
    for (const auto& r : rows) columns.emplace_back(r.get<std::string>(0), r.get<std::string>(1));
    for (const auto& [table, column] : columns) {
      long long next = 0;
      session << "SELECT setval(pg_get_serial_sequence('" + table + "', '" + column +
                     "'), COALESCE((SELECT MAX(" + column + ") FROM " + table + "), 0) + 1, false)",
          soci::into(next);
    }
  }

  std::string unindexed(const std::string& column) const override { return column; }

  // ILIKE on each column: pg_trgm's GIN indexes answer it from three characters on.
  std::string search(const std::vector<std::string>& words,
                     const std::function<std::string(std::string)>& bind) const override {
    std::string sql;
    for (const auto& w : words) {
      auto like = like_pattern(w);
      auto a = bind(like), b = bind(like), c = bind(like);
      sql += " AND (title ILIKE " + a + " ESCAPE '\\' OR manifestation ILIKE " + b +
             " ESCAPE '\\' OR measures ILIKE " + c + " ESCAPE '\\')";
    }
    return sql;
  }

  // PostgreSQL grows its indexes well enough; nothing is set aside.
  std::vector<std::string> set_aside_item_indexes(soci::session&) const override { return {}; }
  void finish_load(soci::session&, const std::vector<std::string>&) const override {}

 private:
  DatabaseOptions options_;
};

}  // namespace

std::string redact(const std::string& url) {
  // postgresql://user:secret@host/db → postgresql://user@host/db; password=… in the query too.
  auto out = std::regex_replace(url, std::regex("(://[^:/@?]*):[^@/?]*@"), "$1@");
  return std::regex_replace(out, std::regex("([?&]password=)[^&]*"), "$1***");
}

std::unique_ptr<SqlBackend> make(const DatabaseOptions& options) {
  return std::make_unique<PostgresqlBackend>(options);
}

}  // namespace duban::store::postgresql
