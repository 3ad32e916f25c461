#pragma once
// What the field evaluation (engine/survey/) needs from the database: a round's roster of
// villages and households, and the sample drawn from it. One implementation serves both backends
// (store/survey.cpp); each unit of work lends it (UnitOfWork::survey()).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/roster.hpp"

namespace duban::store {

/// How many villages and households a round's roster holds.
struct RosterCounts {
  std::int64_t villages = 0, households = 0;
};

/// A round's drawn sample, as it was drawn: what it was drawn from and the draw itself.
struct SampleRecord {
  std::string round;
  std::string seed;           ///< as given (--seed) or chosen
  std::string plan;           ///< the plan's canonical JSON (EvaluationPlan::canonical)
  std::string plan_digest;    ///< SHA-256 (hex) of `plan`
  std::string roster_digest;  ///< SHA-256 (hex) of the roster's canonical text
  std::string draw;           ///< the sample as JSON (survey/sample_json.hpp)
  Instant drawn_at{};
  std::string drawn_by;
  std::int64_t journal_seq = 0;  ///< the entry that recorded the draw
};

/// An evaluation group (评估组) of a round: its members are users; one of them leads it.
struct GroupRecord {
  std::string round;
  int number = 0;  ///< 1-based
  std::string leader;
  std::vector<std::string> members;  ///< user ids, the leader included
};

/// A round's schedule as it was made: from which start, and the visits (survey/schedule.hpp).
struct ScheduleRecord {
  std::string round;
  std::string start;        ///< YYYY-MM-DD as asked
  std::string schedule;     ///< JSON (survey::schedule_json)
  std::string sample_seed;  ///< the seed of the sample it visits
  Instant made_at{};
  std::string made_by;
  std::int64_t journal_seq = 0;
};

/// A questionnaire as a round fixed it when its field work started: the version every answer of
/// the round is held to, whatever later happens to the workbook.
struct FormRecord {
  std::string round;
  std::string form_id, version, digest;
  std::string title;
  std::string subject;     ///< "household" or "village"
  std::string file;        ///< the workbook it was read from (its name), for people
  std::string definition;  ///< survey::form_json
  Instant fixed_at{};
  std::string fixed_by;
  std::int64_t journal_seq = 0;
};

/// One household's or village's answers to one form (答卷), as last submitted.
struct AnswerRecord {
  std::string round, form_id;
  std::string subject;   ///< a household's 户编号, or "<township id>/<village>" for a village
  int group = 0;         ///< the evaluation group that visited (0: none recorded)
  std::string answers;   ///< JSON object: question name → answer text (survey::CheckedAnswers)
  std::string source;    ///< "page", "odk" (an ODK/KoboToolbox export), "cli"
  std::string instance;  ///< the submission's own id (the page's key, ODK's instanceID)
  Instant submitted_at{};
  std::string submitted_by;
  std::int64_t journal_seq = 0;
};

/// A problem found in the field (草稿问题): an answer that met its question's problem condition
/// (or an exit-check indicator that failed), until the group leader confirms, edits, merges or
/// drops it. One per form, subject and question.
struct DraftRecord {
  std::int64_t id = 0;  ///< per county and round, from 1
  std::string round, form_id, subject, question;
  std::string township, village;  ///< the subject's township (unit id) and village
  int group = 0;                  ///< the group whose schedule visits the village (0: none)
  std::string day;  ///< YYYY-MM-DD: the village's day in the schedule (else the answer's)
  std::string category, text;    ///< as the leader keeps them (the found ones until edited)
  std::string found;             ///< the wording the condition gave
  std::string value;             ///< the answer that met it
  std::string status = "draft";  ///< draft | confirmed | dropped | merged | withdrawn
  std::int64_t merged_into = 0;
  std::string note;  ///< why it was dropped; what changed
  Instant changed_at{};
  std::string changed_by;
  std::int64_t journal_seq = 0;
};

struct DraftFilter {
  int group = 0;                 ///< 0: every group
  std::string day;               ///< "": every day
  std::string status;            ///< "": every status
  std::string form_id, subject;  ///< "": any
};

class SurveyRepository {
 public:
  virtual ~SurveyRepository() = default;

  /// Writes a village of `round`'s roster, replacing the one with its township and name.
  virtual void put_village(const std::string& round, const RosterVillage& village) = 0;
  /// Writes a household, replacing the one with its number (户编号). `import` tags the rows one
  /// import writes: false when this import wrote that number already (the file lists it twice),
  /// and then nothing is written.
  virtual bool put_household(const std::string& round, const RosterHousehold& household,
                             std::int64_t import) = 0;
  virtual RosterCounts roster_counts(const std::string& round) = 0;
  /// The villages, by township and name.
  virtual std::vector<RosterVillage> villages(const std::string& round) = 0;
  /// Every household, by township, village and number (a large roster is not held in memory).
  virtual void for_each_household(const std::string& round,
                                  const std::function<void(const RosterHousehold&)>& each) = 0;
  /// The households of one village, by number.
  virtual std::vector<RosterHousehold> households_of(const std::string& round,
                                                     const std::string& township,
                                                     const std::string& village) = 0;
  virtual std::optional<RosterHousehold> household(const std::string& round,
                                                   const std::string& number) = 0;

  virtual std::optional<SampleRecord> sample(const std::string& round) = 0;
  /// Writes the round's sample, replacing the one drawn before (a redraw).
  virtual void put_sample(const SampleRecord& sample) = 0;

  /// The round's groups that have members, by number.
  virtual std::vector<GroupRecord> groups(const std::string& round) = 0;
  /// Writes a group, replacing the one with its number.
  virtual void put_group(const GroupRecord& group) = 0;
  virtual std::optional<ScheduleRecord> schedule(const std::string& round) = 0;
  /// Writes the round's schedule, replacing the one made before.
  virtual void put_schedule(const ScheduleRecord& schedule) = 0;
  /// The forms the round fixed, by form id.
  virtual std::vector<FormRecord> forms(const std::string& round) = 0;
  /// Fixes a form for the round; a form id is fixed once (already_exists otherwise).
  virtual void put_form(const FormRecord& form) = 0;
  /// The answers of a round (to one form when `form_id` is not empty), by form and subject.
  virtual std::vector<AnswerRecord> answers(const std::string& round,
                                            const std::string& form_id) = 0;
  virtual std::optional<AnswerRecord> answer(const std::string& round, const std::string& form_id,
                                             const std::string& subject) = 0;
  /// The answers a submission with this instance id stored, if any (a resent submission).
  virtual std::optional<AnswerRecord> answer_by_instance(const std::string& round,
                                                         const std::string& instance) = 0;
  /// Writes a subject's answers to a form, replacing what it had.
  virtual void put_answer(const AnswerRecord& answer) = 0;
  /// The round's drafts that pass `filter`, by id.
  virtual std::vector<DraftRecord> drafts(const std::string& round, const DraftFilter& filter) = 0;
  virtual std::optional<DraftRecord> draft(const std::string& round, std::int64_t id) = 0;
  /// The id the round's next draft gets (one more than the largest so far).
  virtual std::int64_t next_draft_id(const std::string& round) = 0;
  /// Writes a draft, replacing the one with its id.
  virtual void put_draft(const DraftRecord& draft) = 0;
};

}  // namespace duban::store
