#include "store/rounds.hpp"

#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

void RoundStore::insert(const RoundRecord& r) {
  guarded("rounds.insert", [&] {
    std::string id = r.id.str();
    std::string kind(to_string(r.id.kind));
    session_ << "INSERT INTO rounds (county_id, id, year, kind, observation_date, started_at,"
                " started_by) VALUES (:c, :id, :year, :kind, :obs, :at, :by)",
        soci::use(county_), soci::use(id), soci::use(r.id.year), soci::use(kind),
        soci::use(r.observation_date), soci::use(r.started_at), soci::use(r.started_by);
    for (const auto& s : r.steps) {
      int step = number(s.step);
      std::string state(to_string(s.state));
      session_ << "INSERT INTO round_steps (county_id, round_id, step, state, due_date)"
                  " VALUES (:c, :r, :s, :st, :d)",
          soci::use(county_), soci::use(id), soci::use(step), soci::use(state),
          soci::use(s.due_date);
    }
  });
}

std::optional<RoundRecord> RoundStore::find(const RoundId& id) {
  return guarded("rounds.find", [&]() -> std::optional<RoundRecord> {
    std::string key = id.str();
    RoundRecord r;
    r.id = id;
    soci::indicator ind = soci::i_null;
    session_ << "SELECT observation_date, started_at, started_by FROM rounds"
                " WHERE county_id = :c AND id = :id",
        soci::use(county_), soci::use(key), soci::into(r.observation_date, ind),
        soci::into(r.started_at), soci::into(r.started_by);
    if (!session_.got_data()) return std::nullopt;
    soci::rowset<soci::row> rows =
        (session_.prepare
             << "SELECT step, state, due_date, opened_at, completed_at, override_reason,"
                " approved_by, approved_at, version FROM round_steps"
                " WHERE county_id = :c AND round_id = :id ORDER BY step",
         soci::use(county_), soci::use(key));
    for (const auto& row : rows) {
      auto n = int_at(row, 0);
      auto where = key + "/" + std::to_string(n);
      if (n < 1 || n > 7) undecodable("round_steps", where, "step", std::to_string(n));
      auto step = static_cast<StepId>(n);
      auto& s = r.step(step);
      s.step = step;
      auto state = step_state_from(row.get<std::string>(1));
      if (!state) undecodable("round_steps", where, "state", row.get<std::string>(1));
      s.state = *state;
      s.due_date = row.get<std::string>(2);
      s.opened_at = row.get<std::string>(3);
      s.completed_at = row.get<std::string>(4);
      s.override_reason = row.get<std::string>(5);
      s.approved_by = row.get<std::string>(6);
      s.approved_at = row.get<std::string>(7);
      s.version = int64_at(row, 8);
    }
    return r;
  });
}

std::vector<RoundRecord> RoundStore::list() {
  return guarded("rounds.list", [&] {
    std::vector<std::string> ids;
    soci::rowset<std::string> rows =
        (session_.prepare << "SELECT id FROM rounds WHERE county_id = :c ORDER BY id",
         soci::use(county_));
    for (const auto& id : rows) ids.push_back(id);
    std::vector<RoundRecord> out;
    for (const auto& id : ids) {
      auto parsed = RoundId::parse(id);
      if (!parsed) undecodable("rounds", id, "id", id);
      if (auto r = find(*parsed)) out.push_back(*r);
    }
    return out;
  });
}

void RoundStore::update_step(const RoundId& id, const StepRecord& s) {
  guarded("rounds.update_step", [&] {
    std::string key = id.str();
    int step = number(s.step);
    std::string state(to_string(s.state));
    long long version = s.version;
    soci::statement st =
        (session_.prepare
             << "UPDATE round_steps SET state = :state, opened_at = :opened,"
                " completed_at = :completed, override_reason = :override, approved_by = :by,"
                " approved_at = :at, version = version + 1"
                " WHERE county_id = :c AND round_id = :r AND step = :s AND version = :version",
         soci::use(state), soci::use(s.opened_at), soci::use(s.completed_at),
         soci::use(s.override_reason), soci::use(s.approved_by), soci::use(s.approved_at),
         soci::use(county_), soci::use(key), soci::use(step), soci::use(version));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      auto n = std::to_string(step);
      throw Error(Errc::conflict,
                  {"轮次 " + key + " 步骤 " + n + " 已被他人修改,请重试",
                   "round " + key + " step " + n + " was changed by someone else; try again"});
    }
  });
}

