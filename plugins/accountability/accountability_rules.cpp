// 问责措施 (the seed's 第七条(二)), as recommendations made when a ranking is published:
//   1. the last-ranked township (倒数第一) → circulated criticism (通报批评) of its party and
//      government heads and the leader in charge; last in two rounds of the same kind in a row →
//      demotion (降级使用,调整职务);
//      a township or department that did not complete its annual task (the fact recorded as no)
//      → discipline or removal (纪律处分或免职) of its head;
//   2. any of the six listed problems (facts recorded as yes) → an admonishment talk (约谈) with
//      its heads and a rectification item due within `admonish_due_days` (created when accepted);
//   a department vetoed (一票否决) → accountability (责任追究) of its head.
#include <string>

#include "rules.hpp"

namespace {

using duban::plugin::Host;
using duban::plugin::RankedUnit;
using duban::plugin::Section;
using duban_rules::fact;
using duban_rules::inputs_of;
using duban_rules::recommendation;

class Accountability final : public duban_rules::RulePlugin {
 public:
  explicit Accountability(Host& host) : RulePlugin(host) {}
  void configure(Section& s) override {
    due_days_ = s.integer("admonish_due_days", 1, 365).value_or(30);
    annual_task_fact_ = s.string("annual_task_fact").value_or("annual_task_completed");
    auto problems = s.map("problems");  // fact id: what the seed calls it
    if (!problems.empty()) problems_ = problems;
  }

 protected:
  void apply(const duban::plugin::Ranking& ranking, const RankedUnit& u) override {
    const auto& round = ranking.round;
    if (u.kind == "township" && u.last && u.rank > 0) {
      host_.recommend(recommendation(
          round, u, "last_place", "circulated_criticism",
          u.name + " 排名倒数第一(第 " + std::to_string(u.rank) + " 名,共 " +
              std::to_string(u.ranked) +
              " 个):建议对党政主要负责同志和分管负责同志予以通报批评"
              "(第七条(二)1)",
          u.name + " ranks last (" + std::to_string(u.rank) + " of " + std::to_string(u.ranked) +
              "): circulate criticism of its party and government heads and the leader in charge",
          inputs_of(u)));
      if (u.last_streak >= 2) {
        host_.recommend(recommendation(
            round, u, "last_twice", "demotion",
            u.name + " 连续 " + std::to_string(u.last_streak) +
                " 次排名倒数第一:建议对党政主要负责同志和分管负责同志降级使用,调整职务(第七条(二)"
                "1)",
            u.name + " ranked last " + std::to_string(u.last_streak) +
                " times in a row: demote its party and government heads and the leader in charge",
            inputs_of(u)));
      }
    }
    if (auto done = fact(u.facts, annual_task_fact_); done && *done == 0) {
      const bool township = u.kind == "township";
      host_.recommend(recommendation(
          round, u, "annual_task", "discipline_or_removal",
          u.name + " 未完成本单位年度脱贫攻坚任务:建议根据有关规定对" +
              (township ? "党政正职" : "单位一把手") + "给予纪律处分或免职处理(第七条(二)1)",
          u.name + " did not complete its annual task: discipline or remove its " +
              (township ? "party and government heads" : "head") + " as the rules provide",
          inputs_of(u, {{annual_task_fact_, *done}})));
    }
    if (u.kind == "township") {
      std::string found_zh, found_en;
      nlohmann::json seen = nlohmann::json::object();
      for (const auto& [id, name] : problems_) {
        auto v = fact(u.facts, id);
        if (!v || *v == 0) continue;
        seen[id] = *v;
        found_zh += (found_zh.empty() ? "" : "、") + name;
        found_en += (found_en.empty() ? "" : ", ") + id;
      }
      if (!found_zh.empty()) {
        auto rec = recommendation(
            round, u, "listed_problems", "admonishment",
            u.name + " 存在:" + found_zh + "。建议对党政主要负责同志进行约谈,提出限期整改要求(" +
                std::to_string(due_days_) + " 天内)(第七条(二)2)",
            u.name + " has: " + found_en +
                ". Hold an admonishment talk with its heads and require "
                "rectification within " +
                std::to_string(due_days_) + " days",
            inputs_of(u, {{"problems", seen}, {"admonish_due_days", due_days_}}));
        rec.item_title = "约谈整改:" + found_zh;
        rec.item_due_days = static_cast<int>(due_days_);
        host_.recommend(rec);
      }
    }
    if (u.kind == "department" && u.vetoed) {
      host_.recommend(recommendation(
          round, u, "veto", "accountability",
          u.name +
              " 一票否决(失分严重,造成县第三方评估结果重大损失):建议予以责任追究(第一篇 三(二)2)",
          u.name + " is vetoed (a serious loss to the county's result): hold its head accountable",
          inputs_of(u)));
    }
  }

  long long due_days_ = 30;
  std::string annual_task_fact_;
  // 问责措施 2 (1)–(6), as scoring.yaml ships their facts.
  std::vector<std::pair<std::string, std::string>> problems_ = {
      {"plan_not_met", "未完成年度减贫计划任务"},
      {"fund_misuse", "违反扶贫资金管理使用规定"},
      {"prohibited_acts", "发生禁止作为事项"},
      {"false_exit", "弄虚作假、搞“数字脱贫”"},
      {"low_accuracy", "识别和退出准确率、帮扶工作满意率较低"},
      {"violations_found", "纪检监察、审计和社会监督发现违纪违规问题"}};
};

}  // namespace

DUBAN_PLUGIN(Accountability)
