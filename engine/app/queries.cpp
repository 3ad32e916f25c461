#include "app/queries.hpp"

#include <map>
#include <vector>

#include "app/clean_requests.hpp"
#include "app/input_dates.hpp"
#include "app/item_cases.hpp"
#include "app/item_search.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/resolve_unit.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "app/visibility.hpp"
#include "domain/errors.hpp"

namespace duban::app {

ItemView item_view(const RectificationItem& item, const UnitIndex& units, Services& services) {
  ItemView v;
  v.item = item;
  v.unit_name = units.name_of(item.unit);
  // A suspended item's clock stands still: no colour, not overdue.
  if (item.due && awaits_rectification(item.state) && !item.is_suspended()) {
    auto due = end_of_day(*item.due, services.config.zone);
    auto now = services.clock.now();
    v.status = status_of(due, now, services.config.workflow.item_yellow_days);
    v.overdue = is_overdue(due, now);
  }
  const auto& ack = services.config.workflow.item_reminders.acknowledge_within;
  if (item.awaits_acknowledgement() && ack) {
    v.acknowledge_by =
        ack->deadline(*item.assigned_at, services.config.zone, services.config.calendar);
  }
  return v;
}

namespace {

ItemView find_view(Services& services, Transaction& tx, std::int64_t id,
                   const std::string& actor_id) {
  auto item = tx.items().find(id);
  if (!item) throw no_such_item(id);
  if (!actor_id.empty()) {
    auto actor = require_actor(tx.directory(), actor_id);
    require_sight(tx.directory(), actor, *item, {"查看该事项", "see this item"});
  }
  return item_view(*item, UnitIndex(tx.directory()), services);
}

// The units whose items the query may return: those the filter names (with their sub-units if
// asked) that the actor may see. Empty with `none` set: nothing may match.
std::vector<std::string> visible_units(Transaction& tx, const ItemQuery& q, bool& none) {
  none = false;
  std::vector<std::string> wanted;
  if (!q.unit.empty()) {
    auto unit = resolve_unit(tx.directory(), q.unit);
    wanted = q.sub_units ? with_sub_units(tx.directory(), unit) : std::vector{unit};
  }
  if (q.actor.empty()) return wanted;
  auto actor = require_actor(tx.directory(), q.actor);
  auto scope = item_scope(tx.directory(), actor);
  if (scope.all) return wanted;
  if (wanted.empty()) return scope.units;
  std::vector<std::string> both;
  for (const auto& u : wanted)
    if (scope.sees(u)) both.push_back(u);
  none = both.empty();
  return both;
}

}  // namespace

std::vector<ItemView> list_items(Services& services, const ItemQuery& raw) {
  const auto q = cleaned(raw);
  Transaction tx(services, store::Intent::read);
  store::ItemFilter f;
  if (!q.state.empty()) {
    f.state = item_state_from(q.state);
    if (!f.state) {
      throw Error(
          Errc::invalid_argument,
          {"无效状态:" + q.state + "(identified/assigned/rectified/verified/closed)",
           "invalid state: " + q.state + " (identified, assigned, rectified, verified, closed)"});
    }
  }
  bool none = false;
  f.units = visible_units(tx, q, none);
  if (none) return {};
  if (!q.round.empty()) f.round = parse_round(q.round).str();
  f.overdue = q.overdue;
  if (!q.due_before.empty()) {
    f.due_before = parse_date(q.due_before);
    if (!f.due_before) {
      throw Error(Errc::invalid_argument, {"日期格式应为 YYYY-MM-DD:" + q.due_before,
                                           "date must be YYYY-MM-DD: " + q.due_before});
    }
    require_plausible({"截止日期", "due before"}, *f.due_before, services.config.plausible_years);
  }
  f.now = services.clock.now();
  UnitIndex units(tx.directory());
  std::vector<ItemView> out;
  tx.items().for_each(
      f, [&](const RectificationItem& item) { out.push_back(item_view(item, units, services)); });
  return out;
}

ItemView show_item(Services& services, std::int64_t id, const std::string& actor) {
  Transaction tx(services, store::Intent::read);
  auto view = find_view(services, tx, id, actor);
  view.deadline_history =
      deadline_history(tx.journal().read(item_subject(id)), tx.outbox().rearmings());
  return view;
}

std::vector<JournalEntry> item_journal(Services& services, std::int64_t id,
                                       const std::string& actor) {
  Transaction tx(services, store::Intent::read);
  find_view(services, tx, id, actor);  // not_found for a wrong id
  return tx.journal().read(item_subject(id));
}

RoundView show_round(Services& services, const std::string& text) {
  auto id = parse_round(text);
  Transaction tx(services, store::Intent::read);
  RoundView view;
  view.record = require_round(tx, id);
  auto now = services.clock.now();
  for (const auto& record : view.record.steps) {
    StepView sv;
    sv.record = record;
    const auto& rule = services.config.workflow.rule(record.step);
    auto progress = unit_progress(tx, id, record.step, rule.reporting_kinds());
    sv.submitted = std::move(progress.submitted);
    sv.missing = std::move(progress.missing);
    if (auto due = parse_date(record.due_date); due && record.state != StepState::completed) {
      sv.status = status_of(end_of_day(*due, services.config.zone), now,
                            services.config.workflow.yellow_days);
    }
    view.steps.push_back(std::move(sv));
  }
  if (auto obs = parse_date(view.record.observation_date)) {
    view.observation_list_due = format_date(services.config.workflow.observation_list_due(*obs));
  }
  view.problems = tx.rounds().problems(id).size();
  return view;
}

std::vector<RoundRecord> list_rounds(Services& services) {
  Transaction tx(services, store::Intent::read);
  return tx.rounds().list();
}

std::vector<Unit> list_units(Services& services, const std::string& kind) {
  if (!kind.empty() && !unit_kind_from(kind)) {
    throw Error(
        Errc::invalid_argument,
        {"无效单位类型:" + kind + "(township/department/village/work_team/office)",
         "invalid unit kind: " + kind + " (township, department, village, work_team, office)"});
  }
  Transaction tx(services, store::Intent::read);
  auto units = tx.directory().list_units();
  if (!kind.empty()) {
    std::erase_if(units, [&](const Unit& u) { return to_string(u.kind) != kind; });
  }
  return units;
}

UnitView show_unit(Services& services, const std::string& id_or_name) {
  Transaction tx(services, store::Intent::read);
  auto id = resolve_unit(tx.directory(), id_or_name);
  return UnitView{*tx.directory().find_unit(id), tx.directory().users_of_unit(id)};
}

namespace {

// A stable fingerprint of the configured units and users (FNV-1a over their fields): not a
// security measure, only "has the configuration changed since the last sync".
std::string units_fingerprint(const std::vector<Unit>& units) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // field separator
    h *= 1099511628211ull;
  };
  for (const auto& u : units) {
    mix(u.id), mix(u.name), mix(std::string(to_string(u.kind))), mix(u.parent);
    mix(u.key ? "1" : "0");
    for (const auto& c : u.contacts) {
      mix(c.name), mix(c.role), mix(c.email), mix(c.phone), mix(c.user);
      mix(std::string(to_string(c.access)));
    }
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

InitResult sync(Services& services, bool force) {
  InitResult result;
  auto fingerprint = units_fingerprint(services.config.units);
  {
    Transaction read(services, store::Intent::read);
    result.changed = read.directory().synced_hash() != fingerprint;
  }
  if (result.changed || force) {
    Transaction tx(services, store::Intent::write);
    result.synced = tx.directory().sync(services.config.units);
    auto now = services.clock.now();
    for (const auto& [ids, event, before, after] :
         {std::tuple{&result.synced.deactivated_ids, "deactivate", "active", "inactive"},
          std::tuple{&result.synced.reactivated_ids, "reactivate", "inactive", "active"}}) {
      for (const auto& subject : *ids) {
        // The engine itself acts here, on the configuration's word.
        tx.record(journal_entry(now, "duban", subject, event, before, after,
                                "configuration: " + services.config.file.string()));
      }
    }
    tx.directory().set_synced_hash(fingerprint);
    tx.commit();
  }
  result.schema_version = services.store.schema_version();
  return result;
}

}  // namespace

InitResult init_database(Services& services) { return sync(services, true); }
InitResult sync_if_changed(Services& services) { return sync(services, false); }

}  // namespace duban::app

namespace duban::app {

ServiceFigures service_figures(Services& services) {
  Transaction tx(services, store::Intent::read);
  ServiceFigures f;
  f.items = tx.items().open_and_overdue(services.clock.now());
  f.deliveries = tx.outbox().counts();
  f.transitions = tx.journal().item_event_counts();
  f.tasks = tx.tasks().counts();
  f.observer_failures = services.post_commit.failures();
  return f;
}

}  // namespace duban::app
