#pragma once
// Idempotency keys and their answers in a SOCI database (table idempotent_requests).
#include <soci/soci.h>

#include "store/repositories.hpp"

namespace duban::store {

class SociRequests final : public RequestRepository {
 public:
  /// `county`: whose rows (read as each statement runs; store/soci_store.cpp sets it).
  SociRequests(soci::session& session, const long long& county)
      : session_(session), county_(county) {}
  std::optional<RequestRecord> find(const std::string& user, const std::string& key) override;
  void start(const RequestRecord& record) override;
  void mark_acted(const std::string& user, const std::string& key) override;
  void finish(const RequestRecord& record) override;
  void forget(const std::string& user, const std::string& key, const std::string& node) override;
  std::int64_t prune(Instant now) override;

 private:
  soci::session& session_;
  const long long& county_;
};

}  // namespace duban::store
