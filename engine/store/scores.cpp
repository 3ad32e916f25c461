#include "store/scores.hpp"

#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

namespace {

ScoreRecord score_from(const soci::row& r, const std::string& round) {
  ScoreRecord s;
  s.round = round;
  s.unit = r.get<std::string>(0);
  s.indicator = r.get<std::string>(1);
  s.value = r.get<std::string>(2);
  s.source = r.get<std::string>(3);
  s.recorded_by = r.get<std::string>(4);
  s.recorded_at = r.get<std::string>(5);
  s.note = r.get<std::string>(6);
  return s;
}

const char* const kRecommendationColumns =
    "id, round_id, unit_id, plugin, rule, action, text_zh, text_en, inputs, follow_up, state,"
    " created_at, decided_by, decided_at, note, item_id";

Recommendation recommendation_from(const soci::row& r) {
  Recommendation x;
  x.id = int64_at(r, 0);
  x.round = r.get<std::string>(1);
  x.unit = r.get<std::string>(2);
  x.plugin = r.get<std::string>(3);
  x.rule = r.get<std::string>(4);
  x.action = r.get<std::string>(5);
  x.text_zh = r.get<std::string>(6);
  x.text_en = r.get<std::string>(7);
  x.inputs = r.get<std::string>(8);
  x.follow_up = r.get<std::string>(9);
  auto state = recommendation_state_from(r.get<std::string>(10));
  if (!state) {
    undecodable("recommendations", std::to_string(x.id), "state", r.get<std::string>(10));
  }
  x.state = *state;
  x.created_at = r.get<std::string>(11);
  x.decided_by = r.get<std::string>(12);
  x.decided_at = r.get<std::string>(13);
  x.note = r.get<std::string>(14);
  x.item_id = int64_at(r, 15);
  return x;
}

}  // namespace

std::optional<ScoreRecord> ScoreStore::find_score(const std::string& round, const std::string& unit,
                                                  const std::string& indicator) {
  return guarded("scores.find", [&]() -> std::optional<ScoreRecord> {
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT unit_id, indicator, value, source, recorded_by, recorded_at,"
                             " note FROM scores WHERE county_id = :c AND round_id = :r"
                             " AND unit_id = :u AND indicator = :i",
         soci::use(county_), soci::use(round), soci::use(unit), soci::use(indicator));
    for (const auto& r : rows) return score_from(r, round);
    return std::nullopt;
  });
}

void ScoreStore::put_score(const ScoreRecord& s) {
  guarded("scores.put", [&] {
    session_ << "DELETE FROM scores WHERE county_id = :c AND round_id = :r AND unit_id = :u"
                " AND indicator = :i",
        soci::use(county_), soci::use(s.round), soci::use(s.unit), soci::use(s.indicator);
    session_ << "INSERT INTO scores (county_id, round_id, unit_id, indicator, value, source,"
                " recorded_by, recorded_at, note) VALUES (:c, :r, :u, :i, :v, :s, :by, :at,"
                " :note)",
        soci::use(county_), soci::use(s.round), soci::use(s.unit), soci::use(s.indicator),
        soci::use(s.value), soci::use(s.source), soci::use(s.recorded_by), soci::use(s.recorded_at),
        soci::use(s.note);
  });
}

void ScoreStore::clear_score(const std::string& round, const std::string& unit,
                             const std::string& indicator) {
  guarded("scores.clear", [&] {
    session_ << "DELETE FROM scores WHERE county_id = :c AND round_id = :r AND unit_id = :u"
                " AND indicator = :i",
        soci::use(county_), soci::use(round), soci::use(unit), soci::use(indicator);
  });
}

std::vector<ScoreRecord> ScoreStore::scores(const std::string& round) {
  return guarded("scores.list", [&] {
    std::vector<ScoreRecord> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT unit_id, indicator, value, source, recorded_by, recorded_at,"
                             " note FROM scores WHERE county_id = :c AND round_id = :r"
                             " ORDER BY unit_id, indicator",
         soci::use(county_), soci::use(round));
    for (const auto& r : rows) out.push_back(score_from(r, round));
    return out;
  });
}

