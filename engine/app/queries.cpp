#include "app/queries.hpp"

#include <map>
#include <vector>

#include "app/item_cases.hpp"
#include "app/round_cases.hpp"
#include "domain/errors.hpp"
#include "store/units.hpp"

namespace duban::app {

namespace {

ItemView view_of(const RectificationItem& item, const std::map<std::string, std::string>& names,
                 Services& services) {
  ItemView v;
  v.item = item;
  auto it = names.find(item.unit);
  v.unit_name = it == names.end() ? item.unit : it->second;
  bool open = item.state == ItemState::identified || item.state == ItemState::assigned;
  if (item.due && open) {
    auto due = end_of_day(*item.due, services.config.zone);
    auto now = services.clock.now();
    v.status = status_of(due, now, services.config.workflow.item_yellow_days);
    v.overdue = is_overdue(due, now);
  }
  return v;
}

std::map<std::string, std::string> unit_names(Services& services) {
  std::map<std::string, std::string> names;
  for (const auto& u : store::list_units(services.store.session())) names[u.id] = u.name;
  return names;
}

}  // namespace

std::vector<ItemView> list_items(Services& services, const ItemQuery& q) {
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
  if (!q.unit.empty()) f.unit = resolve_unit(services, q.unit);
  if (!q.round.empty()) f.round = parse_round(q.round).str();
  f.overdue = q.overdue;
  if (!q.due_before.empty()) {
    f.due_before = parse_date(q.due_before);
    if (!f.due_before) {
      throw Error(Errc::invalid_argument, {"日期格式应为 YYYY-MM-DD:" + q.due_before,
                                           "date must be YYYY-MM-DD: " + q.due_before});
    }
  }
  f.now = services.clock.now();
  auto names = unit_names(services);
  std::vector<ItemView> out;
  for (const auto& item : services.store.items().list(f))
    out.push_back(view_of(item, names, services));
  return out;
}

ItemView show_item(Services& services, std::int64_t id) {
  auto item = services.store.items().find(id);
  if (!item) {
    throw Error(Errc::not_found,
                {"事项不存在:" + std::to_string(id), "no such item: " + std::to_string(id)});
  }
  return view_of(*item, unit_names(services), services);
}

std::vector<store::JournalEntry> item_journal(Services& services, std::int64_t id) {
  show_item(services, id);  // not_found for a wrong id
  return store::read_journal(services.store.session(), "item:" + std::to_string(id));
}

RoundView show_round(Services& services, const std::string& text) {
  auto id = parse_round(text);
  RoundView view;
  view.record = require_round(services, id);
  auto now = services.clock.now();
  for (const auto& record : view.record.steps) {
    StepView sv;
    sv.record = record;
    const auto& rule = services.config.workflow.rule(record.step);
    auto progress = unit_progress(services, id, record.step, rule.reporting_kinds());
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
  view.problems = services.store.rounds().problems(id).size();
  return view;
}

std::vector<store::RoundRecord> list_rounds(Services& services) {
  return services.store.rounds().list();
}

std::vector<Unit> list_units(Services& services, const std::string& kind) {
  if (!kind.empty() && !unit_kind_from(kind)) {
    throw Error(
        Errc::invalid_argument,
        {"无效单位类型:" + kind + "(township/department/village/work_team/office)",
         "invalid unit kind: " + kind + " (township, department, village, work_team, office)"});
  }
  auto units = store::list_units(services.store.session());
  if (!kind.empty()) {
    std::erase_if(units, [&](const Unit& u) { return to_string(u.kind) != kind; });
  }
  return units;
}

UnitView show_unit(Services& services, const std::string& id_or_name) {
  auto& session = services.store.session();
  auto id = resolve_unit(services, id_or_name);
  return UnitView{*store::find_unit(session, id), store::users_of_unit(session, id)};
}

InitResult init_database(Services& services) {
  InitResult result;
  services.store.write([&](soci::session& session) {
    result.synced = store::sync_units(session, services.config.units);
  });
  result.schema_version = services.store.database().schema_version();
  return result;
}

store::AuditResult audit_verify(Services& services) {
  return store::verify_journal(services.store.session());
}

}  // namespace duban::app