void RoundStore::put_submission(const Submission& s) {
  guarded("rounds.put_submission", [&] {
    int step = number(s.step);
    session_ << "INSERT INTO submissions (county_id, round_id, step, unit_id, submitted_by,"
                " submitted_at, note) VALUES (:c, :r, :s, :u, :by, :at, :note)"
                " ON CONFLICT (county_id, round_id, step, unit_id)"
                " DO UPDATE SET submitted_by = excluded.submitted_by,"
                " submitted_at = excluded.submitted_at, note = excluded.note",
        soci::use(county_), soci::use(s.round), soci::use(step), soci::use(s.unit),
        soci::use(s.submitted_by), soci::use(s.submitted_at), soci::use(s.note);
  });
}

std::vector<Submission> RoundStore::submissions(const RoundId& id, StepId step) {
  return guarded("rounds.submissions", [&] {
    std::string key = id.str();
    int n = number(step);
    std::vector<Submission> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT unit_id, submitted_by, submitted_at, note FROM submissions"
                             " WHERE county_id = :c AND round_id = :r AND step = :s"
                             " ORDER BY unit_id",
         soci::use(county_), soci::use(key), soci::use(n));
    for (const auto& row : rows) {
      out.push_back(Submission{key, step, row.get<std::string>(0), row.get<std::string>(1),
                               row.get<std::string>(2), row.get<std::string>(3)});
    }
    return out;
  });
}

std::int64_t RoundStore::add_problem(const Problem& p) {
  return guarded("rounds.add_problem", [&] {
    std::string source(to_string(p.source));
    long long id = 0;
    session_ << "INSERT INTO problems (county_id, round_id, unit_id, source, category, title,"
                " manifestation, suggestion, created_by, created_at) VALUES (:c, :r, :u, :src,"
                " :cat, :title, :man, :sug, :by, :at) RETURNING id",
        soci::use(county_), soci::use(p.round), soci::use(p.unit), soci::use(source),
        soci::use(p.category), soci::use(p.title), soci::use(p.manifestation),
        soci::use(p.suggestion), soci::use(p.created_by), soci::use(p.created_at), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::vector<Problem> RoundStore::problems(const RoundId& id) {
  return guarded("rounds.problems", [&] {
    std::string key = id.str();
    std::vector<Problem> out;
    soci::rowset<soci::row> rows =
        (session_.prepare
             << "SELECT id, unit_id, source, category, title, manifestation, suggestion,"
                " created_by, created_at, item_id FROM problems WHERE county_id = :c"
                " AND round_id = :r ORDER BY id",
         soci::use(county_), soci::use(key));
    for (const auto& row : rows) {
      Problem p;
      p.id = int64_at(row, 0);
      p.round = key;
      p.unit = row.get<std::string>(1);
      auto source = item_source_from_code(row.get<std::string>(2));
      if (!source) undecodable("problems", std::to_string(p.id), "source", row.get<std::string>(2));
      p.source = *source;
      p.category = row.get<std::string>(3);
      p.title = row.get<std::string>(4);
      p.manifestation = row.get<std::string>(5);
      p.suggestion = row.get<std::string>(6);
      p.created_by = row.get<std::string>(7);
      p.created_at = row.get<std::string>(8);
      p.item_id = int64_at(row, 9);
      out.push_back(std::move(p));
    }
    return out;
  });
}

void RoundStore::link_problem(std::int64_t problem_id, std::int64_t item_id) {
  guarded("rounds.link_problem", [&] {
    long long p = problem_id, i = item_id;
    session_ << "UPDATE problems SET item_id = :i WHERE county_id = :c AND id = :p", soci::use(i),
        soci::use(county_), soci::use(p);
  });
}

}  // namespace duban::store
