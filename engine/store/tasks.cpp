#include "store/tasks.hpp"

#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

namespace {

long long seconds_of(Instant at) { return at.time_since_epoch().count(); }
Instant instant_of(long long seconds) { return Instant{std::chrono::seconds{seconds}}; }

const char* const kColumns =
    "SELECT id, first_seq, last_seq, effects, observers, status, attempts, next_attempt_at,"
    " created_at, claimed_by, lease_until, last_error, finished_at FROM observer_tasks ";

// Runnable at a time given twice (:due, :expired): due, or held under a lease that ran out.
const char* const kRunnable =
    "((status IN ('pending', 'retrying') AND next_attempt_at <= :due) OR"
    " (status = 'running' AND lease_until <= :expired))";

ObserverTask task_from(const soci::row& r) {
  ObserverTask t;
  t.id = int64_at(r, 0);
  t.first_seq = int64_at(r, 1);
  t.last_seq = int64_at(r, 2);
  t.effects = r.get<std::string>(3);
  t.observers = r.get<std::string>(4);
  auto status = r.get<std::string>(5);
  auto s = task_status_from(status);
  if (!s) undecodable("observer_tasks", std::to_string(t.id), "status", status);
  t.status = *s;
  t.attempts = int_at(r, 6);
  t.next_attempt_at = instant_of(int64_at(r, 7));
  t.created_at = instant_of(int64_at(r, 8));
  t.claimed_by = r.get<std::string>(9);
  t.lease_until = instant_of(int64_at(r, 10));
  t.last_error = r.get<std::string>(11);
  if (long long finished = int64_at(r, 12)) t.finished_at = instant_of(finished);
  return t;
}

}  // namespace

void SociTasks::add(ObserverTask& t) {
  guarded("tasks.add", [&] {
    long long first = t.first_seq, last = t.last_seq, next = seconds_of(t.next_attempt_at),
              created = seconds_of(t.created_at), id = 0;
    std::string status(to_string(t.status));
    session_ << "INSERT INTO observer_tasks (county_id, first_seq, last_seq, effects, observers,"
                " status, next_attempt_at, created_at) VALUES (:county, :f, :l, :e, :o, :s, :n,"
                " :c) RETURNING id",
        soci::use(county_), soci::use(first), soci::use(last), soci::use(t.effects),
        soci::use(t.observers), soci::use(status), soci::use(next), soci::use(created),
        soci::into(id);
    t.id = id;
  });
}

std::vector<ObserverTask> SociTasks::select(const std::string& where_and_tail,
                                            std::optional<long long> bound) {
  std::vector<ObserverTask> out;
  long long b = bound.value_or(0);
  const auto sql = std::string(kColumns) + "WHERE county_id = :c " + where_and_tail;
  soci::rowset<soci::row> rows = bound ? (session_.prepare << sql, soci::use(county_), soci::use(b))
                                       : (session_.prepare << sql, soci::use(county_));
  for (const auto& r : rows) out.push_back(task_from(r));
  return out;
}

std::vector<ObserverTask> SociTasks::claim(Instant now, const Lease& lease, std::size_t limit) {
  return guarded("tasks.claim", [&] {
    long long at = seconds_of(now), until = seconds_of(lease.until), id = 0;
    std::string node = lease.node;
    std::vector<long long> ids;
    {
      soci::rowset<soci::row> rows =
          (session_.prepare << std::string("SELECT id FROM observer_tasks WHERE county_id = :c"
                                           " AND ") +
                                   kRunnable + " ORDER BY id LIMIT " + std::to_string(limit) +
                                   backend_.skip_locked(),
           soci::use(county_), soci::use(at), soci::use(at));
      for (const auto& r : rows) ids.push_back(int64_at(r, 0));
    }
    // Only what is still runnable: a task another process claimed meanwhile is left to it.
    soci::statement st =
        (session_.prepare << std::string("UPDATE observer_tasks SET status = 'running',"
                                         " claimed_by = :node, lease_until = :until,"
                                         " attempts = attempts + 1 WHERE id = :id AND ") +
                                 kRunnable,
         soci::use(node), soci::use(until), soci::use(id), soci::use(at), soci::use(at));
    std::vector<ObserverTask> claimed;
    for (auto i : ids) {
      id = i;
      st.execute(true);
      if (st.get_affected_rows() != 1) continue;
      auto t = select("AND id = :id", i);
      if (!t.empty()) claimed.push_back(std::move(t.front()));
    }
    return claimed;
  });
}

