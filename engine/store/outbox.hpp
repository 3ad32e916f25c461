#pragma once
// The outbox in a SOCI database: reminders and deliveries.
#include <soci/soci.h>

#include <memory>

#include "store/repositories.hpp"
#include "store/sql_backend.hpp"

namespace duban::store {

class SociOutbox final : public OutboxRepository {
 public:
  /// `county`: whose reminders (read as each statement runs; store/soci_store.cpp sets it).
  SociOutbox(soci::session& session, const SqlBackend& backend, const long long& county);
  ~SociOutbox() override;
  bool queue(QueuedReminder& reminder, std::vector<Delivery>& deliveries) override;
  int cancel(const std::string& subject, std::optional<Instant> keep_due,
             const std::string& reason) override;
  std::vector<Delivery> sendable(Instant now, std::size_t limit) override;
  std::vector<Delivery> expired_claims(Instant now) override;
  bool take_over(const std::string& batch, const Lease& lease, Instant now) override;
  std::vector<std::int64_t> claim(const std::vector<std::int64_t>& ids, const std::string& batch,
                                  const Lease& lease) override;
  void mark_sent(const std::string& batch, const std::string& node, Instant at) override;
  void mark_failed(const std::string& batch, const std::string& node, const std::string& error,
                   std::optional<Instant> retry_at) override;
  bool retry(std::int64_t delivery_id, Instant now) override;
  void replace(std::int64_t id, const std::string& note) override;
  void postpone(const std::vector<std::int64_t>& ids, Instant at) override;
  void add_delivery(Delivery& delivery) override;
  std::optional<QueuedReminder> reminder(std::int64_t id) override;
  std::optional<Delivery> delivery(std::int64_t id) override;
  std::vector<std::pair<QueuedReminder, Delivery>> list(const OutboxFilter& filter) override;
  std::vector<std::pair<DeliveryStatus, std::int64_t>> counts() override;
  std::string meta(const std::string& key) override;
  void set_meta(const std::string& key, const std::string& value) override;
  void record_rearming(const Rearming& rearming) override;
  std::vector<Rearming> rearmings() override;

 private:
  /// The deliveries matching `where` (with `bound` as its one parameter, if any), then `tail`.
  std::vector<Delivery> deliveries(const std::string& where, const std::string& tail,
                                   std::optional<long long> bound);
  struct Prepared;
  Prepared& prepared();
  soci::session& session_;
  const SqlBackend& backend_;
  const long long& county_;
  std::unique_ptr<Prepared> prepared_;
};

}  // namespace duban::store
