#pragma once
// 问题草稿 → 当日问题清单: each answer that meets its question's problem condition (and each
// exit-check indicator that fails) becomes a draft problem tied to the household or village, the
// question and the group whose schedule visits the village; the group leader (or the office)
// edits, merges or drops drafts, and confirming a day makes the group's list of that day. An
// answer changed later moves its drafts: a problem that no longer holds is withdrawn (unless
// confirmed), a new one is added. Every change is journaled (draft:<round>/<id>, list:…).
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/transaction.hpp"
#include "store/survey_repository.hpp"
#include "survey/form_answers.hpp"
#include "survey/sampling.hpp"

namespace duban::survey {

/// Within submit_answers' transaction: the drafts of `answer` (its form and subject) brought in
/// line with `found` (assess()'s result).
void record_drafts(app::Services& services, app::Transaction& tx, const std::string& actor,
                   const store::AnswerRecord& answer, const Sample& sample,
                   const std::vector<Assessment>& found);

std::vector<store::DraftRecord> list_drafts(app::Services& services, const std::string& actor,
                                            const std::string& round,
                                            const store::DraftFilter& filter);

/// A draft as the command line (--json) and the API show it.
nlohmann::json draft_json(const store::DraftRecord& draft);

enum class DraftAction { edit, drop, merge, restore };

struct ChangeDraft {
  std::string actor, round;
  std::int64_t id = 0;
  DraftAction action = DraftAction::edit;
  std::string text, category;  ///< edit: the new wording and/or category
  std::string reason;          ///< drop: why (required)
  std::int64_t into = 0;       ///< merge: the draft it joins (same group)
};

/// The group's leader or the office only; a confirmed draft is on a list and does not change.
/// Errors: not_found, permission_denied, invalid_transition (confirmed, or not a draft),
/// reason_required (drop), invalid_argument (merge into itself or another group's draft).
store::DraftRecord change_draft(app::Services& services, const ChangeDraft& request);

struct DayList {
  std::string round, day;
  int group = 0;
  std::size_t confirmed_now = 0;
  std::vector<store::DraftRecord> problems;  ///< the group's confirmed problems of the day
};

/// Confirms every draft of `group` on `day` (the leader or the office): they form the group's
/// list of the day. Confirming again adds drafts found since.
DayList confirm_day(app::Services& services, const std::string& actor, const std::string& round,
                    int group, const std::string& day);

}  // namespace duban::survey
