// The events a user may send to an item now: the same decision as item_change's (permissions and
// the item machine's rows and guards), with the details a person would fill in.
#include <chrono>

#include "app/item_change_core.hpp"
#include "domain/errors.hpp"

namespace duban::app {

std::vector<ItemEventKind> offered_events(const config::Config& config, const User& actor,
                                          const RectificationItem& item, Instant now) {
  using namespace std::chrono;
  const auto today = sys_days{local_date(now, config.zone)};
  const auto later = [&](std::optional<Date> from) {
    auto base = from && sys_days{*from} > today ? sys_days{*from} : today;
    return Date{base + days{30}};
  };
  const std::string filled = "-";  // what a person writes where a text is required
  std::vector<ItemEventKind> offered;
  for (int k = 0; k <= static_cast<int>(ItemEventKind::report); ++k) {
    const auto kind = static_cast<ItemEventKind>(k);
    ChangeItem request{
        .actor = actor.id, .id = item.id, .event = kind, .reason = filled, .result = filled};
    std::optional<Date> due;
    if (kind == ItemEventKind::assign || kind == ItemEventKind::reassign) {
      request.owner = item.owner;  // another owner (a reassignment changes something)
      request.owner += '-';
      request.measures = item.measures.empty() ? filled : item.measures;
      if (!item.standing) due = later(item.due);
    } else if (kind == ItemEventKind::extend) {
      due = later(item.due);
    }
    try {
      decide_item_change(config, actor, item, request, "", due, now);
      offered.push_back(kind);
    } catch (const Error&) {
      // refused: not offered
    }
  }
  return offered;
}

}  // namespace duban::app
