#include "schedule/dispatcher.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "schedule/render.hpp"

namespace duban::schedule {

namespace {

// The end of SMS quiet hours after `now` if `now` falls in them.
std::optional<Instant> quiet_until(const config::DispatchConfig& d, Instant now, ZoneOffset zone) {
  if (!d.sms_quiet_hours) return std::nullopt;
  auto [from, to] = *d.sms_quiet_hours;
  auto local = now.time_since_epoch() + zone.offset;
  auto day = std::chrono::floor<std::chrono::days>(local);
  auto minute = std::chrono::duration_cast<std::chrono::minutes>(local - day);
  bool quiet = from <= to ? (minute >= from && minute < to) : (minute >= from || minute < to);
  if (!quiet) return std::nullopt;
  auto end_day = (from > to && minute >= from) ? day + std::chrono::days{1} : day;
  return Instant{std::chrono::duration_cast<std::chrono::seconds>(end_day + to - zone.offset)};
}

const Contact* find_contact(const config::Config& c, const std::string& unit,
                            const std::string& name) {
  for (const auto& u : c.units) {
    if (u.id != unit) continue;
    for (const auto& p : u.contacts)
      if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace

Dispatcher::Dispatcher(store::Store& store, const config::Config& config, const Clock& clock,
                       plugin::Registry& channels, Log log)
    : store_(store),
      config_(config),
      clock_(clock),
      channels_(channels),
      log_(std::move(log)),
      node_(store::new_node_name()) {}

std::chrono::seconds Dispatcher::lease() const {
  if (config_.dispatch.lease_seconds > 0)
    return std::chrono::seconds(config_.dispatch.lease_seconds);
  return std::chrono::seconds(2 * config_.dispatch.send_timeout_seconds + 60);
}

std::chrono::seconds Dispatcher::backoff(const std::string& batch, int attempts) const {
  const auto& d = config_.dispatch;
  double base = d.backoff_seconds;
  for (int i = 1; i < attempts && base < d.max_backoff_seconds; ++i) base *= 2;
  base = std::min(base, static_cast<double>(d.max_backoff_seconds));
  std::mt19937 rng(static_cast<std::uint32_t>(std::hash<std::string>{}(batch)) ^
                   static_cast<std::uint32_t>(attempts * 2654435761u));
  double jitter = 0.8 + 0.4 * std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  return std::chrono::seconds{static_cast<long long>(base * jitter)};
}

void Dispatcher::fall_back(const Delivery& failed, const std::string& why, DispatchReport& report) {
  if (failed.channel == "email") return;
  const auto* contact = find_contact(config_, failed.unit, failed.recipient);
  auto uow = store_.begin(store::Intent::write);
  auto reminder = uow->outbox().reminder(failed.reminder_id);
  if (!contact || contact->email.empty() || !reminder) {
    uow->commit();
    return;
  }
  Delivery d = failed;
  d.id = 0;
  d.channel = "email";
  d.address = contact->email;
  d.status = DeliveryStatus::pending;
  d.attempts = 0;
  d.batch.clear();
  d.last_error.clear();
  d.next_attempt_at = clock_.now();
  d.fallback_of = failed.id;
  uow->outbox().add_delivery(d);
  if (failed.status != DeliveryStatus::dead) {
    // Replaced either way: by the new e-mail, or by the e-mail the person gets already.
    uow->outbox().replace(failed.id, d.id != 0
                                         ? "改发邮件 / replaced by e-mail #" + std::to_string(d.id)
                                         : "已有邮件 / e-mail already queued");
  }
  uow->commit();
  if (d.id != 0) {
    ++report.fallbacks;
    log_(Text{failed.recipient + " 的" + failed.channel + "(" + failed.address + ")" + why +
                  ",改发邮件 " + contact->email,
              failed.channel + " to " + failed.recipient + " (" + failed.address + ") " + why +
                  "; e-mail to " + contact->email + " instead"}
             .str());
  }
}

void Dispatcher::send_batch(const std::string& batch, const std::vector<Delivery>& deliveries,
                            DispatchReport& report) {
  std::vector<QueuedReminder> reminders;
  {
    auto uow = store_.begin(store::Intent::read);
    for (const auto& d : deliveries)
      if (auto r = uow->outbox().reminder(d.reminder_id)) reminders.push_back(*r);
    uow->commit();
  }
  const auto& first = deliveries.front();
  auto message = render_message("duban-" + batch, first, reminders, config_);
  auto timeout = std::chrono::milliseconds(config_.dispatch.send_timeout_seconds * 1000LL);
  auto result = channels_.send(first.channel, message, timeout);
  ++report.messages;
  const int attempts = first.attempts + 1;
  auto uow = store_.begin(store::Intent::write);
  auto now = clock_.now();
  if (result.status == plugin::SendStatus::sent) {
    uow->outbox().mark_sent(batch, node_, now);
    uow->commit();
    ++report.sent;
    return;
  }
  bool give_up =
      result.status == plugin::SendStatus::permanent || attempts >= config_.dispatch.max_attempts;
  if (give_up) {
    uow->outbox().mark_failed(batch, node_, result.detail, std::nullopt);
    uow->commit();
    uow.reset();  // its connection back to the pool: each fallback writes in a unit of its own
    ++report.dead;
    log_(Text{"发送失败,不再重试(" + first.channel + " → " + first.address + "):" + result.detail,
              "delivery dead (" + first.channel + " to " + first.address + "): " + result.detail}
             .str());
    for (const auto& d : deliveries) {
      fall_back(d,
                result.status == plugin::SendStatus::permanent ? "被拒收 / refused"
                                                               : "多次失败 / failed repeatedly",
                report);
    }
    return;
  }
  auto wait = backoff(batch, attempts);
  if (result.retry_after_seconds && std::chrono::seconds{*result.retry_after_seconds} > wait) {
    wait = std::chrono::seconds{*result.retry_after_seconds};
  }
  uow->outbox().mark_failed(batch, node_, result.detail, now + wait);
  uow->commit();
  ++report.retrying;
}

bool Dispatcher::take_over(const std::string& batch) {
  // Its own unit of work, ended before the batch is sent: sending (and an e-mail fallback, which
  // writes) takes connections of its own from the pool.
  auto uow = store_.begin(store::Intent::write);
  const auto at = clock_.now();
  const bool mine = uow->outbox().take_over(batch, {node_, at + lease()}, at);
  uow->commit();
  return mine;
}

DispatchReport Dispatcher::run_once() {
  DispatchReport report;
  // 1. Batches whose dispatcher stopped (or hangs) past its lease: the same batch again, taken
  // over first so that only one dispatcher sends it.
  std::map<std::string, std::vector<Delivery>> batches;
  {
    auto uow = store_.begin(store::Intent::read);
    for (auto& d : uow->outbox().expired_claims(clock_.now())) {
      batches[d.batch].push_back(std::move(d));
    }
    uow->commit();
  }
  for (const auto& [batch, ds] : batches) {
    if (!channels_.has_channel(ds.front().channel)) continue;
    if (take_over(batch)) send_batch(batch, ds, report);
  }
  // 2. What is due now, grouped by person and channel, claimed before it is sent.
  auto now = clock_.now();
  std::map<std::pair<std::string, std::string>, std::vector<Delivery>> groups;
  {
    auto uow = store_.begin(store::Intent::write);
    auto due = uow->outbox().sendable(now, 5000);
    std::vector<std::int64_t> quiet, unavailable;
    auto quiet_end = quiet_until(config_.dispatch, now, config_.zone);
    std::vector<Delivery> no_channel;
    for (auto& d : due) {
      if (d.channel == "sms" && quiet_end) {
        quiet.push_back(d.id);
      } else if (!channels_.has_channel(d.channel)) {
        unavailable.push_back(d.id);
        no_channel.push_back(d);
      } else {
        groups[{d.channel, d.address}].push_back(std::move(d));
      }
    }
    if (!quiet.empty()) uow->outbox().postpone(quiet, *quiet_end);
    // A channel that is not loaded: looked at again in 10 minutes (nothing is lost).
    if (!unavailable.empty()) uow->outbox().postpone(unavailable, now + std::chrono::minutes(10));
    report.held = static_cast<int>(quiet.size() + unavailable.size());
    const store::Lease lease{node_, now + this->lease()};
    for (auto it = groups.begin(); it != groups.end();) {
      auto& ds = it->second;
      std::vector<std::int64_t> ids;
      for (const auto& d : ds) ids.push_back(d.id);
      auto batch = "b" + std::to_string(*std::min_element(ids.begin(), ids.end()));
      auto claimed = uow->outbox().claim(ids, batch, lease);
      // Another dispatcher claimed some first: they are its to send.
      std::erase_if(ds, [&](const Delivery& d) {
        return std::find(claimed.begin(), claimed.end(), d.id) == claimed.end();
      });
      for (auto& d : ds) d.batch = batch;
      it = ds.empty() ? groups.erase(it) : std::next(it);
    }
    uow->commit();
    // Not loaded at all, e-mail is: the person is told by e-mail instead (recorded).
    if (channels_.has_channel("email")) {
      for (const auto& d : no_channel) {
        if (!d.fallback_of) fall_back(d, "通道未加载 / channel not loaded", report);
      }
    }
  }
  // Sent one after another: each batch's lease is renewed just before it is sent, so a batch
  // whose lease ran out while the ones before it were sent is sent by whoever holds it now (this
  // dispatcher, or the one that took it over), never by both.
  for (const auto& [key, ds] : groups) {
    if (take_over(ds.front().batch)) send_batch(ds.front().batch, ds, report);
  }
  return report;
}

}  // namespace duban::schedule
