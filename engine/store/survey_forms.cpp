// The forms a round fixed and the answers given to them, in a SOCI database (survey_forms,
// survey_answers).
#include "domain/errors.hpp"
#include "store/guard.hpp"
#include "store/row.hpp"
#include "store/survey.hpp"

namespace duban::store {

namespace {

constexpr const char* kAnswerColumns =
    "form_id, subject, group_number, answers, source, instance, submitted_at, submitted_by,"
    " journal_seq";

AnswerRecord answer_from(const soci::row& r, const std::string& round) {
  AnswerRecord a;
  a.round = round;
  a.form_id = r.get<std::string>(0);
  a.subject = r.get<std::string>(1);
  a.group = static_cast<int>(int64_at(r, 2));
  a.answers = r.get<std::string>(3);
  a.source = r.get<std::string>(4);
  a.instance = r.get<std::string>(5);
  a.submitted_at = Instant{std::chrono::seconds{int64_at(r, 6)}};
  a.submitted_by = r.get<std::string>(7);
  a.journal_seq = int64_at(r, 8);
  return a;
}

}  // namespace

std::vector<FormRecord> SociSurvey::forms(const std::string& round) {
  return guarded("survey.forms", [&] {
    std::vector<FormRecord> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT form_id, version, digest, title, subject, file, definition,"
                             " fixed_at, fixed_by, journal_seq FROM survey_forms"
                             " WHERE county_id = :c AND round_id = :r ORDER BY form_id",
         soci::use(county_), soci::use(round));
    for (const auto& r : rows) {
      FormRecord f;
      f.round = round;
      f.form_id = r.get<std::string>(0);
      f.version = r.get<std::string>(1);
      f.digest = r.get<std::string>(2);
      f.title = r.get<std::string>(3);
      f.subject = r.get<std::string>(4);
      f.file = r.get<std::string>(5);
      f.definition = r.get<std::string>(6);
      f.fixed_at = Instant{std::chrono::seconds{int64_at(r, 7)}};
      f.fixed_by = r.get<std::string>(8);
      f.journal_seq = int64_at(r, 9);
      out.push_back(std::move(f));
    }
    return out;
  });
}

void SociSurvey::put_form(const FormRecord& f) {
  guarded("survey.put_form", [&] {
    long long at = f.fixed_at.time_since_epoch().count(), seq = f.journal_seq;
    long long n = 0;
    session_ << "SELECT COUNT(*) FROM survey_forms WHERE county_id = :c AND round_id = :r AND"
                " form_id = :f",
        soci::use(county_), soci::use(f.round), soci::use(f.form_id), soci::into(n);
    if (n > 0) {
      throw Error(Errc::already_exists,
                  {"本轮已固定问卷 " + f.form_id, "the round has fixed form " + f.form_id});
    }
    session_ << "INSERT INTO survey_forms (county_id, round_id, form_id, version, digest, title,"
                " subject, file, definition, fixed_at, fixed_by, journal_seq) VALUES (:c, :r, :f,"
                " :v, :d, :t, :s, :file, :def, :a, :b, :j)",
        soci::use(county_), soci::use(f.round), soci::use(f.form_id), soci::use(f.version),
        soci::use(f.digest), soci::use(f.title), soci::use(f.subject), soci::use(f.file),
        soci::use(f.definition), soci::use(at), soci::use(f.fixed_by), soci::use(seq);
  });
}

std::vector<AnswerRecord> SociSurvey::answers(const std::string& round,
                                              const std::string& form_id) {
  return guarded("survey.answers", [&] {
    std::vector<AnswerRecord> out;
    std::string all = form_id.empty() ? "1" : "0";
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string("SELECT ") + kAnswerColumns +
                                 " FROM survey_answers WHERE county_id = :c AND round_id = :r"
                                 " AND (:all = '1' OR form_id = :f) ORDER BY form_id, subject",
         soci::use(county_), soci::use(round), soci::use(all), soci::use(form_id));
    for (const auto& r : rows) out.push_back(answer_from(r, round));
    return out;
  });
}

std::optional<AnswerRecord> SociSurvey::answer(const std::string& round, const std::string& form_id,
                                               const std::string& subject) {
  return guarded("survey.answer", [&]() -> std::optional<AnswerRecord> {
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string("SELECT ") + kAnswerColumns +
                                 " FROM survey_answers WHERE county_id = :c AND round_id = :r"
                                 " AND form_id = :f AND subject = :s",
         soci::use(county_), soci::use(round), soci::use(form_id), soci::use(subject));
    for (const auto& r : rows) return answer_from(r, round);
    return std::nullopt;
  });
}

std::optional<AnswerRecord> SociSurvey::answer_by_instance(const std::string& round,
                                                           const std::string& instance) {
  return guarded("survey.answer_by_instance", [&]() -> std::optional<AnswerRecord> {
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string("SELECT ") + kAnswerColumns +
                                 " FROM survey_answers WHERE county_id = :c AND round_id = :r"
                                 " AND instance = :i",
         soci::use(county_), soci::use(round), soci::use(instance));
    for (const auto& r : rows) return answer_from(r, round);
    return std::nullopt;
  });
}

void SociSurvey::put_answer(const AnswerRecord& a) {
  guarded("survey.put_answer", [&] {
    long long at = a.submitted_at.time_since_epoch().count(), seq = a.journal_seq;
    long long group = a.group;
    session_ << "DELETE FROM survey_answers WHERE county_id = :c AND round_id = :r AND"
                " form_id = :f AND subject = :s",
        soci::use(county_), soci::use(a.round), soci::use(a.form_id), soci::use(a.subject);
    session_ << "INSERT INTO survey_answers (county_id, round_id, form_id, subject, group_number,"
                " answers, source, instance, submitted_at, submitted_by, journal_seq) VALUES (:c,"
                " :r, :f, :s, :g, :a, :src, :i, :t, :b, :j)",
        soci::use(county_), soci::use(a.round), soci::use(a.form_id), soci::use(a.subject),
        soci::use(group), soci::use(a.answers), soci::use(a.source), soci::use(a.instance),
        soci::use(at), soci::use(a.submitted_by), soci::use(seq);
  });
}

}  // namespace duban::store
