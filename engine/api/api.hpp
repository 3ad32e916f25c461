#pragma once
// The REST API under /api/v1: thin adapters over app/, with login, per-request
// language, problem details, rate limits and idempotent retries. The routes are grouped by
// resource in api/*_routes.cpp; this is what they share.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/metrics.hpp"
#include "api/page_cache.hpp"
#include "api/problem.hpp"
#include "api/router.hpp"
#include "api/web_assets.hpp"
#include "app/idempotent_requests.hpp"
#include "app/services.hpp"
#include "domain/sweep.hpp"

namespace duban::api {

struct ApiOptions {
  int login_failures = 5;                    ///< per user and per address within the window
  std::chrono::seconds login_window{900};    ///< then 429 with Retry-After until it passes
  int login_token_days = 1;                  ///< a login's token lasts this long
  double requests_per_second = 50;           ///< per token, sustained
  int burst = 200;                           ///< per token, at once
  std::size_t upload_bytes = 20u << 20;      ///< an evidence file
  std::size_t page_cache_bytes = 64u << 20;  ///< item lists kept while nothing changes; 0: none
  /// Reverse proxies: from these peers, the last hop of X-Forwarded-For is the client's address.
  std::vector<std::string> trusted_proxies;
  /// The dashboard's assets, answered under /ui/ (none: /ui/ says they were not built).
  std::shared_ptr<const WebAssets> web;
};

/// Counts events per key within a sliding window (login failures).
class Throttle {
 public:
  Throttle(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}
  /// How long until `key` may try again, when it has reached the limit.
  std::optional<std::chrono::seconds> blocked(const std::string& key, Instant now);
  void count(const std::string& key, Instant now);
  void clear(const std::string& key);

 private:
  int limit_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::vector<Instant>> hits_;
};

/// A token bucket per key (requests per token).
class Buckets {
 public:
  Buckets(double per_second, int burst) : rate_(per_second), burst_(burst) {}
  /// 0 when the request may go now; otherwise the seconds to wait (rounded up).
  int take(const std::string& key, Instant now);

 private:
  struct Bucket {
    double tokens = 0;
    Instant at{};
  };
  double rate_;
  int burst_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

struct RouteContext {
  app::Services& services;
  /// The scheduler's last sweep, if it has swept yet.
  std::function<std::optional<SweepResult>()> last_sweep;
  ApiOptions options{};
};

/// What every route file is given.
struct ApiState {
  RouteContext context;
  Throttle login_users, login_addresses;
  Buckets requests;
  /// Idempotency keys: this process's name, how long it holds a request, how long answers stay.
  app::RequestOptions idempotency;
  Metrics metrics;
  PageCache pages;
  explicit ApiState(RouteContext c)
      : context(std::move(c)),
        login_users(context.options.login_failures, context.options.login_window),
        login_addresses(context.options.login_failures * 4, context.options.login_window),
        requests(context.options.requests_per_second, context.options.burst),
        idempotency{store::new_node_name(), std::chrono::seconds(60),
                    std::chrono::hours(context.services.config.server.idempotency_hours)},
        pages(4096, context.options.page_cache_bytes) {}
  app::Services& services() { return context.services; }
};

/// A route open to anyone, or one that needs a login (the user is put in the call).
Route open_route(std::function<Response(Call&)> route);
Route user_route(ApiState& state, std::function<Response(Call&)> route);

void add_auth_routes(Router& router, ApiState& state);
void add_item_routes(Router& router, ApiState& state);
void add_evidence_routes(Router& router, ApiState& state);
void add_sheet_routes(Router& router, ApiState& state);
void add_score_routes(Router& router, ApiState& state);
void add_admin_routes(Router& router, ApiState& state);
void add_round_routes(Router& router, ApiState& state);
void add_unit_routes(Router& router, ApiState& state);
void add_service_routes(Router& router, ApiState& state);
void add_survey_routes(Router& router, ApiState& state);

/// POST /api/v1/items/{id}/evidence and /api/v1/items/import: the bodies that may exceed 1 MiB.
bool is_evidence_upload(std::string_view target);
/// POST /api/v1/survey/{round}/photos: a photo, allowed the upload size.
bool is_survey_photo_upload(std::string_view target);

/// Every route: the API under /api/v1, and / and /healthz.
Router api_router(ApiState& state);

/// The client's address: the peer's, or the last X-Forwarded-For hop when the peer is a
/// trusted proxy (the hops before it are the client's own word).
std::string client_address(const Request& request, const std::vector<std::string>& trusted);

/// The language a request asks for (Accept-Language: zh or en, by q-value), if any.
std::optional<Lang> accepted_language(const std::string& header);

}  // namespace duban::api
