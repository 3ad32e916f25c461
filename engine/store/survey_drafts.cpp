// The field work's draft problems in a SOCI database (survey_drafts).
#include "store/guard.hpp"
#include "store/row.hpp"
#include "store/survey.hpp"

namespace duban::store {

namespace {

constexpr const char* kDraftColumns =
    "id, form_id, subject, question, township, village, group_number, day, category, text,"
    " found, value, status, merged_into, note, changed_at, changed_by, journal_seq";

DraftRecord draft_from(const soci::row& r, const std::string& round) {
  DraftRecord d;
  d.round = round;
  d.id = int64_at(r, 0);
  d.form_id = r.get<std::string>(1);
  d.subject = r.get<std::string>(2);
  d.question = r.get<std::string>(3);
  d.township = r.get<std::string>(4);
  d.village = r.get<std::string>(5);
  d.group = static_cast<int>(int64_at(r, 6));
  d.day = r.get<std::string>(7);
  d.category = r.get<std::string>(8);
  d.text = r.get<std::string>(9);
  d.found = r.get<std::string>(10);
  d.value = r.get<std::string>(11);
  d.status = r.get<std::string>(12);
  d.merged_into = int64_at(r, 13);
  d.note = r.get<std::string>(14);
  d.changed_at = Instant{std::chrono::seconds{int64_at(r, 15)}};
  d.changed_by = r.get<std::string>(16);
  d.journal_seq = int64_at(r, 17);
  return d;
}

}  // namespace

std::vector<DraftRecord> SociSurvey::drafts(const std::string& round, const DraftFilter& f) {
  return guarded("survey.drafts", [&] {
    std::vector<DraftRecord> out;
    long long group = f.group;
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string("SELECT ") + kDraftColumns +
                                 " FROM survey_drafts WHERE county_id = :c AND round_id = :r"
                                 " AND (:g = 0 OR group_number = :g2) AND (:d = '' OR day = :d2)"
                                 " AND (:s = '' OR status = :s2) AND (:f = '' OR form_id = :f2)"
                                 " AND (:u = '' OR subject = :u2) ORDER BY id",
         soci::use(county_), soci::use(round), soci::use(group), soci::use(group), soci::use(f.day),
         soci::use(f.day), soci::use(f.status), soci::use(f.status), soci::use(f.form_id),
         soci::use(f.form_id), soci::use(f.subject), soci::use(f.subject));
    for (const auto& r : rows) out.push_back(draft_from(r, round));
    return out;
  });
}

std::optional<DraftRecord> SociSurvey::draft(const std::string& round, std::int64_t id) {
  return guarded("survey.draft", [&]() -> std::optional<DraftRecord> {
    long long n = id;
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string("SELECT ") + kDraftColumns +
                                 " FROM survey_drafts WHERE county_id = :c AND round_id = :r"
                                 " AND id = :i",
         soci::use(county_), soci::use(round), soci::use(n));
    for (const auto& r : rows) return draft_from(r, round);
    return std::nullopt;
  });
}

std::int64_t SociSurvey::next_draft_id(const std::string& round) {
  return guarded("survey.next_draft_id", [&] {
    long long n = 0;
    soci::indicator ind = soci::i_ok;
    session_ << "SELECT MAX(id) FROM survey_drafts WHERE county_id = :c AND round_id = :r",
        soci::use(county_), soci::use(round), soci::into(n, ind);
    return static_cast<std::int64_t>(ind == soci::i_ok ? n + 1 : 1);
  });
}

void SociSurvey::put_draft(const DraftRecord& d) {
  guarded("survey.put_draft", [&] {
    long long id = d.id, group = d.group, merged = d.merged_into, seq = d.journal_seq;
    long long at = d.changed_at.time_since_epoch().count();
    session_ << "DELETE FROM survey_drafts WHERE county_id = :c AND round_id = :r AND id = :i",
        soci::use(county_), soci::use(d.round), soci::use(id);
    session_ << "INSERT INTO survey_drafts (county_id, round_id, id, form_id, subject, question,"
                " township, village, group_number, day, category, text, found, value, status,"
                " merged_into, note, changed_at, changed_by, journal_seq) VALUES (:c, :r, :i, :f,"
                " :s, :q, :t, :v, :g, :d, :cat, :x, :fd, :val, :st, :m, :n, :a, :b, :j)",
        soci::use(county_), soci::use(d.round), soci::use(id), soci::use(d.form_id),
        soci::use(d.subject), soci::use(d.question), soci::use(d.township), soci::use(d.village),
        soci::use(group), soci::use(d.day), soci::use(d.category), soci::use(d.text),
        soci::use(d.found), soci::use(d.value), soci::use(d.status), soci::use(merged),
        soci::use(d.note), soci::use(at), soci::use(d.changed_by), soci::use(seq);
  });
}

}  // namespace duban::store