void SociTasks::finish(std::int64_t id, const std::string& node, Instant at) {
  guarded("tasks.finish", [&] {
    long long key = id, when = seconds_of(at);
    session_ << "UPDATE observer_tasks SET status = 'done', finished_at = :at, last_error = '',"
                " claimed_by = '', lease_until = 0 WHERE id = :id AND status = 'running' AND"
                " claimed_by = :node",
        soci::use(when), soci::use(key), soci::use(node);
  });
}

void SociTasks::fail(std::int64_t id, const std::string& node, const std::string& observers,
                     const std::string& error, std::optional<Instant> retry_at, Instant at) {
  guarded("tasks.fail", [&] {
    long long key = id, next = retry_at ? seconds_of(*retry_at) : 0,
              finished = retry_at ? 0 : seconds_of(at);
    std::string status = retry_at ? "retrying" : "dead";
    session_ << "UPDATE observer_tasks SET status = :st, observers = :o, last_error = :err,"
                " next_attempt_at = :next, finished_at = :fin, claimed_by = '', lease_until = 0"
                " WHERE id = :id AND status = 'running' AND claimed_by = :node",
        soci::use(status), soci::use(observers), soci::use(error), soci::use(next),
        soci::use(finished), soci::use(key), soci::use(node);
  });
}

bool SociTasks::retry(std::int64_t id, Instant now) {
  return guarded("tasks.retry", [&] {
    long long key = id, at = seconds_of(now);
    soci::statement st = (session_.prepare << "UPDATE observer_tasks SET status = 'pending',"
                                              " attempts = 0, next_attempt_at = :at,"
                                              " finished_at = 0 WHERE id = :id AND status = 'dead'",
                          soci::use(at), soci::use(key));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

std::optional<ObserverTask> SociTasks::find(std::int64_t id) {
  return guarded("tasks.find", [&]() -> std::optional<ObserverTask> {
    auto t = select("AND id = :id", id);
    if (t.empty()) return std::nullopt;
    return t.front();
  });
}

std::vector<ObserverTask> SociTasks::list(const TaskFilter& f) {
  return guarded("tasks.list", [&] {
    std::string where;
    if (f.status) where = "AND status = '" + std::string(to_string(*f.status)) + "' ";
    return select(where + "ORDER BY id DESC LIMIT " + std::to_string(f.limit), std::nullopt);
  });
}

std::vector<std::pair<TaskStatus, std::int64_t>> SociTasks::counts() {
  return guarded("tasks.counts", [&] {
    std::vector<std::pair<TaskStatus, std::int64_t>> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT status, COUNT(*) FROM observer_tasks WHERE county_id = :c"
                             " GROUP BY status ORDER BY status",
         soci::use(county_));
    for (const auto& r : rows) {
      auto text = r.get<std::string>(0);
      auto s = task_status_from(text);
      if (!s) undecodable("observer_tasks", "*", "status", text);
      out.emplace_back(*s, int64_at(r, 1));
    }
    return out;
  });
}

// Every county's: finished tasks are kept for the same time whatever their county.
std::int64_t SociTasks::prune(Instant before) {
  return guarded("tasks.prune", [&] {
    long long at = seconds_of(before);
    soci::statement st = (session_.prepare << "DELETE FROM observer_tasks WHERE status = 'done'"
                                              " AND finished_at < :at",
                          soci::use(at));
    st.execute(true);
    return static_cast<std::int64_t>(st.get_affected_rows());
  });
}

}  // namespace duban::store
