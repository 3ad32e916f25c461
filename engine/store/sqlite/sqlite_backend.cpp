#include "store/sqlite/sqlite_backend.hpp"

#include <fcntl.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include "domain/errors.hpp"
#include "store/guard.hpp"

namespace duban::store::sqlite {

namespace fs = std::filesystem;

namespace {

// Words shorter than this are matched with LIKE: the trigram index needs three characters.
constexpr std::size_t kTrigram = 3;

std::size_t characters(const std::string& utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

/// "\"word\"" for FTS5: a phrase, its double quotes doubled.
std::string fts_phrase(const std::string& word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class SqliteBackend final : public SqlBackend {
 public:
  explicit SqliteBackend(const DatabaseOptions& options) : options_(options) {}

  std::string describe() const override { return "sqlite:" + options_.sqlite_path.string(); }

  void open(soci::session& session) const override {
    const auto& path = options_.sqlite_path;
    std::error_code ec;
    if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
      // The data folder holds contacts' phones and e-mails: only its owner may enter it.
      fs::create_directories(path.parent_path(), ec);
      if (!ec) fs::permissions(path.parent_path(), fs::perms::owner_all, ec);
    }
    if (ec) {
      throw Error(
          Errc::io_error,
          {"无法创建数据目录 " + path.parent_path().string() + ":" + ec.message(),
           "cannot create the data folder " + path.parent_path().string() + ": " + ec.message()});
    }
    if (fs::is_directory(path)) {
      throw Error(Errc::io_error, {"数据库路径是一个文件夹:" + path.string(),
                                   "the database path is a folder: " + path.string()});
    }
    protect_database_files(path);
    guarded("open " + path.string(), [&] {
      session.open(soci::sqlite3, "db=" + path.string() + " timeout=30");
      // WAL lets readers (the dashboard, `duban item list`) run beside a writer; FULL makes every
      // commit durable before it returns: nothing acknowledged is lost on power failure. A large
      // page cache keeps a big import from writing the same pages again and again. The page size
      // must come first: it applies only while the file is still empty, before journal_mode
      // writes its header.
      session << "PRAGMA page_size=" + std::to_string(options_.page_size);
      std::string mode;  // journal_mode answers with a row
      session << "PRAGMA journal_mode=WAL", soci::into(mode);
      session << "PRAGMA synchronous=FULL";
      session << "PRAGMA foreign_keys=ON";
      session << "PRAGMA busy_timeout=30000";
      session << "PRAGMA cache_size=-" + std::to_string(options_.cache_kib);
      // A file that is not a database fails here, not in the middle of a command.
      int n = 0;
      session << "SELECT COUNT(*) FROM sqlite_master", soci::into(n);
    });
  }

  const std::vector<Migration>& migrations() const override { return sqlite::migrations(); }

  bool has_table(soci::session& session, const std::string& table) const override {
    int tables = 0;
    session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t",
        soci::use(table), soci::into(tables);
    return tables > 0;
  }
  // Each migration's BEGIN takes the write lock; a second process waits for it (busy timeout)
  // and then finds the migration recorded. Foreign keys are off meanwhile (outside a transaction
  // is the only place SQLite turns them off): a migration that builds a table again drops the old
  // one, which others refer to, as SQLite's own procedure for altering a table says.
  void lock_migrations(soci::session& session) const override {
    session << "PRAGMA foreign_keys=OFF";
  }
  void unlock_migrations(soci::session& session) const override {
    session << "PRAGMA foreign_keys=ON";
  }

  // A writer takes the write lock at once, so two writers never deadlock upgrading a read lock;
  // a reader reads a WAL snapshot and takes no lock.
  const char* begin_write() const override { return "BEGIN IMMEDIATE"; }
  const char* begin_read() const override { return "BEGIN DEFERRED"; }
  bool one_writer_at_a_time() const override { return true; }
  // data_version changes when another connection commits, never for the connection's own.
  const char* others_committed_sql() const override { return "PRAGMA data_version"; }
  const char* change_stamp_sql() const override { return "PRAGMA data_version"; }

  // A county's file: its rowids are its ids (items numbered 1, 2, … within the county).
  bool one_county() const override { return true; }
  // The write lock already serializes every writer.
  const char* lock_row() const override { return ""; }
  const char* skip_locked() const override { return ""; }
  // Rowids and the largest-plus-one item id follow the rows by themselves.
  void after_copy(soci::session&) const override {}

  // Unary plus: SQLite's way to keep a term off the indexes.
  std::string unindexed(const std::string& column) const override { return "+" + column; }

  std::string search(const std::vector<std::string>& words,
                     const std::function<std::string(std::string)>& bind) const override {
    std::string sql, match;
    for (const auto& w : words) {
      if (characters(w) >= kTrigram) {
        match += (match.empty() ? "" : " AND ") + fts_phrase(w);
        continue;
      }
      auto like = like_pattern(w);
      auto a = bind(like), b = bind(like), c = bind(like);
      sql += " AND (title LIKE " + a + " ESCAPE '\\' OR manifestation LIKE " + b +
             " ESCAPE '\\' OR measures LIKE " + c + " ESCAPE '\\')";
    }
    if (!match.empty()) {
      sql += " AND id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH " + bind(match) + ")";
    }
    return sql;
  }

  std::vector<std::string> set_aside_item_indexes(soci::session& session) const override {
    std::vector<std::pair<std::string, std::string>> indexes;  // DROP, CREATE
    soci::rowset<soci::row> found = session.prepare
                                    << "SELECT type, name, sql FROM sqlite_master WHERE type IN"
                                       " ('index', 'trigger') AND tbl_name = 'items' AND sql IS"
                                       " NOT NULL ORDER BY type, name";
    for (const auto& r : found) {
      indexes.emplace_back("DROP " + r.get<std::string>(0) + " " + r.get<std::string>(1),
                           r.get<std::string>(2));
    }
    // The full-text index's triggers too: rebuilt in one pass by finish_load().
    std::vector<std::string> out;
    for (const auto& [drop, sql] : indexes) {
      session << drop;
      out.push_back(sql);
    }
    return out;
  }

  void finish_load(soci::session& session,
                   const std::vector<std::string>& set_aside) const override {
    bool search = false, counted = false;
    for (const auto& sql : set_aside) {
      search = search || sql.find("items_fts") != std::string::npos;
      counted = counted || sql.find("unit_changes") != std::string::npos;
    }
    if (search) session << "INSERT INTO items_fts(items_fts) VALUES ('rebuild')";
    for (const auto& sql : set_aside) session << sql;
    // The per-unit change counters were set aside with the other triggers: count the load as a
    // change of everything (the directory's counter is part of every check).
    if (counted) session << "UPDATE unit_changes SET n = n + 1 WHERE unit_id = ''";
  }

 private:
  DatabaseOptions options_;
};

}  // namespace

void protect_database_files(const fs::path& path) {
  // Created here, empty and 0600 whatever the umask, so that SQLite (which gives its -wal and
  // -shm files the database's mode) never makes them readable by others; existing files that
  // others may read are closed to them.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
  for (const auto* suffix : {"", "-wal", "-shm", "-journal"}) {
    auto file = path.string() + suffix;
    std::error_code ec;
    auto st = fs::status(file, ec);
    if (ec || !fs::is_regular_file(st)) continue;
    if ((st.permissions() & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
      fs::permissions(file, fs::perms::group_all | fs::perms::others_all, fs::perm_options::remove,
                      ec);
    }
  }
}

std::unique_ptr<SqlBackend> make(const DatabaseOptions& options) {
  return std::make_unique<SqliteBackend>(options);
}

}  // namespace duban::store::sqlite
