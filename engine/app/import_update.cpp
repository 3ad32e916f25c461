#include "app/import_update.hpp"

#include "app/journal_entry.hpp"
#include "domain/errors.hpp"

namespace duban::app {

bool may_update(const User& actor, const RectificationItem& item) {
  return actor.access == Access::leading_group ||
         (!read_only(actor.access) && actor.unit == item.unit);
}

namespace {

bool may_reassign(const User& actor) {
  return actor.access == Access::leading_group || actor.access == Access::evaluator;
}

Text event_failed(ItemEventKind kind, const Error& e) {
  auto label = std::string(label_zh(kind));
  return {label + "(" + std::string(to_string(kind)) + "):" + e.text().zh,
          std::string(to_string(kind)) + ": " + e.text().en};
}

}  // namespace

UpdatePlan plan_update(const config::Config& config, const User& actor,
                       const RectificationItem& before, const RowInput& row,
                       const std::string& where, Instant now) {
  UpdatePlan out;
  auto& plan = out.plan;
  plan.line = row.line;
  plan.id = before.id;
  plan.action = RowPlan::Action::update;
  if (row.deadline) plan.deadline = row.deadline->reading;
  const auto& in = row.item;
  auto refuse = [&](const Text& why) { plan.problems.push_back(why); };
  // What describes the problem stays as it was exported.
  auto same = [&](Column c, bool differs) {
    if (!row.has(c) || !differs) return;
    std::string label = column_label(c);
    refuse({"“" + label + "”与编号 " + std::to_string(before.id) +
                " 的记录不同:导入不修改问题的描述,这一列请保持导出时的内容",
            "\"" + label + "\" differs from item " + std::to_string(before.id) +
                ": an import does not change what describes the problem; keep the column as "
                "exported"});
  };
  same(Column::round, in.round != before.round);
  same(Column::source, in.source != before.source);
  same(Column::category, in.category != before.category);
  same(Column::title, in.title != before.title);
  same(Column::manifestation, in.manifestation != before.manifestation);
  same(Column::unit, in.unit != before.unit);
  if (in.standing != before.standing && row.has(Column::due)) {
    refuse({"“长期坚持”只能在新建问题时设定,不能通过导入更改",
            "\"长期坚持\" (standing) is set when a problem is created, not changed by an import"});
  }

  RectificationItem cur = before;
  auto step = [&](ChangeItem request, std::optional<Date> due) {
    request.actor = actor.id;
    request.id = before.id;
    request.reason = request.reason.empty() ? "导入 " + where : request.reason;
    try {
      auto decided = decide_item_change(config, actor, cur, request, "", due, now);
      cur = std::move(decided.after);
      plan.events.emplace_back(to_string(request.event));
      out.steps.push_back(std::move(request));
      out.dues.push_back(due);
    } catch (const Error& e) {
      refuse(event_failed(request.event, e));
    }
  };
  const bool owner_changes = row.has(Column::owner) && in.owner != cur.owner;
  const bool measures_change = row.has(Column::measures) && in.measures != cur.measures;
  const bool due_changes = !in.standing && in.due && in.due != cur.due;
  if (cur.state == ItemState::identified && (owner_changes || measures_change || due_changes)) {
    ChangeItem assign{.event = ItemEventKind::assign};
    assign.owner = in.owner;
    assign.measures = in.measures;
    step(assign, in.due);
  } else if (owner_changes || measures_change || due_changes) {
    if (may_reassign(actor)) {
      ChangeItem reassign{.event = ItemEventKind::reassign};
      reassign.owner = in.owner;
      reassign.measures = in.measures;
      step(reassign, due_changes ? in.due : std::nullopt);
    } else {
      if (owner_changes || measures_change) {
        refuse({"单位不能通过导入修改责任人或整改措施(由交办确定);请联系领导小组改派",
                "a unit cannot change the owner or measures by import (the assignment sets "
                "them); ask the leading group to reassign"});
      }
      if (due_changes && cur.extension_due == in.due) {
        plan.notes.push_back({"已申请延期至 " + format_date(*in.due) + ",待领导小组审批",
                              "an extension to " + format_date(*in.due) +
                                  " was asked for already and awaits the leading group"});
      } else if (due_changes) {
        plan.fields.push_back("整改时限(延期申请)");
        ChangeItem extend{.event = ItemEventKind::extend};
        extend.reason = "按导入清单 " + where + " 申请延期";
        step(extend, in.due);
      }
    }
  }
  if (row.has(Column::result) && in.result != cur.result) {
    ChangeItem rectify{.event = ItemEventKind::rectify};
    rectify.result = in.result;
    step(rectify, std::nullopt);
  }
  out.extra_changes = !in.extra.empty() && in.extra != before.extra;
  if (!plan.problems.empty()) {
    plan.action = RowPlan::Action::refused;
    plan.events.clear();
    return out;
  }
  auto changes = item_changes(before, cur);
  for (auto c : {Column::measures, Column::owner, Column::due, Column::result}) {
    const char* key = c == Column::measures ? "measures"
                      : c == Column::owner  ? "owner"
                      : c == Column::due    ? "due"
                                            : "result";
    if (changes.count(key)) plan.fields.emplace_back(column_label(c));
  }
  if (out.extra_changes) {
    for (const auto& [name, value] : in.extra) {
      bool was = false;
      for (const auto& [n, v] : before.extra) was = was || (n == name && v == value);
      if (!was) plan.fields.push_back(name);
    }
  }
  if (out.steps.empty() && !out.extra_changes) plan.action = RowPlan::Action::unchanged;
  plan.state = std::string(to_string(cur.state));
  return out;
}

void apply_update(Transaction& tx, const config::Config& config, const User& actor,
                  const RectificationItem& before, const UpdatePlan& plan,
                  const std::vector<std::pair<std::string, std::string>>& extra,
                  const std::string& where, Instant now) {
  RectificationItem cur = before;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const auto& request = plan.steps[i];
    auto decided = decide_item_change(config, actor, cur, request, "", plan.dues[i], now);
    cur = write_item_change(tx, config, actor, cur, std::move(decided), request.event,
                            request.reason, now);
  }
  if (plan.extra_changes) {
    // The sheet's own columns: no transition, but journaled like every change.
    auto after = cur;
    after.extra = extra;
    auto entry = journal_entry(now, actor.id, item_subject(cur.id), "import-extra",
                               std::string(to_string(cur.state)), std::string(to_string(cur.state)),
                               "导入 " + where);
    entry.changes = item_changes(cur, after);
    entry.subject_prev = cur.journal_seq;
    auto link = tx.record(std::move(entry), {});
    after.journal_seq = link.seq;
    after.journal_hash = std::move(link.hash);
    tx.items().update(cur, after, now);
  }
}

}  // namespace duban::app
