#include "store/soci_store.hpp"

#include <soci/connection-pool.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <vector>

#include "clock/stopwatch.hpp"
#include "store/counties.hpp"
#include "store/credentials.hpp"
#include "store/evidence.hpp"
#include "store/guard.hpp"
#include "store/items.hpp"
#include "store/journal.hpp"
#include "store/outbox.hpp"
#include "store/requests.hpp"
#include "store/rounds.hpp"
#include "store/row.hpp"
#include "store/scores.hpp"
#include "store/sql_backend.hpp"
#include "store/survey.hpp"
#include "store/tasks.hpp"
#include "store/units.hpp"

namespace duban::store {

namespace {

// One pooled session and everything prepared on it; lives as long as the store.
struct Connection {
  soci::session& session;
  // The county of the unit of work under way: every repository's statements read it as they run.
  long long county = 0;
  long long written = 0;  ///< the county of this session's last write unit
  ItemStore items;
  RoundStore rounds;
  SociDirectory directory;
  JournalWriter journal;
  SociOutbox outbox;
  ScoreStore scores;
  SociCredentials credentials;
  SociEvidence evidence;
  SociRequests requests;
  SociTasks tasks;
  SociSurvey survey;
  // Prepared once: a transition's fixed cost is what the benchmark measures against raw SQLite.
  soci::statement begin_write, begin_read, commit, rollback;
  // What this session read or wrote in its last write unit (the chain's tail, the last item id,
  // users) still holds when that unit committed and the backend's count of other connections'
  // commits (the backend's others_committed_sql) is what it was then: one query instead of two.
  long long version = 0, epoch = -1;
  bool clean = false;
  std::optional<soci::statement> others_committed;
  // When this session's last unit of work ended with its COMMIT or ROLLBACK answered (nullopt: it
  // failed, or one is running): a session answered that recently is not pinged before its next
  // unit (a round trip per unit); one whose server went away since fails that unit (503) and is
  // pinged and opened again before the next.
  std::optional<Stopwatch> answered_at;
  static constexpr std::chrono::milliseconds kTrustAnswered{1000};
  bool recently_answered() const { return answered_at && answered_at->elapsed() < kTrustAnswered; }
  Connection(soci::session& s, const SqlBackend& b, ZoneOffset zone)
      : session(s),
        items(s, b, zone, county),
        rounds(s, county),
        directory(s, county),
        journal(s, b, county),
        outbox(s, b, county),
        scores(s, county),
        credentials(s, county),
        evidence(s, county),
        requests(s, county),
        tasks(s, b, county),
        survey(s, county),
        begin_write(s.prepare << b.begin_write()),
        begin_read(s.prepare << b.begin_read()),
        commit(s.prepare << "COMMIT"),
        rollback(s.prepare << "ROLLBACK") {
    if (const char* others = b.others_committed_sql()) {
      others_committed.emplace((s.prepare << others, soci::into(version)));
    }
  }
  /// Called in a write unit about `next`, right after BEGIN: whether the session's caches still
  /// hold (they are one county's).
  bool caches_hold(long long next) {
    if (!others_committed) return false;
    execute_single(*others_committed, [] {});
    bool hold = clean && version == epoch && written == next;
    epoch = version;
    written = next;
    clean = false;  // until this unit commits
    return hold;
  }
};

class SociUnitOfWork final : public UnitOfWork {
 public:
  SociUnitOfWork(soci::connection_pool& pool, std::size_t position, Connection& c, Intent intent,
                 std::unique_lock<std::mutex> writer, long long county)
      : writer_(std::move(writer)), pool_(pool), position_(position), c_(c) {
    c_.answered_at.reset();
    try {
      guarded(intent == Intent::write ? "begin write" : "begin read", [&] {
        (intent == Intent::write ? c_.begin_write : c_.begin_read).execute(true);
        const bool write = intent == Intent::write;
        const bool cached = write && c_.caches_hold(county);
        c_.county = county;
        c_.journal.begin(cached);
        // A writer that waited for another reads the clock after it, so its entries are never
        // dated before the other's: where writers do not queue at BEGIN (PostgreSQL), they queue
        // here, on the journal head.
        if (write) c_.journal.hold();
        c_.items.begin(cached);
        c_.directory.begin(cached, write);
      });
      write_ = intent == Intent::write;
    } catch (...) {
      pool_.give_back(position_);
      throw;
    }
  }
  ~SociUnitOfWork() override {
    if (open_) {
      try {
        c_.rollback.execute(true);
        c_.answered_at.emplace();
      } catch (...) {
        // The session stays usable: SQLite rolls back on its own when a statement fails.
      }
    }
    pool_.give_back(position_);
  }
  ItemRepository& items() override { return c_.items; }
  RoundRepository& rounds() override { return c_.rounds; }
  UnitDirectory& directory() override { return c_.directory; }
  JournalRepository& journal() override { return c_.journal; }
  OutboxRepository& outbox() override { return c_.outbox; }
  ScoreRepository& scores() override { return c_.scores; }
  CredentialRepository& credentials() override { return c_.credentials; }
  EvidenceRepository& evidence() override { return c_.evidence; }
  RequestRepository& requests() override { return c_.requests; }
  TaskRepository& tasks() override { return c_.tasks; }
  SurveyRepository& survey() override { return c_.survey; }
  void commit() override {
    guarded("commit", [&] { c_.commit.execute(true); });
    c_.answered_at.emplace();
    open_ = false;
    if (write_) c_.clean = true;
    if (writer_.owns_lock()) writer_.unlock();
  }
  void rollback() override {
    if (!open_) return;
    open_ = false;
    guarded("rollback", [&] { c_.rollback.execute(true); });
    c_.answered_at.emplace();
    if (writer_.owns_lock()) writer_.unlock();
  }

