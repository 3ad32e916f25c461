#pragma once
// Observer tasks in a SOCI database (table observer_tasks).
#include <soci/soci.h>

#include "store/repositories.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

class SociTasks final : public TaskRepository {
 public:
  SociTasks(soci::session& session, const SqlBackend& backend, const long long& county)
      : session_(session), backend_(backend), county_(county) {}
  void add(ObserverTask& task) override;
  std::vector<ObserverTask> claim(Instant now, const Lease& lease, std::size_t limit) override;
  void finish(std::int64_t id, const std::string& node, Instant at) override;
  void fail(std::int64_t id, const std::string& node, const std::string& observers,
            const std::string& error, std::optional<Instant> retry_at, Instant at) override;
  bool retry(std::int64_t id, Instant now) override;
  std::optional<ObserverTask> find(std::int64_t id) override;
  std::vector<ObserverTask> list(const TaskFilter& filter) override;
  std::vector<std::pair<TaskStatus, std::int64_t>> counts() override;
  std::int64_t prune(Instant before) override;

 private:
  std::vector<ObserverTask> select(const std::string& where_and_tail,
                                   std::optional<long long> bound);
  soci::session& session_;
  const SqlBackend& backend_;
  const long long& county_;
};

}  // namespace duban::store