void ScoreStore::put_ranking(const std::string& round, const std::vector<RankingRow>& rows) {
  guarded("rankings.put", [&] {
    session_ << "DELETE FROM rankings WHERE county_id = :c AND round_id = :r", soci::use(county_),
        soci::use(round);
    for (const auto& x : rows) {
      session_ << "INSERT INTO rankings (county_id, round_id, unit_id, kind, position, rank, total,"
                  " grade, last_streak, detail, published_at, published_by) VALUES (:c, :r, :u,"
                  " :k, :p, :rank, :t, :g, :l, :d, :at, :by)",
          soci::use(county_), soci::use(round), soci::use(x.unit), soci::use(x.kind),
          soci::use(x.position), soci::use(x.rank), soci::use(x.total), soci::use(x.grade),
          soci::use(x.last_streak), soci::use(x.detail), soci::use(x.published_at),
          soci::use(x.published_by);
    }
  });
}

std::vector<RankingRow> ScoreStore::ranking(const std::string& round) {
  return guarded("rankings.list", [&] {
    std::vector<RankingRow> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT unit_id, kind, position, rank, total, grade, last_streak,"
                             " detail, published_at, published_by FROM rankings"
                             " WHERE county_id = :c AND round_id = :r ORDER BY kind DESC, position",
         soci::use(county_), soci::use(round));
    for (const auto& r : rows) {
      RankingRow x;
      x.round = round;
      x.unit = r.get<std::string>(0);
      x.kind = r.get<std::string>(1);
      x.position = int_at(r, 2);
      x.rank = int_at(r, 3);
      x.total = r.get<std::string>(4);
      x.grade = r.get<std::string>(5);
      x.last_streak = int_at(r, 6);
      x.detail = r.get<std::string>(7);
      x.published_at = r.get<std::string>(8);
      x.published_by = r.get<std::string>(9);
      out.push_back(std::move(x));
    }
    return out;
  });
}

void ScoreStore::add_recommendation(Recommendation& x) {
  guarded("recommendations.add", [&] {
    std::string state(to_string(x.state));
    long long id = 0, item = x.item_id;
    session_ << "INSERT INTO recommendations (county_id, round_id, unit_id, plugin, rule, action,"
                " text_zh, text_en, inputs, follow_up, state, created_at, decided_by, decided_at,"
                " note, item_id) VALUES (:c, :r, :u, :p, :rule, :a, :zh, :en, :in, :f, :s, :at,"
                " :by, :dat, :note, :item) RETURNING id",
        soci::use(county_), soci::use(x.round), soci::use(x.unit), soci::use(x.plugin),
        soci::use(x.rule), soci::use(x.action), soci::use(x.text_zh), soci::use(x.text_en),
        soci::use(x.inputs), soci::use(x.follow_up), soci::use(state), soci::use(x.created_at),
        soci::use(x.decided_by), soci::use(x.decided_at), soci::use(x.note), soci::use(item),
        soci::into(id);
    x.id = id;
  });
}

std::optional<Recommendation> ScoreStore::find_recommendation(std::int64_t id) {
  return guarded("recommendations.find", [&]() -> std::optional<Recommendation> {
    long long key = id;
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string("SELECT ") + kRecommendationColumns +
                                 " FROM recommendations WHERE county_id = :c AND id = :id",
         soci::use(county_), soci::use(key));
    for (const auto& r : rows) return recommendation_from(r);
    return std::nullopt;
  });
}

void ScoreStore::update_recommendation(const Recommendation& x) {
  guarded("recommendations.update", [&] {
    std::string state(to_string(x.state));
    long long id = x.id, item = x.item_id;
    session_ << "UPDATE recommendations SET state = :s, decided_by = :by, decided_at = :at,"
                " note = :note, item_id = :item WHERE county_id = :c AND id = :id",
        soci::use(state), soci::use(x.decided_by), soci::use(x.decided_at), soci::use(x.note),
        soci::use(item), soci::use(county_), soci::use(id);
  });
}

std::vector<Recommendation> ScoreStore::recommendations(const RecommendationFilter& f) {
  return guarded("recommendations.list", [&] {
    std::vector<Recommendation> out;
    std::string state = f.state ? std::string(to_string(*f.state)) : "";
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string("SELECT ") + kRecommendationColumns +
                                 " FROM recommendations WHERE county_id = :c"
                                 " AND (:r = '' OR round_id = :r2)"
                                 " AND (:u = '' OR unit_id = :u2) AND (:s = '' OR state = :s2)"
                                 " ORDER BY id",
         soci::use(county_), soci::use(f.round), soci::use(f.round), soci::use(f.unit),
         soci::use(f.unit), soci::use(state), soci::use(state));
    for (const auto& r : rows) out.push_back(recommendation_from(r));
    return out;
  });
}

}  // namespace duban::store