 private:
  // Held from before BEGIN to the end of a write unit: this process's writers queue here and
  // each goes the moment the last one ends, instead of in SQLite's busy handler, which sleeps
  // (up to 100 ms at a time) while it waits. Other processes still meet the busy timeout.
  std::unique_lock<std::mutex> writer_;
  soci::connection_pool& pool_;
  std::size_t position_;
  Connection& c_;
  bool open_ = true;
  bool write_ = false;
};

// What the stores of one database share, whatever their county: the backend, the pool and what
// is prepared on each of its sessions, the writers' queue and the connection that watches.
class Pool {
 public:
  Pool(const DatabaseOptions& options, ZoneOffset zone)
      : backend_(make_backend(options)),
        zone_(zone),
        pool_(static_cast<std::size_t>(std::max(1, options.pool_size))) {
    auto size = static_cast<std::size_t>(std::max(1, options.pool_size));
    for (std::size_t i = 0; i < size; ++i) {
      auto& session = pool_.at(i);
      backend_->open(session);
      if (i == 0) migrate(session, *backend_);
    }
    for (std::size_t i = 0; i < size; ++i) {
      connections_.push_back(std::make_unique<Connection>(pool_.at(i), *backend_, zone));
    }
    failed_at_.resize(size);
    backoff_.resize(size, kFirstBackoff);
    wait_.resize(size);
    if (const char* stamp = backend_->change_stamp_sql()) {
      backend_->open(watch_);
      watch_version_.emplace((watch_.prepare << stamp, soci::into(watched_)));
    }
  }
  std::optional<std::int64_t> change_stamp() {
    if (!watch_version_) return std::nullopt;
    std::lock_guard lock(watch_mutex_);
    if (!watch_.is_connected()) {
      // The server went away: no stamp until it is back (nothing kept is trusted meanwhile).
      watch_version_.reset();
      guarded("reconnect", [&] {
        watch_.close();
        backend_->open(watch_);
      });
      watch_version_.emplace(
          (watch_.prepare << backend_->change_stamp_sql(), soci::into(watched_)));
    }
    guarded("change stamp", [&] { execute_single(*watch_version_, [] {}); });
    return watched_;
  }
  std::unique_ptr<UnitOfWork> begin(Intent intent, long long county) {
    // A writer waits for the last one before it takes a connection from the pool.
    std::unique_lock<std::mutex> writer;
    if (intent == Intent::write && backend_->one_writer_at_a_time()) {
      writer = std::unique_lock(writers_);
    }
    auto position = pool_.lease();
    try {
      reconnect_if_lost(position);
    } catch (...) {
      pool_.give_back(position);
      throw;
    }
    return std::make_unique<SociUnitOfWork>(pool_, position, *connections_.at(position), intent,
                                            std::move(writer), county);
  }
  /// Runs `work` on a session of the pool, outside any unit of work.
  template <typename Work>
  auto with_session(Work&& work) {
    auto position = pool_.lease();
    struct Release {
      soci::connection_pool& p;
      std::size_t at;
      ~Release() { p.give_back(at); }
    } release{pool_, position};
    reconnect_if_lost(position);
    return work(pool_.at(position));
  }
  const SqlBackend& backend() const { return *backend_; }

