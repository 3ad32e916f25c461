#include "app/clean_requests.hpp"

#include "domain/text_check.hpp"

namespace duban::app {

namespace {
void line(std::string& value, const char* zh, const char* en) {
  value = clean_text({zh, en}, value, TextShape::line);
}
void paragraph(std::string& value, const char* zh, const char* en) {
  value = clean_text({zh, en}, value, TextShape::paragraph);
}
}  // namespace

AddItem cleaned(AddItem r) {
  line(r.actor, "操作人", "acting user");
  line(r.round, "轮次", "round");
  line(r.source, "来源", "source");
  line(r.category, "类别", "category");
  line(r.title, "问题", "title");
  paragraph(r.manifestation, "具体表现", "manifestation");
  line(r.unit, "责任单位", "unit");
  return r;
}

ChangeItem cleaned(ChangeItem r) {
  line(r.actor, "操作人", "acting user");
  paragraph(r.reason, "理由", "reason");
  line(r.unit, "责任单位", "unit");
  line(r.owner, "责任人", "owner");
  paragraph(r.measures, "整改措施", "measures");
  line(r.due, "整改时限", "due");
  paragraph(r.result, "整改结果", "result");
  for (auto& e : r.evidence) line(e, "佐证材料", "evidence");
  // A reference of white space alone is no reference.
  std::erase_if(r.evidence, [](const std::string& e) { return e.empty(); });
  return r;
}

StartRound cleaned(StartRound r) {
  line(r.actor, "操作人", "acting user");
  line(r.round, "轮次", "round");
  line(r.observation_date, "观摩日期", "observation date");
  return r;
}

ChangeStep cleaned(ChangeStep r) {
  line(r.actor, "操作人", "acting user");
  line(r.round, "轮次", "round");
  line(r.step, "步骤", "step");
  paragraph(r.reason, "理由", "reason");
  paragraph(r.override_reason, "特批理由", "override reason");
  return r;
}

ApproveReport cleaned(ApproveReport r) {
  line(r.actor, "操作人", "acting user");
  line(r.round, "轮次", "round");
  return r;
}

Submit cleaned(Submit r) {
  line(r.actor, "操作人", "acting user");
  line(r.round, "轮次", "round");
  line(r.step, "步骤", "step");
  line(r.unit, "单位", "unit");
  paragraph(r.note, "说明", "note");
  return r;
}

AddProblem cleaned(AddProblem r) {
  line(r.actor, "操作人", "acting user");
  line(r.round, "轮次", "round");
  line(r.unit, "责任单位", "unit");
  line(r.source, "来源", "source");
  line(r.category, "类别", "category");
  line(r.title, "问题", "title");
  paragraph(r.manifestation, "具体表现", "manifestation");
  paragraph(r.suggestion, "整改建议", "suggestion");
  return r;
}

ItemQuery cleaned(ItemQuery q) {
  line(q.state, "状态", "state");
  line(q.unit, "责任单位", "unit");
  line(q.round, "轮次", "round");
  line(q.due_before, "截止日期", "due before");
  return q;
}

}  // namespace duban::app
