// What is not wrong in a configuration but should be known before relying on it.
#include "config/config.hpp"

namespace duban::config {

std::vector<Text> calendar_warnings(const Config& cfg, Date today) {
  std::vector<Text> out;
  const auto& w = cfg.workflow;
  bool working = w.item_reminders.uses_working_days() || w.step_reminders.uses_working_days() ||
                 w.submission_reminders.uses_working_days();
  if (!working) return out;
  int year = static_cast<int>(today.year());
  for (int y : {year, year + 1}) {
    if (cfg.calendar.covers(y)) continue;
    auto ys = std::to_string(y);
    out.push_back(
        {"工作日历缺少 " + ys + " 年的节假日安排(config/calendar/" + ys +
             ".yaml):该年按工作日计算的提醒只跳过周末;国务院公布安排后请补上该文件,"
             "相关提醒将重新计算",
         "the working-day calendar has no holiday arrangement for " + ys + " (config/calendar/" +
             ys +
             ".yaml): reminders counted in working days skip only weekends in that year; add "
             "the file once the State Council publishes it, and what depends on it is re-armed"});
  }
  return out;
}

}  // namespace duban::config