 private:
  static constexpr std::chrono::milliseconds kFirstBackoff{100}, kLastBackoff{5000};

  // A pooled session whose server went away (a restart, a failover) is opened again before its
  // next unit of work, with everything prepared on it; tries are spaced out, doubling from
  // 100 ms to 5 s, and a unit of work that comes before the next try is told to retry (503).
  void reconnect_if_lost(std::size_t at) {
    auto& session = pool_.at(at);
    if (connections_[at] && (connections_[at]->recently_answered() || session.is_connected())) {
      return;
    }
    std::lock_guard lock(reconnect_mutex_);
    if (failed_at_[at] && failed_at_[at]->elapsed() < wait_[at]) {
      throw Error(Errc::unavailable, {"数据库暂时无法连接,正在重连,请稍后重试",
                                      "the database is unavailable; reconnecting, retry shortly"});
    }
    // What was prepared on the lost connection goes first: its statements name the old one.
    connections_[at].reset();
    try {
      guarded("reconnect " + backend_->describe(), [&] {
        session.close();
        backend_->open(session);
        connections_[at] = std::make_unique<Connection>(session, *backend_, zone_);
      });
      failed_at_[at].reset();
      wait_[at] = std::chrono::milliseconds(0);
      backoff_[at] = kFirstBackoff;
    } catch (const Error& e) {
      connections_[at].reset();
      failed_at_[at].emplace();
      wait_[at] = backoff_[at];
      backoff_[at] = std::min(backoff_[at] * 2, kLastBackoff);
      throw Error(Errc::unavailable, e.text());
    }
  }

  std::unique_ptr<SqlBackend> backend_;
  ZoneOffset zone_;
  soci::connection_pool pool_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::mutex writers_;
  // A connection that only watches: its change stamp moves with every commit of any other.
  soci::session watch_;
  std::mutex watch_mutex_;
  long long watched_ = 0;
  std::optional<soci::statement> watch_version_;
  std::mutex reconnect_mutex_;
  std::vector<std::optional<Stopwatch>> failed_at_;  ///< since the last failed try
  std::vector<std::chrono::milliseconds> wait_;      ///< how long after it the next may come
  std::vector<std::chrono::milliseconds> backoff_;
};

class SociStore final : public Store {
 public:
  SociStore(std::shared_ptr<Pool> pool, County county)
      : pool_(std::move(pool)), county_(std::move(county)) {}
  const County& county() const override { return county_; }
  std::vector<County> counties() override {
    return pool_->with_session([](soci::session& s) {
      return guarded("counties.list", [&] {
        std::vector<County> out;
        soci::rowset<soci::row> rows = s.prepare << "SELECT id, code, name FROM counties"
                                                    " ORDER BY id";
        for (const auto& r : rows) {
          out.push_back(County{int64_at(r, 0), r.get<std::string>(1), r.get<std::string>(2)});
        }
        return out;
      });
    });
  }
  std::unique_ptr<Store> for_county(const std::string& code) override {
    auto found = pool_->with_session([&](soci::session& s) {
      return guarded("counties.find", [&] { return find_county(s, code); });
    });
    if (!found) return nullptr;
    return std::make_unique<SociStore>(pool_, *found);
  }
  std::optional<std::int64_t> change_stamp() override { return pool_->change_stamp(); }
  std::unique_ptr<UnitOfWork> begin(Intent intent) override {
    return pool_->begin(intent, county_.id);
  }
  int schema_version() override {
    return pool_->with_session(
        [&](soci::session& s) { return store::schema_version(s, pool_->backend()); });
  }
  std::string describe() const override { return pool_->backend().describe(); }

 private:
  std::shared_ptr<Pool> pool_;
  County county_;
};

}  // namespace

std::unique_ptr<Store> open_store(const DatabaseOptions& options, ZoneOffset zone) {
  auto pool = std::make_shared<Pool>(options, zone);
  auto county = pool->with_session([&](soci::session& s) {
    if (!options.county.empty()) {
      return ensure_county(s, pool->backend(), options.county, options.county_name);
    }
    // No county named: the database's first, none made.
    return guarded("counties.first", [&] {
      County c;
      long long id = 0;
      s << "SELECT id, code, name FROM counties ORDER BY id LIMIT 1", soci::into(id),
          soci::into(c.code), soci::into(c.name);
      c.id = s.got_data() ? id : 0;
      return c;
    });
  });
  return std::make_unique<SociStore>(std::move(pool), std::move(county));
}

}  // namespace duban::store
