#pragma once
// Evidence records in a SOCI database (the files themselves: store/evidence_files.hpp).
#include <soci/soci.h>

#include "store/repositories.hpp"

namespace duban::store {

class SociEvidence final : public EvidenceRepository {
 public:
  /// `county`: whose rows (read as each statement runs; store/soci_store.cpp sets it).
  SociEvidence(soci::session& session, const long long& county)
      : session_(session), county_(county) {}
  void add(EvidenceRecord& record) override;
  std::optional<EvidenceRecord> find(std::int64_t id) override;
  std::vector<EvidenceRecord> of_item(std::int64_t item) override;
  std::vector<EvidenceRecord> all() override;

 private:
  std::vector<EvidenceRecord> select(const std::string& where, long long key);
  soci::session& session_;
  const long long& county_;
};

}  // namespace duban::store
