#include "app/journal_entry.hpp"

namespace duban::app {

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
  auto date = [](const std::optional<Date>& d) { return d ? format_date(*d) : std::string(); };
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
  field("due", date(a.due), date(b.due));
  field("rework_count", std::to_string(a.rework_count), std::to_string(b.rework_count));
  field("rectified_by", a.rectified_by, b.rectified_by);
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
          {"due", it.due ? format_date(*it.due) : std::string()},
          {"rework_count", std::to_string(it.rework_count)},
          {"rectified_by", it.rectified_by},
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
  field("category", kNone, item.category);
  field("due", kNone, item.due ? format_date(*item.due) : kNone);
  field("evidence", kNoEvidence,
        item.evidence.empty() ? kNoEvidence : evidence_to_json(item.evidence));
  field("manifestation", kNone, item.manifestation);
  field("measures", kNone, item.measures);
  field("owner", kNone, item.owner);
  field("rectified_by", kNone, item.rectified_by);
  field("result", kNone, item.result);
  field("rework_count", kZero, std::to_string(item.rework_count));
  field("round", kNone, item.round);
  out.emplace_hint(out.end(), "source", std::pair{kNone, std::string(to_string(item.source))});
  field("title", kNone, item.title);
  field("unit", kNone, item.unit);
  return out;
}
}  // namespace duban::app
