#include "domain/scoring.hpp"

#include <functional>

#include "domain/enum_names.hpp"
#include "domain/score_records.hpp"

namespace duban {

namespace {

constexpr auto kSources = enum_names<ScoreSource>({
    {ScoreSource::supervision, "supervision", "专项督查"},
    {ScoreSource::observation, "observation", "季度观摩"},
    {ScoreSource::evaluation, "evaluation", "第三方评估"},
    {ScoreSource::county, "county", "县级认定"},
    {ScoreSource::records, "records", "督办记录"},
});

constexpr auto kMeasures = enum_names<RecordMeasure>({
    {RecordMeasure::on_time_rate, "on_time_rate", "按期整改率"},
    {RecordMeasure::overdue_items, "overdue_items", "逾期事项数"},
    {RecordMeasure::overdue_days, "overdue_days", "逾期天数"},
    {RecordMeasure::rework, "rework", "返工次数"},
    {RecordMeasure::extensions_requested, "extensions_requested", "申请延期次数"},
    {RecordMeasure::extensions_approved, "extensions_approved", "批准延期次数"},
    {RecordMeasure::ack_hours, "ack_hours", "平均签收用时(小时)"},
    {RecordMeasure::field_problems_per_village, "field_problems_per_village", "样本村平均问题数"},
    {RecordMeasure::satisfaction_rate, "satisfaction_rate", "群众认可率"},
    {RecordMeasure::misidentified, "misidentified", "错评漏评数"},
});

constexpr auto kRecommendationStates = enum_names<RecommendationState>({
    {RecommendationState::pending, "pending", "待定"},
    {RecommendationState::accepted, "accepted", "已采纳"},
    {RecommendationState::dismissed, "dismissed", "未采纳"},
    {RecommendationState::superseded, "superseded", "已失效"},
});

const Indicator* find_in(const std::vector<Indicator>& list, std::string_view key) {
  for (const auto& i : list) {
    if (i.id == key || i.name == key) return &i;
    if (const auto* found = find_in(i.parts, key)) return found;
  }
  return nullptr;
}

}  // namespace

std::string_view to_string(ScoreSource source) { return kSources.code(source); }
std::string_view label_zh(ScoreSource source) { return kSources.zh(source); }
std::optional<ScoreSource> score_source_from(std::string_view text) { return kSources.parse(text); }

std::string_view to_string(RecordMeasure measure) { return kMeasures.code(measure); }
bool is_rate(RecordMeasure measure) {
  return measure == RecordMeasure::on_time_rate || measure == RecordMeasure::satisfaction_rate;
}
std::string_view label_zh(RecordMeasure measure) { return kMeasures.zh(measure); }
std::optional<RecordMeasure> record_measure_from(std::string_view text) {
  return kMeasures.parse(text);
}

std::string_view to_string(RecommendationState s) { return kRecommendationStates.code(s); }
std::string_view label_zh(RecommendationState s) { return kRecommendationStates.zh(s); }
std::optional<RecommendationState> recommendation_state_from(std::string_view text) {
  return kRecommendationStates.parse(text);
}

const Indicator* KindModel::indicator(std::string_view key) const {
  return find_in(indicators, key);
}

const BonusItem* KindModel::bonus_item(std::string_view key) const {
  for (const auto& b : bonus)
    if (b.id == key || b.name == key) return &b;
  return nullptr;
}

const Fact* KindModel::fact(std::string_view key) const {
  for (const auto& f : facts)
    if (f.id == key || f.name == key) return &f;
  return nullptr;
}

std::vector<const Indicator*> KindModel::leaves() const {
  std::vector<const Indicator*> out;
  std::function<void(const std::vector<Indicator>&)> walk = [&](const auto& list) {
    for (const auto& i : list) {
      if (i.leaf())
        out.push_back(&i);
      else
        walk(i.parts);
    }
  };
  walk(indicators);
  return out;
}

const KindModel* ScoringModel::find(UnitKind kind) const {
  for (const auto& k : kinds)
    if (k.kind == kind) return &k;
  return nullptr;
}

std::optional<ScoreKey> score_key(const KindModel& model, std::string_view key) {
  if (const auto* i = model.indicator(key); i && i->leaf() && !i->record) {
    return ScoreKey{ScoreKeyKind::indicator, i->id, i->max, i};
  }
  if (const auto* b = model.bonus_item(key)) return ScoreKey{ScoreKeyKind::bonus, b->id, b->max};
  if (const auto* f = model.fact(key)) {
    return ScoreKey{ScoreKeyKind::fact, f->id, f->flag ? 1.0 : 0.0};
  }
  return std::nullopt;
}

}  // namespace duban
