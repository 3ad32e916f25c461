#pragma once
// 日程: which evaluation group visits which sampled village on which day (第三篇 一、2–3: 5 groups,
// each evaluates 2 villages a day, every township covered). Each township goes whole to one group
// (its villages are near each other and the township's people meet one group); the townships are
// packed into the groups first-fit, largest first, under the smallest load that fits them all;
// each group then visits its villages in order, `villages_per_day` a working day from the start.
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/text.hpp"
#include "domain/work_calendar.hpp"
#include "survey/sampling.hpp"

namespace duban::survey {

struct Visit {
  Date day{};
  std::string township, township_name, village;
  VillageKind kind = VillageKind::non_poor;
  std::size_t households = 0;
};

struct GroupVisits {
  int number = 0;  ///< 1-based: 第1组
  std::vector<Visit> visits;
};

struct Schedule {
  Date start{}, last{};
  int villages_per_day = 2;
  std::vector<GroupVisits> groups;
  std::vector<Text> notes;
};

/// The schedule of `sample` for `groups` groups from `start` (the first working day on or after
/// it) on the working days of `calendar`.
Schedule make_schedule(const Sample& sample, int groups, int villages_per_day, Date start,
                       const WorkCalendar& calendar);

/// As JSON text, and back (Error(storage_error) for a text that is not one).
std::string schedule_json(const Schedule& schedule);
Schedule schedule_from_json(const std::string& text);

}  // namespace duban::survey
