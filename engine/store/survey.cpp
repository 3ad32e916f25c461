#include "store/survey.hpp"

#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

namespace {

const char* const kHouseholdColumns =
    "number, township, village, head, id_hash, id_tail, people, kind, edge, monitored, tags";

RosterHousehold household_of(const soci::row& r, const std::string& round) {
  RosterHousehold h;
  h.number = r.get<std::string>(0);
  h.township = r.get<std::string>(1);
  h.village = r.get<std::string>(2);
  h.head = r.get<std::string>(3);
  h.id_hash = r.get<std::string>(4);
  h.id_tail = r.get<std::string>(5);
  h.people = int64_at(r, 6);
  auto kind = r.get<std::string>(7);
  auto k = household_kind_from(kind);
  if (!k) undecodable("roster_households", round + "/" + h.number, "kind", kind);
  h.kind = *k;
  h.edge = int64_at(r, 8) != 0;
  h.monitored = int64_at(r, 9) != 0;
  h.tags = static_cast<unsigned>(int64_at(r, 10));
  return h;
}

}  // namespace

struct SociSurvey::Upsert {
  // The values bound by reference: set them, then execute.
  std::string round, number, township, village, head, id_hash, id_tail, kind;
  long long people = 0, import = 0;
  int edge = 0, monitored = 0, tags = 0;
  soci::statement statement;
  Upsert(soci::session& s, const long long& county)
      : statement(
            (s.prepare << "INSERT INTO roster_households (county_id, round_id, number, township,"
                          " village, head, id_hash, id_tail, people, kind, edge, monitored, tags,"
                          " import_id) VALUES (:c, :r, :n, :t, :v, :h, :ih, :it, :p, :k, :e, :m,"
                          " :g, :i) ON CONFLICT (county_id, round_id, number) DO UPDATE SET"
                          " township = excluded.township, village = excluded.village,"
                          " head = excluded.head, id_hash = excluded.id_hash,"
                          " id_tail = excluded.id_tail, people = excluded.people,"
                          " kind = excluded.kind, edge = excluded.edge,"
                          " monitored = excluded.monitored, tags = excluded.tags,"
                          " import_id = excluded.import_id"
                          " WHERE roster_households.import_id <> excluded.import_id",
             soci::use(county), soci::use(round), soci::use(number), soci::use(township),
             soci::use(village), soci::use(head), soci::use(id_hash), soci::use(id_tail),
             soci::use(people), soci::use(kind), soci::use(edge), soci::use(monitored),
             soci::use(tags), soci::use(import))) {}
};

SociSurvey::SociSurvey(soci::session& session, const long long& county)
    : session_(session), county_(county) {}

SociSurvey::~SociSurvey() = default;

void SociSurvey::put_village(const std::string& round, const RosterVillage& v) {
  guarded("roster.put_village", [&] {
    std::string kind(to_string(v.kind));
    long long population = v.population, poor = v.poor_population;
    session_ << "INSERT INTO roster_villages (county_id, round_id, township, name, unit_id, kind,"
                " population, poor_population) VALUES (:c, :r, :t, :n, :u, :k, :p, :pp)"
                " ON CONFLICT (county_id, round_id, township, name) DO UPDATE SET"
                " unit_id = excluded.unit_id, kind = excluded.kind,"
                " population = excluded.population, poor_population = excluded.poor_population",
        soci::use(county_), soci::use(round), soci::use(v.township), soci::use(v.name),
        soci::use(v.unit), soci::use(kind), soci::use(population), soci::use(poor);
  });
}

bool SociSurvey::put_household(const std::string& round, const RosterHousehold& h,
                               std::int64_t import) {
  return guarded("roster.put_household", [&] {
    if (!upsert_) upsert_ = std::make_unique<Upsert>(session_, county_);
    auto& u = *upsert_;
    u.round = round;
    u.number = h.number;
    u.township = h.township;
    u.village = h.village;
    u.head = h.head;
    u.id_hash = h.id_hash;
    u.id_tail = h.id_tail;
    u.people = h.people;
    u.kind = std::string(to_string(h.kind));
    u.edge = h.edge ? 1 : 0;
    u.monitored = h.monitored ? 1 : 0;
    u.tags = static_cast<int>(h.tags);
    u.import = import;
    u.statement.execute(true);
    return u.statement.get_affected_rows() > 0;
  });
}

RosterCounts SociSurvey::roster_counts(const std::string& round) {
  return guarded("roster.counts", [&] {
    long long villages = 0, households = 0;
    session_ << "SELECT COUNT(*) FROM roster_villages WHERE county_id = :c AND round_id = :r",
        soci::use(county_), soci::use(round), soci::into(villages);
    session_ << "SELECT COUNT(*) FROM roster_households WHERE county_id = :c AND round_id = :r",
        soci::use(county_), soci::use(round), soci::into(households);
    return RosterCounts{villages, households};
  });
}

std::vector<RosterVillage> SociSurvey::villages(const std::string& round) {
  return guarded("roster.villages", [&] {
    std::vector<RosterVillage> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT township, name, unit_id, kind, population, poor_population"
                             " FROM roster_villages WHERE county_id = :c AND round_id = :r"
                             " ORDER BY township, name",
         soci::use(county_), soci::use(round));
    for (const auto& r : rows) {
      RosterVillage v;
      v.township = r.get<std::string>(0);
      v.name = r.get<std::string>(1);
      v.unit = r.get<std::string>(2);
      auto kind = r.get<std::string>(3);
      auto k = village_kind_from(kind);
      if (!k) undecodable("roster_villages", round + "/" + v.township + "/" + v.name, "kind", kind);
      v.kind = *k;
      v.population = int64_at(r, 4);
      v.poor_population = int64_at(r, 5);
      out.push_back(std::move(v));
    }
    return out;
  });
}

