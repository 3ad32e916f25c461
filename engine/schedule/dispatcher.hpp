#pragma once
// The dispatcher: sends the outbox through the channel plugins. Several may share one database
// (a server and `duban remind` from cron, or several servers): each claims what it sends under a
// lease (its node, until when), and none sends what another holds. Each run
//   1. takes over and sends again the batches whose lease ran out (a dispatcher stopped mid-send
//      or hangs): same batch, same message id, so the peer can tell a repeat;
//   2. takes the deliveries due (pending, or retrying whose time came), holds SMS in quiet hours,
//      falls back to e-mail where a channel is not loaded, groups the rest by person and channel
//      (one message per person per run, listing all their reminders), and claims each group as a
//      batch in one transaction before anything is sent (what another dispatcher claimed first
//      is left to it);
//   3. sends each batch and records the outcome: sent; retrying after an exponential backoff with
//      jitter (or the peer's Retry-After); dead after dispatch.max_attempts or a permanent
//      refusal, with an e-mail fallback recorded on the reminder.
// It runs on the scheduler's thread, never on the server's.
#include <functional>
#include <optional>
#include <string>

#include "clock/clock.hpp"
#include "config/config.hpp"
#include "plugin/registry.hpp"
#include "store/repositories.hpp"

namespace duban::schedule {

struct DispatchReport {
  int messages = 0;   ///< messages handed to a channel
  int sent = 0;       ///< of those, accepted
  int retrying = 0;   ///< failed for now
  int dead = 0;       ///< given up
  int held = 0;       ///< deliveries held (quiet hours, channel not loaded)
  int fallbacks = 0;  ///< e-mail deliveries added in place of another channel
};

class Dispatcher {
 public:
  using Log = std::function<void(const std::string&)>;
  Dispatcher(store::Store& store, const config::Config& config, const Clock& clock,
             plugin::Registry& channels, Log log);
  DispatchReport run_once();
  /// The delay before attempt `attempts + 1` of `batch`: backoff_seconds * 2^(attempts-1), at most
  /// max_backoff_seconds, times a jitter in [0.8, 1.2) that is fixed per batch and attempt.
  std::chrono::seconds backoff(const std::string& batch, int attempts) const;
  /// This dispatcher's name in the claims it makes (host, process and a random part).
  const std::string& node() const { return node_; }
  /// How long a claim holds: dispatch.lease_seconds, or twice the send timeout and a minute more.
  std::chrono::seconds lease() const;

 private:
  void send_batch(const std::string& batch, const std::vector<Delivery>& deliveries,
                  DispatchReport& report);
  void fall_back(const Delivery& failed, const std::string& why, DispatchReport& report);
  /// Takes `batch` (or renews this dispatcher's own lease on it) just before it is sent.
  bool take_over(const std::string& batch);
  store::Store& store_;
  const config::Config& config_;
  const Clock& clock_;
  plugin::Registry& channels_;
  Log log_;
  std::string node_;
};

}  // namespace duban::schedule
