#pragma once
// 当天汇总问题清单 (第三篇 三、1: 各组当天发现的问题要及时汇总,在当天晚上8点前将当天汇总问题清单
// (参照问题清单模板)报至邮箱): on a day of field work, the problems every group confirmed, laid
// out as the problem list (问题清单) that `duban export` writes and `duban import` reads, with
// each group's state (confirmed or not) beside it. What the evening's e-mail carries
// (survey/day_list_queue.hpp), `duban survey list` prints and the dashboard shows.
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "store/repositories.hpp"
#include "store/survey_repository.hpp"

namespace duban::survey {

/// A group with a village to visit that day (by its round's schedule).
struct ListedGroup {
  std::string round;
  int number = 0;
  std::string leader;                 ///< user id; "" when the group has no members yet
  std::string leader_name;            ///< the user's name
  std::vector<std::string> villages;  ///< "乡镇 村" visited that day
  /// The leader confirmed the day's list (survey confirm) and no draft found since waits.
  bool confirmed = false;
  std::size_t problems = 0;  ///< confirmed problems of the day
  std::size_t waiting = 0;   ///< drafts of the day not confirmed (nor dropped) yet
};

/// A confirmed problem, with what a reader of the list needs besides the draft.
struct ListedProblem {
  store::DraftRecord draft;
  std::string township_name;  ///< the responsible township's name (责任单位)
  std::string subject;        ///< "户 0012(张某某)" for a household, "村级" for the village
};

struct DayListing {
  std::string county, day;
  std::vector<ListedGroup> groups;      ///< by round and number
  std::vector<ListedProblem> problems;  ///< by round, group, township, village, id
  /// Some group visits a village that day.
  bool field_day() const { return !groups.empty(); }
  std::size_t unconfirmed() const;
};

/// How a problem's subject is named: "户 0012(张某某)" for a household of the roster, "村级" for
/// the village, else the subject as recorded.
std::string subject_label(store::SurveyRepository& survey, const store::DraftRecord& draft);
/// 具体表现 in a problem list: where and in whom it was found, and the finding as the form worded
/// it when the leader reworded the problem.
std::string manifestation(const store::DraftRecord& draft, const std::string& subject);

/// The listing of `day` (YYYY-MM-DD) over every round of the county (or `round` alone), read in
/// `uow`.
DayListing read_day_listing(store::UnitOfWork& uow, const config::Config& config,
                            const std::string& day, const std::string& round = {});

/// The use case: the office (领导小组办公室), the evaluation groups and their members only (the
/// list names households). Error(invalid_argument) for a day that is not YYYY-MM-DD; with a
/// `round`, that round's only (not_found when there is no such round).
DayListing day_listing(app::Services& services, const std::string& actor, const std::string& day,
                       const std::string& round = {});

/// "2026-06-22 问题清单.xlsx".
std::string day_list_file_name(const DayListing& listing);

/// The workbook: sheet 问题清单 (a title row, then the problem list's columns — 序号 轮次 来源 类别
/// 问题 具体表现 整改措施 责任单位 责任人 整改时限 整改结果 状态 — and 评估组 村 调查对象 发现日期
/// 草稿编号), so that `duban import` reads it back as new items; sheet 各组确认情况.
void write_day_list_xlsx(const DayListing& listing, std::ostream& out);

/// The listing as the command line (--json) and the API show it.
nlohmann::json day_list_json(const DayListing& listing);

}  // namespace duban::survey
