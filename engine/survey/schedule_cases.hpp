#pragma once
// 评估组与日程: a round's evaluation groups (their members are users), and the schedule of their
// visits to the sampled villages; shown as text, JSON or a printable workbook (日程表).
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "store/survey_repository.hpp"
#include "survey/schedule.hpp"

namespace duban::survey {

struct SetGroup {
  std::string actor, round;
  int number = 0;                    ///< 1 .. the plan's groups.count
  std::vector<std::string> members;  ///< user ids; empty: the group is cleared
  std::string leader{};              ///< one of the members (default: the first)
};

/// Sets a group's members (the leading group's office). Error(not_found) for a user that does
/// not exist, Error(invalid_argument) for a number outside the plan or a leader not a member.
store::GroupRecord set_group(app::Services& services, const SetGroup& request);
/// The round's groups with members (the office and evaluators).
std::vector<store::GroupRecord> list_groups(app::Services& services, const std::string& actor,
                                            const std::string& round);

struct ScheduleView {
  store::ScheduleRecord record;
  Schedule schedule;
  std::vector<store::GroupRecord> groups;
};

/// Makes the round's schedule from its sample (the office): the plan's groups and villages a
/// day, working days from `start` (YYYY-MM-DD). Replaces an earlier one; journaled.
ScheduleView make_schedule(app::Services& services, const std::string& actor,
                           const std::string& round, const std::string& start);
/// The round's schedule (the office and evaluators). Error(not_found) when none was made.
ScheduleView show_schedule(app::Services& services, const std::string& actor,
                           const std::string& round);

/// The schedule as a workbook: 总表, then one sheet per group (第1组 …), A4 landscape.
void write_schedule_xlsx(const ScheduleView& view, std::ostream& out);

}  // namespace duban::survey
