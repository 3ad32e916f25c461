// The field evaluation's groups and schedule in a SOCI database (survey_groups, survey_schedules).
#include "store/guard.hpp"
#include "store/row.hpp"
#include "store/survey.hpp"

namespace duban::store {

std::vector<GroupRecord> SociSurvey::groups(const std::string& round) {
  return guarded("survey.groups", [&] {
    std::vector<GroupRecord> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT number, leader, members FROM survey_groups"
                             " WHERE county_id = :c AND round_id = :r ORDER BY number",
         soci::use(county_), soci::use(round));
    for (const auto& r : rows) {
      GroupRecord g;
      g.round = round;
      g.number = static_cast<int>(int64_at(r, 0));
      g.leader = r.get<std::string>(1);
      auto members = r.get<std::string>(2);
      for (std::size_t p = 0; p < members.size();) {
        auto comma = members.find(',', p);
        if (comma == std::string::npos) comma = members.size();
        if (comma > p) g.members.push_back(members.substr(p, comma - p));
        p = comma + 1;
      }
      out.push_back(std::move(g));
    }
    return out;
  });
}

void SociSurvey::put_group(const GroupRecord& g) {
  guarded("survey.put_group", [&] {
    std::string members;
    for (const auto& m : g.members) members += (members.empty() ? "" : ",") + m;
    long long number = g.number;
    session_ << "DELETE FROM survey_groups WHERE county_id = :c AND round_id = :r AND number = :n",
        soci::use(county_), soci::use(g.round), soci::use(number);
    if (g.members.empty()) return;
    session_ << "INSERT INTO survey_groups (county_id, round_id, number, leader, members)"
                " VALUES (:c, :r, :n, :l, :m)",
        soci::use(county_), soci::use(g.round), soci::use(number), soci::use(g.leader),
        soci::use(members);
  });
}

std::optional<ScheduleRecord> SociSurvey::schedule(const std::string& round) {
  return guarded("survey.schedule", [&]() -> std::optional<ScheduleRecord> {
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT start_date, schedule, sample_seed, made_at, made_by,"
                             " journal_seq FROM survey_schedules WHERE county_id = :c AND"
                             " round_id = :r",
         soci::use(county_), soci::use(round));
    for (const auto& r : rows) {
      ScheduleRecord s;
      s.round = round;
      s.start = r.get<std::string>(0);
      s.schedule = r.get<std::string>(1);
      s.sample_seed = r.get<std::string>(2);
      s.made_at = Instant{std::chrono::seconds{int64_at(r, 3)}};
      s.made_by = r.get<std::string>(4);
      s.journal_seq = int64_at(r, 5);
      return s;
    }
    return std::nullopt;
  });
}

void SociSurvey::put_schedule(const ScheduleRecord& s) {
  guarded("survey.put_schedule", [&] {
    long long at = s.made_at.time_since_epoch().count(), seq = s.journal_seq;
    session_ << "DELETE FROM survey_schedules WHERE county_id = :c AND round_id = :r",
        soci::use(county_), soci::use(s.round);
    session_ << "INSERT INTO survey_schedules (county_id, round_id, start_date, schedule,"
                " sample_seed, made_at, made_by, journal_seq) VALUES (:c, :r, :s, :d, :e, :a,"
                " :b, :j)",
        soci::use(county_), soci::use(s.round), soci::use(s.start), soci::use(s.schedule),
        soci::use(s.sample_seed), soci::use(at), soci::use(s.made_by), soci::use(seq);
  });
}

}  // namespace duban::store
