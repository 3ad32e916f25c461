#pragma once
// The per-file readers behind load_config(). Each records problems and returns what it could read.
#include <filesystem>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/yaml_reader.hpp"
#include "domain/evaluation_plan.hpp"
#include "domain/reminder_policy.hpp"
#include "domain/scoring.hpp"
#include "domain/unit.hpp"
#include "domain/work_calendar.hpp"
#include "domain/workflow.hpp"

namespace duban::config {

/// `shown` is the file name as it appears in error messages.
std::vector<Unit> load_units(const std::filesystem::path& file, const std::string& shown,
                             Diagnostics& diagnostics);

/// Reads workflows/evaluation-procedure.yaml and workflows/rectification-lifecycle.yaml.
Workflow load_workflow(const std::filesystem::path& dir, const std::string& shown_dir,
                       Diagnostics& diagnostics);

/// Reads a `reminders:` section (send_time, rungs; for `items`, acknowledge_within) of a workflow
/// file.
ReminderPolicy read_reminder_policy(const YAML::Node& node, const std::string& path,
                                    const Source& src, bool items = false);

/// `to:` (recipient roles) and `mailbox:` (an address) of a digest or a list, each mistake at its
/// place; `to` replaced only when the key is there.
void read_roles_and_mailbox(MapReader& r, const Source& src, std::vector<RecipientRole>& to,
                            std::string& mailbox);
/// Reads `daily_digest:` (time, to, mailbox).
Workflow::DailyDigest read_daily_digest(const YAML::Node& node, const std::string& path,
                                        const Source& src);

/// Reads `messages:` (the templates reminders are written with), checking their placeholders.
MessageTemplates read_messages(const YAML::Node& node, const std::string& path, const Source& src);

/// Reads `plugin_dir` and the `plugins:` list of duban.yaml (each plugin's settings are checked
/// by the plugin when it is loaded).
void read_plugins(MapReader& top, const Source& src, const std::filesystem::path& base,
                  Config& cfg);
/// Reads the `dispatch:` and `tasks:` sections.
void read_dispatch(MapReader& top, const Source& src, Config& cfg);
/// Where plugins are looked for without plugin_dir: ../plugins beside the executable.
std::filesystem::path default_plugin_dir();

/// Reads every *.yaml file of config/calendar/ in name order: the State Council's arrangement
/// for a year (a file with `year`), and a county's own days off and working days.
WorkCalendar load_calendar(const std::filesystem::path& dir, const std::string& shown_dir,
                           Diagnostics& diagnostics);

/// Reads config/scoring.yaml: the scoring model of each ranked unit kind.
ScoringModel load_scoring(const std::filesystem::path& file, const std::string& shown,
                          Diagnostics& diagnostics);

/// Reads config/evaluation-plan.yaml: the field evaluation's sampling numbers (what it does not
/// say is the seed's).
EvaluationPlan load_evaluation_plan(const std::filesystem::path& file, const std::string& shown,
                                    Diagnostics& diagnostics);
/// Reads the `survey:` section (plan, id_key) and the plan it names (or evaluation-plan.yaml
/// beside duban.yaml).
void read_survey(MapReader& top, const Source& src, const std::filesystem::path& base, Config& cfg);

}  // namespace duban::config
