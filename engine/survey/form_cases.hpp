#pragma once
// 固定问卷版本: a round's questionnaires are the plan's forms (config/evaluation-plan.yaml,
// forms:), checked; when the round's field work starts each form's version is fixed for it —
// its definition kept in the database and journaled with its digest — so that every answer of
// the round is held to the same questions, whatever later happens to the workbook. A county
// changes a form for a later round by giving it a new version.
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/transaction.hpp"
#include "store/survey_repository.hpp"
#include "survey/form.hpp"

namespace duban::survey {

struct PlanForm {
  std::string file;                        ///< the workbook, as the plan names it (a path)
  std::optional<Form> form;                ///< when it passes its check
  std::vector<FormFinding> findings;       ///< its check's findings
  std::optional<store::FormRecord> fixed;  ///< what the round fixed under its form id
  /// Fixed, and the workbook no longer gives the same questions (its digest differs).
  bool changed_since_fixed() const { return fixed && form && form->digest != fixed->digest; }
};

struct RoundForms {
  std::string round;
  std::vector<PlanForm> forms;                 ///< the plan's, in its order
  std::vector<store::FormRecord> not_in_plan;  ///< fixed by the round, no longer in the plan
  std::vector<std::string> fixed_now;          ///< form ids fix_forms fixed in this call
};

/// The plan's forms for `round`, checked, with what the round fixed (office and evaluators).
RoundForms round_forms(app::Services& services, const std::string& actor, const std::string& round);

/// Fixes the version of every plan form the round has not fixed yet (office only); refused
/// (import_invalid, naming each sheet:row) when a plan form does not pass its check, and then
/// nothing is fixed. Forms fixed before are kept as they were, even if the workbook changed.
RoundForms fix_forms(app::Services& services, const std::string& actor, const std::string& round);

/// Within a transaction: fixes the plan's forms not fixed yet (what the first answer of a round
/// does), returning the round's fixed forms by id.
std::vector<store::FormRecord> ensure_fixed(app::Services& services, app::Transaction& tx,
                                            const std::string& actor, const std::string& round,
                                            std::vector<std::string>* fixed_now = nullptr);

}  // namespace duban::survey
