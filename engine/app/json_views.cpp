#include "app/json_views.hpp"

#include "config/diagnostics.hpp"

namespace duban::app {

namespace {
// A sheet's extra fields in their order: a list of {name, value}.
nlohmann::json extra_json(const std::vector<std::pair<std::string, std::string>>& extra) {
  auto out = nlohmann::json::array();
  for (const auto& [name, value] : extra) out.push_back({{"name", name}, {"value", value}});
  return out;
}
}  // namespace

nlohmann::json to_json(const ItemView& v) {
  const auto& it = v.item;
  return {{"id", it.id},
          {"round", it.round},
          {"source", to_string(it.source)},
          {"category", it.category},
          {"title", it.title},
          {"manifestation", it.manifestation},
          {"measures", it.measures},
          {"result", it.result},
          {"evidence", it.evidence},
          {"unit", it.unit},
          {"unit_name", v.unit_name},
          {"owner", it.owner},
          {"due", it.due ? format_date(*it.due) : ""},
          {"state", to_string(it.state)},
          {"rework_count", it.rework_count},
          {"rectified_by", it.rectified_by},
          {"status", v.status ? std::string(to_string(*v.status)) : ""},
          {"overdue", v.overdue},
          {"version", it.version},
          {"assigned_at", it.assigned_at ? format_utc(*it.assigned_at) : ""},
          {"acknowledged_by", it.acknowledged_by},
          {"acknowledged_at", it.acknowledged_at ? format_utc(*it.acknowledged_at) : ""},
          {"acknowledge_by", v.acknowledge_by ? format_utc(*v.acknowledge_by) : ""},
          {"suspended_on", it.suspended_on ? format_date(*it.suspended_on) : ""},
          {"extension_request", it.extension_due
                                    ? nlohmann::json{{"due", format_date(*it.extension_due)},
                                                     {"reason", it.extension_reason},
                                                     {"by", it.extension_by}}
                                    : nlohmann::json()},
          {"standing", it.standing},
          {"report_due", it.report_due ? format_date(*it.report_due) : ""},
          {"extra", extra_json(it.extra)},
          {"deadline_history", to_json(v.deadline_history)}};
}

nlohmann::json to_json(const std::vector<DeadlineEvent>& history) {
  auto out = nlohmann::json::array();
  for (const auto& d : history) {
    out.push_back({{"at", format_utc(d.at)},
                   {"actor", d.actor},
                   {"event", d.event},
                   {"due_before", d.due_before},
                   {"due_after", d.due_after},
                   {"note", d.note}});
  }
  return out;
}

nlohmann::json to_json(const JournalEntry& e) {
  nlohmann::json changes = nlohmann::json::object();
  for (const auto& [k, v] : e.changes) changes[k] = {v.first, v.second};
  return {{"seq", e.seq},           {"at", format_utc(e.at)}, {"actor", e.actor},
          {"subject", e.subject},   {"event", e.event},       {"before", e.state_before},
          {"after", e.state_after}, {"changes", changes},     {"reason", e.reason},
          {"hash", e.hash}};
}

nlohmann::json to_json(const RoundView& v) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : v.steps) {
    steps.push_back({{"step", number(s.record.step)},
                     {"id", to_string(s.record.step)},
                     {"name", label_zh(s.record.step)},
                     {"state", to_string(s.record.state)},
                     {"due", s.record.due_date},
                     {"status", s.status ? std::string(to_string(*s.status)) : ""},
                     {"submitted", s.submitted},
                     {"missing", s.missing},
                     {"override_reason", s.record.override_reason},
                     {"approved_by", s.record.approved_by}});
  }
  return {{"round", v.record.id.str()},
          {"observation_date", v.record.observation_date},
          {"observation_list_due", v.observation_list_due},
          {"problems", v.problems},
          {"steps", steps}};
}

nlohmann::json to_json(const Unit& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"kind", to_string(u.kind)},
          {"parent", u.parent},
          {"key", u.key}};
}

nlohmann::json to_json(const UnitView& view) {
  auto j = to_json(view.unit);
  j["users"] = nlohmann::json::array();
  for (const auto& u : view.users) {
    j["users"].push_back({{"id", u.id}, {"name", u.name}, {"access", to_string(u.access)}});
  }
  return j;
}

nlohmann::json to_json(const ImportResult& r) {
  auto plan = nlohmann::json::array();
  for (const auto& p : r.plan) {
    auto problems = nlohmann::json::array();
    for (const auto& t : p.problems) problems.push_back(t.str());
    auto notes = nlohmann::json::array();
    for (const auto& t : p.notes) notes.push_back(t.str());
    nlohmann::json row{{"line", p.line},     {"action", to_string(p.action)},
                       {"fields", p.fields}, {"events", p.events},
                       {"state", p.state},   {"problems", problems},
                       {"notes", notes}};
    if (p.id) row["id"] = p.id;
    if (!p.deadline.zh.empty()) row["deadline"] = p.deadline.str();
    plan.push_back(std::move(row));
  }
  nlohmann::json mapped = nlohmann::json::object();
  for (const auto& [from, to] : r.mapped) mapped[from] = to;
  nlohmann::json j{{"rows", r.rows},
                   {"assigned", r.assigned},
                   {"created", r.created},
                   {"updated", r.updated},
                   {"unchanged", r.unchanged},
                   {"dry_run", r.dry_run},
                   {"format", r.format.str()},
                   {"header_line", r.header_line},
                   {"extra_columns", r.extra_columns},
                   {"mapped", mapped}};
  if (r.dry_run) j["plan"] = std::move(plan);
  return j;
}

nlohmann::json to_json(const AuditResult& r) {
  auto findings = nlohmann::json::array();
  for (const auto& f : r.findings) {
    findings.push_back({{"seq", f.seq},
                        {"subject", f.subject},
                        {"problem", Text{f.problem_zh, f.problem_en}.str()}});
  }
  return {{"ok", r.ok},
          {"entries", r.entries},
          {"first_broken_seq", r.first_broken_seq},
          {"problem", Text{r.problem_zh, r.problem_en}.str()},
          {"findings", findings},
          {"more_findings", r.more}};
}

nlohmann::json to_json(const InitResult& r, const std::string& database) {
  return {{"database", database},
          {"schema_version", r.schema_version},
          {"units", r.synced.units},
          {"users", r.synced.users}};
}

nlohmann::json problem_json(int status, const std::string& title, const std::string& code,
                            const std::string& detail) {
  nlohmann::json problem = {
      {"type", "about:blank"}, {"title", title}, {"status", status}, {"code", code}};
  if (!detail.empty()) problem["detail"] = detail;
  return problem;
}

nlohmann::json problem_json(const Error& e) {
  const std::string code(code_name(e.code()));
  auto problem = problem_json(http_status(e.code()), code, code);
  problem["detail"] = e.text().str();
  if (const auto* invalid = dynamic_cast<const config::ConfigInvalid*>(&e)) {
    problem["errors"] = nlohmann::json::array();
    for (const auto& d : invalid->diagnostics()) problem["errors"].push_back(d.str());
  }
  return problem;
}

std::string dump_json(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace duban::app
