#include "store/requests.hpp"

#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

namespace {

long long seconds_of(Instant at) { return at.time_since_epoch().count(); }
Instant instant_of(long long seconds) { return Instant{std::chrono::seconds{seconds}}; }

}  // namespace

std::optional<RequestRecord> SociRequests::find(const std::string& user, const std::string& key) {
  return guarded("requests.find", [&]() -> std::optional<RequestRecord> {
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT fingerprint, node, lease_until, created_at, expires_at,"
                             " acted, done, status, headers, body, body_base64"
                             " FROM idempotent_requests WHERE county_id = :c AND user_id = :u"
                             " AND request_key = :k",
         soci::use(county_), soci::use(user), soci::use(key));
    for (const auto& r : rows) {
      RequestRecord x;
      x.user = user;
      x.key = key;
      x.fingerprint = r.get<std::string>(0);
      x.node = r.get<std::string>(1);
      x.lease_until = instant_of(int64_at(r, 2));
      x.created_at = instant_of(int64_at(r, 3));
      x.expires_at = instant_of(int64_at(r, 4));
      x.acted = int_at(r, 5) != 0;
      x.done = int_at(r, 6) != 0;
      x.status = int_at(r, 7);
      x.headers = r.get<std::string>(8);
      x.body = r.get<std::string>(9);
      x.body_base64 = int_at(r, 10) != 0;
      return x;
    }
    return std::nullopt;
  });
}

void SociRequests::start(const RequestRecord& x) {
  guarded("requests.start", [&] {
    long long lease = seconds_of(x.lease_until), created = seconds_of(x.created_at),
              expires = seconds_of(x.expires_at);
    session_ << "DELETE FROM idempotent_requests WHERE county_id = :c AND user_id = :u"
                " AND request_key = :k",
        soci::use(county_), soci::use(x.user), soci::use(x.key);
    session_ << "INSERT INTO idempotent_requests (county_id, user_id, request_key, fingerprint,"
                " node, lease_until, created_at, expires_at) VALUES (:county, :u, :k, :f, :n,"
                " :l, :c, :e)",
        soci::use(county_), soci::use(x.user), soci::use(x.key), soci::use(x.fingerprint),
        soci::use(x.node), soci::use(lease), soci::use(created), soci::use(expires);
  });
}

void SociRequests::mark_acted(const std::string& user, const std::string& key) {
  guarded("requests.mark_acted", [&] {
    session_ << "UPDATE idempotent_requests SET acted = 1 WHERE county_id = :c AND"
                " user_id = :u AND request_key = :k",
        soci::use(county_), soci::use(user), soci::use(key);
  });
}

void SociRequests::finish(const RequestRecord& x) {
  guarded("requests.finish", [&] {
    int status = x.status, base64 = x.body_base64 ? 1 : 0;
    session_ << "UPDATE idempotent_requests SET done = 1, status = :s, headers = :h, body = :b,"
                " body_base64 = :b64, node = '', lease_until = 0"
                " WHERE county_id = :c AND user_id = :u AND request_key = :k AND node = :n"
                " AND done = 0",
        soci::use(status), soci::use(x.headers), soci::use(x.body), soci::use(base64),
        soci::use(county_), soci::use(x.user), soci::use(x.key), soci::use(x.node);
  });
}

void SociRequests::forget(const std::string& user, const std::string& key,
                          const std::string& node) {
  guarded("requests.forget", [&] {
    session_ << "DELETE FROM idempotent_requests WHERE county_id = :c AND user_id = :u AND"
                " request_key = :k AND node = :n AND acted = 0 AND done = 0",
        soci::use(county_), soci::use(user), soci::use(key), soci::use(node);
  });
}

// Every county's: an answer's expiry does not depend on its county.
std::int64_t SociRequests::prune(Instant now) {
  return guarded("requests.prune", [&] {
    long long at = seconds_of(now);
    soci::statement st = (session_.prepare << "DELETE FROM idempotent_requests"
                                              " WHERE expires_at <= :now",
                          soci::use(at));
    st.execute(true);
    return static_cast<std::int64_t>(st.get_affected_rows());
  });
}

}  // namespace duban::store
