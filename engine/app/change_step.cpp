// 步骤流转: open, complete (with submissions, approval and feedback rules) and reopen a step. The
// procedure machine decides and produces the effects; this file writes them with the journal.
#include "app/clean_requests.hpp"
#include "app/denials.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"

namespace duban::app {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// ProblemsBecomeItems: the round's problem list becomes rectification items (已发现).
std::vector<std::int64_t> problems_to_items(Transaction& tx, const RoundId& round,
                                            const std::string& actor, Instant now) {
  std::vector<std::int64_t> created;
  for (const auto& p : tx.rounds().problems(round)) {
    if (p.item_id != 0) continue;
    RectificationItem item;
    item.round = round.str();
    item.source = p.source;
    item.category = p.category;
    item.title = p.title;
    item.manifestation = p.manifestation;
    item.measures = p.suggestion;  // 整改建议 becomes the starting point of the measures
    item.unit = p.unit;
    item.id = tx.items().next_id();
    auto entry = journal_entry(now, actor, item_subject(item.id), "create", "",
                               std::string(to_string(item.state)));
    entry.changes = creation_changes(item);
    entry.changes["problem"] = {"", std::to_string(p.id)};
    auto link = tx.record(std::move(entry));
    item.journal_seq = link.seq;
    item.journal_hash = std::move(link.hash);
    tx.items().insert(item, now);
    tx.rounds().link_problem(p.id, item.id);
    created.push_back(item.id);
  }
  return created;
}

}  // namespace

namespace {
StepChanged change_step_refusable(Services& services, const ChangeStep& raw) {
  const auto request = cleaned(raw);
  auto id = parse_round(request.round);
  auto step = parse_step(request.step);
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  auto actor = require_actor(tx.directory(), request.actor);
  require_access(actor, {Access::leading_group},
                 {"流转评估步骤", "open, complete or reopen a step"});

  // Reload and decide inside the transaction: what the guards see is what gets written.
  auto round = require_round(tx, id);
  const auto approved_by = round.step(step).approved_by;
  auto context = step_context(services, tx, round, step, actor.id);
  context.override_reason = request.override_reason;
  context.reason = request.reason;
  StepChanged changed;
  changed.from = round.step(step).state;
  auto transition = run_step_event(tx, round, step, request.event, context);
  changed.to = transition.to;

  auto entry = journal_entry(
      now, actor.id, step_subject(id, step), std::string(to_string(request.event)),
      std::string(to_string(changed.from)), std::string(to_string(changed.to)), request.reason);
  bool items_due = false;
  for (const auto& effect : transition.effects) {
    if (const auto* o = std::get_if<CompletionOverridden>(&effect)) {
      // The leading group completed the step without every submission: who was missing and why.
      entry.event = "complete_override";
      entry.reason = o->reason;
      entry.changes["override_reason"] = {"", o->reason};
      entry.changes["missing_submissions"] = {"", join(o->missing)};
    } else if (std::holds_alternative<ApprovalCleared>(effect)) {
      entry.changes["approved_by"] = {approved_by, ""};
    } else if (std::holds_alternative<ProblemsBecomeItems>(effect)) {
      items_due = true;
    } else if (std::holds_alternative<StepCompleted>(effect)) {
      // Its deadline's reminders, and those of submissions no longer awaited, no longer apply.
      tx.outbox().cancel(step_subject(id, step), std::nullopt, "步骤已完成 / step completed");
      for (const auto& unit : context.missing_submissions) {
        tx.outbox().cancel(
            "submission:" + id.str() + "/" + std::to_string(number(step)) + "/" + unit,
            std::nullopt, "步骤已完成 / step completed");
      }
    }
  }
  tx.record(std::move(entry), {}, transition.effects);
  if (items_due) changed.created_items = problems_to_items(tx, id, actor.id, now);
  tx.commit();
  return changed;
}
}  // namespace

StepChanged change_step(Services& services, const ChangeStep& raw) {
  return recording_refusals(services,
                            {raw.actor, "step " + std::string(to_string(raw.event)),
                             "step:" + raw.round + "/" + raw.step},
                            [&] { return change_step_refusable(services, raw); });
}

}  // namespace duban::app
