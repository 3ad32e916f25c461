#include "app/idempotent_requests.hpp"

#include <atomic>
#include <nlohmann/json.hpp>

#include "app/transaction.hpp"
#include "domain/base64.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

namespace {

thread_local ActingOn* acting_now = nullptr;

KeptAnswer answer_of(const store::RequestRecord& r) {
  KeptAnswer a;
  a.status = r.status;
  a.body = r.body_base64 ? from_base64(r.body) : r.body;
  auto headers = nlohmann::json::parse(r.headers, nullptr, false);
  if (headers.is_array()) {
    for (const auto& h : headers) {
      if (!h.is_array() || h.size() != 2) continue;
      auto name = h[0].get<std::string>(), value = h[1].get<std::string>();
      if (name == "Content-Type") {
        a.content_type = value;
      } else {
        a.headers.emplace_back(name, value);
      }
    }
  }
  return a;
}

// Expired keys go at most once every ten minutes per process, with a request's own write.
bool prune_due(Instant now) {
  static std::atomic<long long> last{0};
  long long at = now.time_since_epoch().count(), before = last.load();
  return at - before >= 600 && last.compare_exchange_strong(before, at);
}

}  // namespace

RequestStart begin_request(Services& services, const RequestKey& key,
                           const RequestOptions& options) {
  Transaction tx(services, store::Intent::write);
  const auto now = services.clock.now();
  auto& requests = tx.requests();
  if (prune_due(now)) requests.prune(now);
  RequestStart start;
  auto found = requests.find(key.user, key.key);
  if (found && found->expires_at > now) {
    if (found->fingerprint != key.fingerprint) {
      start.outcome = RequestOutcome::mismatch;
      return start;
    }
    if (found->done) {
      start.outcome = RequestOutcome::replay;
      start.answer = answer_of(*found);
      return start;
    }
    if (found->acted) {
      start.outcome = RequestOutcome::lost;
      return start;
    }
    if (found->lease_until > now) {
      start.outcome = RequestOutcome::busy;
      start.retry_after =
          std::max(std::chrono::seconds(1),
                   std::chrono::duration_cast<std::chrono::seconds>(found->lease_until - now));
      return start;
    }
    // Its process let it go without acting (stopped before any commit): carried out here.
  }
  store::RequestRecord r;
  r.user = key.user;
  r.key = key.key;
  r.fingerprint = key.fingerprint;
  r.node = options.node;
  r.created_at = now;
  r.lease_until = now + options.lease;
  r.expires_at = now + options.keep;
  requests.start(r);
  tx.commit();
  return start;
}

void finish_request(Services& services, const RequestKey& key, const RequestOptions& options,
                    const KeptAnswer& answer) {
  store::RequestRecord r;
  r.user = key.user;
  r.key = key.key;
  r.node = options.node;
  r.status = answer.status;
  nlohmann::json headers = nlohmann::json::array();
  headers.push_back({"Content-Type", answer.content_type});
  for (const auto& [name, value] : answer.headers) headers.push_back({name, value});
  r.headers = headers.dump();
  const bool text = !invalid_utf8_at(answer.body) && answer.body.find('\0') == std::string::npos;
  r.body = text ? answer.body : to_base64(answer.body);
  r.body_base64 = !text;
  Transaction tx(services, store::Intent::write);
  tx.requests().finish(r);
  tx.commit();
}

void forget_request(Services& services, const RequestKey& key, const RequestOptions& options) {
  Transaction tx(services, store::Intent::write);
  tx.requests().forget(key.user, key.key, options.node);
  tx.commit();
}

ActingOn::ActingOn(const RequestKey& key) : key_(key), outer_(acting_now) { acting_now = this; }

ActingOn::~ActingOn() { acting_now = outer_; }

ActingOn* ActingOn::current() { return acting_now; }

}  // namespace duban::app