namespace {

// Runs a prepared selection of kHouseholdColumns (its parameters bound) and hands each household
// to `each`. Fetched in blocks into vectors: a roster's digest reads every household (millions in
// a province), and row by row each value would be an object of its own.
void each_household(soci::details::prepare_temp_type& pt, const std::string& round,
                    const std::function<void(RosterHousehold&)>& each) {
  const std::size_t block = 1000;
  std::vector<std::string> number(block), township(block), village(block), head(block), hash(block),
      tail(block), kind(block);
  std::vector<long long> people(block);
  std::vector<int> edge(block), monitored(block), tags(block);
  pt, soci::into(number), soci::into(township), soci::into(village), soci::into(head),
      soci::into(hash), soci::into(tail), soci::into(people), soci::into(kind), soci::into(edge),
      soci::into(monitored), soci::into(tags);
  soci::statement st(pt);
  RosterHousehold h;
  for (bool more = st.execute(true); more; more = st.fetch()) {
    for (std::size_t i = 0; i < number.size(); ++i) {
      h.number = std::move(number[i]);
      h.township = std::move(township[i]);
      h.village = std::move(village[i]);
      h.head = std::move(head[i]);
      h.id_hash = std::move(hash[i]);
      h.id_tail = std::move(tail[i]);
      h.people = people[i];
      auto k = household_kind_from(kind[i]);
      if (!k) undecodable("roster_households", round + "/" + h.number, "kind", kind[i]);
      h.kind = *k;
      h.edge = edge[i] != 0;
      h.monitored = monitored[i] != 0;
      h.tags = static_cast<unsigned>(tags[i]);
      each(h);
    }
    for (auto* v : {&number, &township, &village, &head, &hash, &tail, &kind}) v->resize(block);
    people.resize(block);
    for (auto* v : {&edge, &monitored, &tags}) v->resize(block);
  }
}

}  // namespace

void SociSurvey::for_each_household(const std::string& round,
                                    const std::function<void(const RosterHousehold&)>& each) {
  guarded("roster.households", [&] {
    soci::details::prepare_temp_type pt =
        session_.prepare << "SELECT " + std::string(kHouseholdColumns) +
                                " FROM roster_households WHERE county_id = :c AND round_id = :r"
                                " ORDER BY township, village, number";
    pt, soci::use(county_), soci::use(round);
    each_household(pt, round, [&](RosterHousehold& h) { each(h); });
  });
}

std::vector<RosterHousehold> SociSurvey::households_of(const std::string& round,
                                                       const std::string& township,
                                                       const std::string& village) {
  return guarded("roster.households_of", [&] {
    std::vector<RosterHousehold> out;
    soci::details::prepare_temp_type pt =
        session_.prepare << "SELECT " + std::string(kHouseholdColumns) +
                                " FROM roster_households WHERE county_id = :c AND round_id = :r"
                                " AND township = :t AND village = :v ORDER BY number";
    pt, soci::use(county_), soci::use(round), soci::use(township), soci::use(village);
    each_household(pt, round, [&](RosterHousehold& h) { out.push_back(std::move(h)); });
    return out;
  });
}

std::optional<RosterHousehold> SociSurvey::household(const std::string& round,
                                                     const std::string& number) {
  return guarded("roster.household", [&]() -> std::optional<RosterHousehold> {
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT " + std::string(kHouseholdColumns) +
                                 " FROM roster_households WHERE county_id = :c AND round_id = :r"
                                 " AND number = :n",
         soci::use(county_), soci::use(round), soci::use(number));
    for (const auto& r : rows) return household_of(r, round);
    return std::nullopt;
  });
}

std::optional<SampleRecord> SociSurvey::sample(const std::string& round) {
  return guarded("survey.sample", [&]() -> std::optional<SampleRecord> {
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT seed, plan, plan_digest, roster_digest, draw, drawn_at,"
                             " drawn_by, journal_seq FROM survey_samples"
                             " WHERE county_id = :c AND round_id = :r",
         soci::use(county_), soci::use(round));
    for (const auto& r : rows) {
      SampleRecord s;
      s.round = round;
      s.seed = r.get<std::string>(0);
      s.plan = r.get<std::string>(1);
      s.plan_digest = r.get<std::string>(2);
      s.roster_digest = r.get<std::string>(3);
      s.draw = r.get<std::string>(4);
      s.drawn_at = Instant{std::chrono::seconds{int64_at(r, 5)}};
      s.drawn_by = r.get<std::string>(6);
      s.journal_seq = int64_at(r, 7);
      return s;
    }
    return std::nullopt;
  });
}

void SociSurvey::put_sample(const SampleRecord& s) {
  guarded("survey.put_sample", [&] {
    long long at = s.drawn_at.time_since_epoch().count(), seq = s.journal_seq;
    session_ << "DELETE FROM survey_samples WHERE county_id = :c AND round_id = :r",
        soci::use(county_), soci::use(s.round);
    session_ << "INSERT INTO survey_samples (county_id, round_id, seed, plan, plan_digest,"
                " roster_digest, draw, drawn_at, drawn_by, journal_seq) VALUES (:c, :r, :s, :p,"
                " :pd, :rd, :d, :a, :b, :j)",
        soci::use(county_), soci::use(s.round), soci::use(s.seed), soci::use(s.plan),
        soci::use(s.plan_digest), soci::use(s.roster_digest), soci::use(s.draw), soci::use(at),
        soci::use(s.drawn_by), soci::use(seq);
  });
}

}  // namespace duban::store
