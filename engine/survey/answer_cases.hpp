#pragma once
// 入户调查、村级核查的答卷: a group member (or the office) submits one household's or village's
// answers to one of the round's forms. The subject must be in the round's sample, a household
// form must be the one for its kind, and the answers are held to the form the round fixed (its
// first answer fixes the plan's forms); each submission carries its own id (the phone's key, ODK's
// instanceID), so one sent twice is stored once. The answers are journaled, with the problems
// their conditions find.
#include <map>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/calendar.hpp"
#include "store/survey_repository.hpp"
#include "survey/form_answers.hpp"
#include "survey/schedule.hpp"

namespace duban::survey {

struct SubmitAnswers {
  std::string actor, round;
  std::string form;     ///< form id
  std::string subject;  ///< a household's 户编号, or "<township id>/<village>" for a village
  std::map<std::string, std::string> answers;
  std::string instance;  ///< the submission's id; required
  std::string source = "cli";
  bool check_only = false;  ///< check everything, write nothing (an import's first pass)
};

struct SubmittedAnswers {
  store::AnswerRecord record;
  bool repeated = false;  ///< this instance was stored before: nothing was written now
  std::vector<Assessment> assessments;
};

/// Stores the answers, replacing the subject's earlier answers to the form. Errors: not_found
/// (round, sample, form, subject), permission_denied (neither the office nor an evaluator nor a
/// member of one of the round's groups), invalid_argument (no instance; a household form not for
/// the household's kind), import_invalid (answers the form refuses, each named).
SubmittedAnswers submit_answers(app::Services& services, const SubmitAnswers& request);

/// The round's answers (to `form` when not empty), for the office, evaluators and group members.
std::vector<store::AnswerRecord> list_answers(app::Services& services, const std::string& actor,
                                              const std::string& round, const std::string& form);

/// What a group member's phone needs for a day of field work.
struct FieldDay {
  std::string round;
  Date day{};
  int group = 0;              ///< the actor's group (0: none; the office sees all)
  bool leader = false;        ///< the actor leads that group, or is the office: confirms its lists
  std::vector<Visit> visits;  ///< the day's visits (the group's, or all for the office)
  std::vector<SampledVillage> villages;  ///< those villages with their sampled households
  std::vector<store::FormRecord> forms;  ///< the round's forms: fixed, or as they would be fixed
  std::map<std::string, std::string> answered;  ///< "<form>|<subject>" → instance, for the day's
  std::map<std::string, RosterFacts> facts;     ///< each subject's roster facts, for roster('…')
};

FieldDay field_day(app::Services& services, const std::string& actor, const std::string& round,
                   Date day);

/// A photo taken as evidence of an answer (an `image` question's answer is its SHA-256): a JPEG,
/// PNG or WebP of at most `max_bytes`, kept like an item's evidence. Returns the SHA-256.
std::string store_photo(app::Services& services, const std::string& actor, const std::string& round,
                        const std::string& bytes, std::size_t max_bytes);
/// The photo's bytes and media type; not_found when there is none by that hash.
std::pair<std::string, std::string> read_photo(app::Services& services, const std::string& actor,
                                               const std::string& round, const std::string& sha256);

/// The roster facts of a subject, for roster('…').
RosterFacts household_facts(const RosterHousehold& h);
RosterFacts village_facts(const RosterVillage& v);

}  // namespace duban::survey
