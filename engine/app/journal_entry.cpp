#include "app/journal_entry.hpp"

namespace duban::app {

namespace {
std::string date_text(const std::optional<Date>& d) { return d ? format_date(*d) : std::string(); }
std::string instant_text(const std::optional<Instant>& at) {
  return at ? format_utc(*at) : std::string();
}
}  // namespace

JournalEntry journal_entry(Instant at, std::string actor, std::string subject, std::string event,
                           std::string before, std::string after, std::string reason) {
  JournalEntry e;
  e.at = at;
  e.actor = std::move(actor);
  e.subject = std::move(subject);
  e.event = std::move(event);
  e.state_before = std::move(before);
  e.state_after = std::move(after);
  e.reason = std::move(reason);
  return e;
}

std::map<std::string, std::pair<std::string, std::string>> item_changes(
    const RectificationItem& a, const RectificationItem& b) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  auto field = [&](const char* name, const std::string& x, const std::string& y) {
    if (x != y) out[name] = {x, y};
  };
  field("round", a.round, b.round);
  field("source", std::string(to_string(a.source)), std::string(to_string(b.source)));
  field("category", a.category, b.category);
  field("title", a.title, b.title);
  field("manifestation", a.manifestation, b.manifestation);
  field("measures", a.measures, b.measures);
  field("result", a.result, b.result);
  field("evidence", evidence_to_json(a.evidence), evidence_to_json(b.evidence));
  field("unit", a.unit, b.unit);
  field("owner", a.owner, b.owner);
  field("due", date_text(a.due), date_text(b.due));
  field("rework_count", std::to_string(a.rework_count), std::to_string(b.rework_count));
  field("rectified_by", a.rectified_by, b.rectified_by);
  field("assigned_at", instant_text(a.assigned_at), instant_text(b.assigned_at));
  field("acknowledged_by", a.acknowledged_by, b.acknowledged_by);
  field("acknowledged_at", instant_text(a.acknowledged_at), instant_text(b.acknowledged_at));
  field("suspended_on", date_text(a.suspended_on), date_text(b.suspended_on));
  field("extension_due", date_text(a.extension_due), date_text(b.extension_due));
  field("extension_reason", a.extension_reason, b.extension_reason);
  field("extension_by", a.extension_by, b.extension_by);
  field("extra", extra_to_json(a.extra), extra_to_json(b.extra));
  field("standing", a.standing ? "1" : "", b.standing ? "1" : "");
  field("report_due", date_text(a.report_due), date_text(b.report_due));
  return out;
}

std::map<std::string, std::string> item_record(const RectificationItem& it) {
  return {{"round", it.round},
          {"source", std::string(to_string(it.source))},
          {"category", it.category},
          {"title", it.title},
          {"manifestation", it.manifestation},
          {"measures", it.measures},
          {"result", it.result},
          {"evidence", evidence_to_json(it.evidence)},
          {"unit", it.unit},
          {"owner", it.owner},
          {"due", date_text(it.due)},
          {"rework_count", std::to_string(it.rework_count)},
          {"rectified_by", it.rectified_by},
          {"assigned_at", instant_text(it.assigned_at)},
          {"acknowledged_by", it.acknowledged_by},
          {"acknowledged_at", instant_text(it.acknowledged_at)},
          {"suspended_on", date_text(it.suspended_on)},
          {"extension_due", date_text(it.extension_due)},
          {"extension_reason", it.extension_reason},
          {"extension_by", it.extension_by},
          {"extra", extra_to_json(it.extra)},
          {"standing", it.standing ? "1" : ""},
          {"report_due", date_text(it.report_due)},
          {"state", std::string(to_string(it.state))}};
}

}  // namespace duban::app

namespace duban::app {
// The same as item_changes(RectificationItem{}, item) with the source always named, built
// directly: every new item (and every row of a large import) has one.
std::map<std::string, std::pair<std::string, std::string>> creation_changes(
    const RectificationItem& item) {
  static const std::string kNoEvidence = evidence_to_json({});
  std::map<std::string, std::pair<std::string, std::string>> out;
  // In the map's order, so that each goes in at its end.
  auto field = [&](const char* name, const std::string& before, const std::string& after) {
    if (before != after) out.emplace_hint(out.end(), name, std::pair{before, after});
  };
  static const std::string kNone, kZero = "0";
  if (item.assigned_at) field("assigned_at", kNone, format_utc(*item.assigned_at));
  field("category", kNone, item.category);
  field("due", kNone, item.due ? format_date(*item.due) : kNone);
  field("evidence", kNoEvidence,
        item.evidence.empty() ? kNoEvidence : evidence_to_json(item.evidence));
  if (!item.extra.empty()) field("extra", kNone, extra_to_json(item.extra));
  field("manifestation", kNone, item.manifestation);
  field("measures", kNone, item.measures);
  field("owner", kNone, item.owner);
  field("rectified_by", kNone, item.rectified_by);
  if (item.report_due) field("report_due", kNone, format_date(*item.report_due));
  field("result", kNone, item.result);
  field("rework_count", kZero, std::to_string(item.rework_count));
  field("round", kNone, item.round);
  out.emplace_hint(out.end(), "source", std::pair{kNone, std::string(to_string(item.source))});
  if (item.standing) field("standing", kNone, "1");
  field("title", kNone, item.title);
  field("unit", kNone, item.unit);
  return out;
}
}  // namespace duban::app
