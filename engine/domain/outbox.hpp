#pragma once
// The outbox (发送队列): reminders that fell due, and their deliveries to people through channels.
// A reminder is written once, in the transaction that finds it due, under a unique key (subject,
// rung, due instant): the same reminder can never be queued twice. Each reminder has one delivery
// per recipient and channel; the dispatcher sends deliveries in batches (one message per person
// per run), retries with backoff, and marks them sent or dead.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"

namespace duban {

/// Every item's reminders armed again at `at` because the working-day calendar or the reminder
/// ladder changed (`what`, bilingual): it shows in the deadline history of the items it touched.
struct Rearming {
  Instant at{};
  std::string what;
  std::int64_t items = 0;
};

/// A reminder in the outbox. `subject` is "item:12", "step:2020-H1/4" or
/// "submission:2020-H1/3/longtan"; `rung` the policy rung's key ("before_3", "overdue#2").
struct QueuedReminder {
  std::int64_t id = 0;
  std::string subject, rung;
  Instant due_at{}, fire_at{}, queued_at{};
  bool escalation = false;
  std::string summary;  ///< JSON: what the message says about the subject (title, unit, due, …)
  std::string status = "queued";  ///< queued | cancelled
  std::string note;  ///< why some recipient could not be reached (no head configured, no address)
};

/// pending: waits to be sent; sending: claimed by a dispatch run (its batch is fixed); sent;
/// retrying: failed, tried again at next_attempt_at; dead: gave up (listed, retried by hand);
/// cancelled: the reminder no longer applies (item closed, deadline changed).
enum class DeliveryStatus { pending, sending, sent, retrying, dead, cancelled };
std::string_view to_string(DeliveryStatus status);
std::string_view label_zh(DeliveryStatus status);
std::optional<DeliveryStatus> delivery_status_from(std::string_view text);

struct Delivery {
  std::int64_t id = 0, reminder_id = 0;
  std::string recipient;  ///< the person's name
  std::string role;       ///< the RecipientRole they were chosen for
  std::string unit;       ///< the unit the person belongs to
  std::string channel;    ///< email, sms, webhook, …
  std::string address;    ///< e-mail address, phone number, …
  DeliveryStatus status = DeliveryStatus::pending;
  int attempts = 0;
  Instant next_attempt_at{};
  std::string batch;  ///< the message it goes out in: same batch, same Message-ID, on every retry
  std::string last_error;
  std::optional<std::int64_t> fallback_of;  ///< the delivery on another channel it replaces
  std::optional<Instant> sent_at;
};

}  // namespace duban
