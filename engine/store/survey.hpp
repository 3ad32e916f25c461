#pragma once
// The field evaluation's roster and samples in a SOCI database (tables roster_villages,
// roster_households, survey_samples).
#include <soci/soci.h>

#include <memory>

#include "store/survey_repository.hpp"

namespace duban::store {

class SociSurvey final : public SurveyRepository {
 public:
  /// `county`: whose rows (read as each statement runs; store/soci_store.cpp sets it).
  SociSurvey(soci::session& session, const long long& county);
  ~SociSurvey() override;
  void put_village(const std::string& round, const RosterVillage& village) override;
  bool put_household(const std::string& round, const RosterHousehold& household,
                     std::int64_t import) override;
  RosterCounts roster_counts(const std::string& round) override;
  std::vector<RosterVillage> villages(const std::string& round) override;
  void for_each_household(const std::string& round,
                          const std::function<void(const RosterHousehold&)>& each) override;
  std::vector<RosterHousehold> households_of(const std::string& round, const std::string& township,
                                             const std::string& village) override;
  std::optional<RosterHousehold> household(const std::string& round,
                                           const std::string& number) override;
  std::optional<SampleRecord> sample(const std::string& round) override;
  void put_sample(const SampleRecord& sample) override;
  std::vector<GroupRecord> groups(const std::string& round) override;
  void put_group(const GroupRecord& group) override;
  std::optional<ScheduleRecord> schedule(const std::string& round) override;
  void put_schedule(const ScheduleRecord& schedule) override;
  std::vector<FormRecord> forms(const std::string& round) override;
  void put_form(const FormRecord& form) override;
  std::vector<AnswerRecord> answers(const std::string& round, const std::string& form_id) override;
  std::optional<AnswerRecord> answer(const std::string& round, const std::string& form_id,
                                     const std::string& subject) override;
  std::optional<AnswerRecord> answer_by_instance(const std::string& round,
                                                 const std::string& instance) override;
  void put_answer(const AnswerRecord& answer) override;
  std::vector<DraftRecord> drafts(const std::string& round, const DraftFilter& filter) override;
  std::optional<DraftRecord> draft(const std::string& round, std::int64_t id) override;
  std::int64_t next_draft_id(const std::string& round) override;
  void put_draft(const DraftRecord& draft) override;

 private:
  struct Upsert;  // the household upsert, prepared once (an import writes millions)
  soci::session& session_;
  const long long& county_;
  std::unique_ptr<Upsert> upsert_;
};

}  // namespace duban::store
