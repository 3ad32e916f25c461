#pragma once
// 成效评估工作方案: the numbers of a round's field evaluation, as a county's plan writes them
// (config/evaluation-plan.yaml; the seed's 2020 half-year plan is the shipped one): how many
// villages each township gives (抽村原则), which village kinds the draw must cover, and how
// many households of each kind each sampled village gives (抽户原则).
#include <chrono>
#include <string>
#include <vector>

#include "domain/reminder_policy.hpp"
#include "domain/roster.hpp"

namespace duban {

struct HouseholdQuota {
  HouseholdKind kind = HouseholdKind::poor;
  int count = 0;
  /// Drawn first from households with any of these marks (非建档立卡户: 重点边缘户), then from
  /// the others; 0: no preference.
  unsigned prefer = 0;
};

struct EvaluationPlan {
  /// villages.key_township / other_township: villages drawn in a key township (重点乡镇) and in
  /// any other one. The seed: 3 and 2 (6 × 3 + 5 × 2 = 28).
  int key_township_villages = 3;
  int other_township_villages = 2;
  /// villages.cover: the kinds each township's draw includes one of, where it has one (兼顾脱贫村
  /// 和非贫困村), before the rest is drawn.
  std::vector<VillageKind> cover{VillageKind::lifted, VillageKind::non_poor};
  /// households.quotas, in order: the seed's 5 贫困户, 5 脱贫户, 5 非建档立卡户 (the last
  /// first from 危房, 大病, 低保, 五保 and 残疾 households).
  std::vector<HouseholdQuota> quotas;
  /// households.substitute: a kind that runs short is made up from the other kinds, in the
  /// quotas' order (数量不够的,可以从其他户类型中调剂).
  bool substitute = true;
  /// households.always: every 边缘户 (edge) and 监测户 (monitored) of a sampled village is
  /// visited beyond the quotas (录入系统的边缘户和脱贫监测户要全覆盖).
  bool all_edge = true, all_monitored = true;

  /// groups.count / size / villages_per_day: the evaluation groups (5 of 7 people in the seed,
  /// 评估组) and how many villages a group evaluates in a day (一天评估2个村). Not part of the
  /// draw: canonical() leaves them out.
  int groups = 5, group_size = 7, villages_per_day = 2;
  /// forms: the questionnaires (XLSForm workbooks) the field work fills in, as paths resolved
  /// against the plan file's folder; without the key, every .xlsx in forms/ beside the plan.
  /// Not part of the draw: canonical() leaves them out. A round keeps the version of each it
  /// fixed when its field work started (survey_forms).
  std::vector<std::string> forms;

  /// daily_list: 当天问题当天汇总 (三、1: 联络员在当天晚上8点前将当天汇总问题清单报至邮箱). On each
  /// day of field work the confirmed problems of every group, as one 问题清单 workbook, leave at
  /// `send_at` for `to` (roles) and `mailbox` ("": procedure.daily_digest's); a group that has not
  /// confirmed its list of the day by `confirm_by` is reminded (its leader, by `channels`). Not
  /// part of the draw: canonical() leaves them out.
  struct DailyList {
    bool enabled = true;
    std::chrono::minutes send_at{19 * 60 + 30}, confirm_by{19 * 60};
    std::vector<RecipientRole> to{RecipientRole::office};
    std::string mailbox;
    std::vector<std::string> channels{"email", "sms"};
  } daily_list;

  /// feedback: 集中反馈 (三、2). `duban survey feedback` turns the round's confirmed problems into
  /// rectification items of their townships, due `due` (as a problem list's 整改时限 is written:
  /// a date, 年底前, 立行立改, 长期坚持; "": --due must say), with 责任人 `owner` ("head": each
  /// township's head in the units file; "": the township names one) and 整改措施 `measures`;
  /// with both, an item starts assigned (交办), else identified. The findings that score a round:
  /// a surveyed household is not satisfied when it has a confirmed problem of a `satisfaction`
  /// category; 错评/漏评 are the confirmed problems of a `misidentification` category. Not part of
  /// the draw.
  struct Feedback {
    std::string due, owner, measures;
    std::vector<std::string> satisfaction{"群众认可度"}, misidentification{"精准识别"};
  } feedback;

  int households_per_village() const {
    int n = 0;
    for (const auto& q : quotas) n += q.count;
    return n;
  }
  /// The sampling values in one canonical line of JSON: what the journal records with a draw and
  /// its digest is taken of (comments and the file's layout do not change it).
  std::string canonical() const;
};

/// The seed's plan (第三篇): what a county without config/evaluation-plan.yaml draws with.
EvaluationPlan seed_evaluation_plan();

}  // namespace duban
