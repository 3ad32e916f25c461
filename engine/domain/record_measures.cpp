#include "domain/record_measures.hpp"

#include <algorithm>

namespace duban {

namespace {

using namespace std::chrono;

const std::pair<std::string, std::string>* change_of(const JournalEntry& e, const char* field) {
  auto it = e.changes.find(field);
  return it == e.changes.end() ? nullptr : &it->second;
}

}  // namespace

Period period_of(const RoundId& round) {
  const year y{round.year};
  return {y / January / 1, round.kind == RoundKind::half_year ? y / June / 30 : y / December / 31};
}

double RecordFigures::on_time_rate() const {
  return items_due == 0 ? 100.0 : 100.0 * on_time / items_due;
}

double RecordFigures::ack_hours() const {
  return acknowledged == 0 ? 0.0 : ack_hours_total / acknowledged;
}

double RecordFigures::problems_per_village() const {
  return sampled_villages == 0 ? 0.0 : static_cast<double>(field_problems) / sampled_villages;
}

double RecordFigures::satisfaction_rate() const {
  return households_surveyed == 0
             ? 100.0
             : 100.0 * (households_surveyed - households_unsatisfied) / households_surveyed;
}

double RecordFigures::value(RecordMeasure measure) const {
  switch (measure) {
    case RecordMeasure::on_time_rate:
      return on_time_rate();
    case RecordMeasure::overdue_items:
      return overdue_items();
    case RecordMeasure::overdue_days:
      return static_cast<double>(overdue_days);
    case RecordMeasure::rework:
      return rework;
    case RecordMeasure::extensions_requested:
      return extensions_requested;
    case RecordMeasure::extensions_approved:
      return extensions_approved;
    case RecordMeasure::ack_hours:
      return ack_hours();
    case RecordMeasure::field_problems_per_village:
      return problems_per_village();
    case RecordMeasure::satisfaction_rate:
      return satisfaction_rate();
    case RecordMeasure::misidentified:
      return misidentified;
  }
  return 0;
}

void RecordFigures::add(const RecordFigures& o) {
  items_due += o.items_due;
  on_time += o.on_time;
  overdue_days += o.overdue_days;
  rework += o.rework;
  extensions_requested += o.extensions_requested;
  extensions_approved += o.extensions_approved;
  acknowledged += o.acknowledged;
  ack_hours_total += o.ack_hours_total;
  sampled_villages += o.sampled_villages;
  field_problems += o.field_problems;
  households_surveyed += o.households_surveyed;
  households_unsatisfied += o.households_unsatisfied;
  misidentified += o.misidentified;
}

void ItemHistoryFold::add(const JournalEntry& e) {
  if (e.at > as_of_) return;
  if (const auto* c = change_of(e, "due")) due_ = c->second;
  if (const auto* c = change_of(e, "standing")) standing_ = !c->second.empty();
  if (const auto* c = change_of(e, "suspended_on")) suspended_ = c->second;
  if (const auto* c = change_of(e, "assigned_at")) {
    auto at = parse_utc(c->second);
    assigned_ = at.has_value();
    assigned_since_ = at.value_or(Instant{});
  } else if (e.event == "assign" || e.event == "reassign") {
    assigned_ = true;
    assigned_since_ = e.at;
  }
  if (e.state_after == "rectified" && e.state_before != "rectified") {
    rectified_ = true;
    rectified_at_ = e.at;
    due_when_rectified_ = due_;
  } else if (e.state_after == "identified" || e.state_after == "assigned") {
    rectified_ = false;  // sent back for rework, or reopened
  }
  const auto day = local_date(e.at, zone_);
  if (day < period_.from || day > period_.to) return;
  if (e.event == "reject") ++events_.rework;
  if (e.event == "extend") ++events_.extensions_requested;
  if (e.event == "approve-extension") ++events_.extensions_approved;
  if (e.event == "ack" && assigned_) {
    ++events_.acknowledged;
    events_.ack_hours_total += duration<double>(e.at - assigned_since_).count() / 3600.0;
  }
}

void ItemHistoryFold::finish(RecordFigures& f) const {
  f.add(events_);
  if (standing_ || due_.empty()) return;
  auto due_day = parse_date(due_);
  if (!due_day || *due_day < period_.from || *due_day > period_.to) return;
  const Date as_of_day = local_date(as_of_, zone_);
  if (!rectified_) {
    // Still open: counted once its due day has passed, unless its clock is stopped now.
    if (!suspended_.empty() || as_of_ <= end_of_day(*due_day, zone_)) return;
    ++f.items_due;
    f.overdue_days += (sys_days{as_of_day} - sys_days{*due_day}).count();
    return;
  }
  ++f.items_due;
  auto in_force = parse_date(due_when_rectified_).value_or(*due_day);
  if (rectified_at_ <= end_of_day(in_force, zone_)) {
    ++f.on_time;
  } else {
    f.overdue_days += (sys_days{local_date(rectified_at_, zone_)} - sys_days{in_force}).count();
  }
}

void add_item_history(RecordFigures& f, const std::vector<JournalEntry>& history,
                      const Period& period, Instant as_of, ZoneOffset zone) {
  ItemHistoryFold fold(period, as_of, zone);
  for (const auto& e : history) fold.add(e);
  fold.finish(f);
}

double record_score(const Indicator& indicator, const RecordFigures& figures) {
  if (!indicator.record) return 0;
  const double v = figures.value(*indicator.record);
  if (is_rate(*indicator.record)) return indicator.max * v / 100.0;
  return std::max(0.0, indicator.max - indicator.deduct * v);
}

}  // namespace duban
