// 添加整改事项: a problem becomes an item in state identified (已发现).
#include "app/clean_requests.hpp"
#include "app/denials.hpp"
#include "app/input_dates.hpp"
#include "app/item_cases.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/reminders.hpp"
#include "app/resolve_unit.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

ItemSource parse_source(const std::string& text) {
  if (auto source = item_source_from(text)) return *source;
  throw Error(
      Errc::invalid_argument,
      {"无效来源:" + text + "(国家/省级/市级/县级/自查)",
       "invalid source: " + text + " (national, provincial, municipal, county, self_inspection)"});
}

namespace {
RectificationItem add_item_refusable(Services& services, const AddItem& raw) {
  const auto request = cleaned(raw);
  Transaction tx(services, store::Intent::write);
  auto actor = require_actor(tx.directory(), request.actor);
  require_access(actor, {Access::leading_group, Access::evaluator, Access::supervision},
                 {"添加整改事项", "add an item"});
  if (request.title.empty()) {
    throw Error(Errc::missing_field,
                {"问题(--title)不能为空", "the problem (--title) is required"});
  }
  RectificationItem item;
  item.round = request.round.empty()
                   ? ""
                   : input_round(request.round, services.config.plausible_years).str();
  item.source = parse_source(request.source);
  item.category = request.category;
  item.title = request.title;
  item.manifestation = request.manifestation;
  item.unit = resolve_unit(tx.directory(), request.unit);
  auto now = services.clock.now();
  // The entry first (it names the new id), then the row that keeps the entry's seq and hash.
  item.id = tx.items().next_id();
  auto entry = journal_entry(now, actor.id, item_subject(item.id), "create", "",
                             std::string(to_string(item.state)));
  entry.changes = creation_changes(item);
  auto link = tx.record(std::move(entry));
  item.journal_seq = link.seq;
  item.journal_hash = std::move(link.hash);
  arm_new_item(services.config, item, now);
  tx.items().insert(item, now);
  item.version = 1;
  tx.commit();
  return item;
}
}  // namespace

RectificationItem add_item(Services& services, const AddItem& raw) {
  return recording_refusals(services, {raw.actor, "item add", ""},
                            [&] { return add_item_refusable(services, raw); });
}

}  // namespace duban::app
