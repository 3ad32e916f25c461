// The open and overdue items day by day (the dashboard's trend): what the server's sweep and
// `duban remind` counted. County-wide figures: for those who read the whole county.
#include <chrono>

#include "app/denials.hpp"
#include "app/item_search.hpp"
#include "app/permissions.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

std::vector<store::DayCounts> item_trend(Services& services, const std::string& actor, int days) {
  return recording_refusals(services, {actor, "items trend", ""}, [&] {
    if (days < 1 || days > 366) {
      throw Error(Errc::invalid_argument, {"参数 days 应为 1 至 366:" + std::to_string(days),
                                           "days must be 1 to 366: " + std::to_string(days)});
    }
    Transaction tx(services, store::Intent::read);
    auto user = require_actor(tx.directory(), actor);
    require_access(user,
                   {Access::leading_group, Access::supervision, Access::evaluator, Access::admin,
                    Access::viewer},
                   {"查看全县逾期趋势", "read the county's overdue trend"});
    const auto today =
        std::chrono::sys_days{local_date(services.clock.now(), services.config.zone)};
    const auto from = format_date(Date{today - std::chrono::days(days - 1)});
    return tx.items().days(from);
  });
}

}  // namespace duban::app
