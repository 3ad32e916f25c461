#pragma once
// 整改时限 as county offices write them in problem lists: "2018年5月15日", "2018/5/15",
// "2018.5.15", "5月15日前", "2020年6月底前", "次年2月底前", "年底前", "立行立改" (act at once)
// and "长期坚持" (a standing item: no deadline, a progress report every period).
#include <optional>
#include <string>
#include <string_view>

#include "domain/calendar.hpp"
#include "domain/text.hpp"

namespace duban {

/// What a deadline needs beyond its text.
struct DeadlineContext {
  /// The year a date without one ("5月15日前", "年底前") falls in: the row's round's year, else
  /// the one given (--year); nullopt: such a date is refused, saying how to give the year.
  std::optional<int> year;
  Text year_from;  ///< where the year came from, for the reading: {"轮次 2020-H1", "round 2020-H1"}
  /// 立行立改: the date an item to be acted on at once is due (the import day plus the configured
  /// time); nullopt: not configured.
  std::optional<Date> immediate_due;
  Text immediate_rule;  ///< {"导入后10个工作日", "10 working days after the import"}
};

enum class DeadlineKind { date, immediate, standing };

struct Deadline {
  DeadlineKind kind = DeadlineKind::date;
  std::optional<Date> due;  ///< none for a standing item
  Text reading;  ///< how the text was read: "2020年6月底前 → 2020-06-30(该月最后一天)"
};

/// The deadline a text means, or nullopt with `error` saying why (an impossible date, a missing
/// year, an unknown form) and which forms are understood.
std::optional<Deadline> read_deadline(std::string_view text, const DeadlineContext& context,
                                      Text& error);

}  // namespace duban
