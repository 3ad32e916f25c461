#include "survey/draft_cases.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "domain/errors.hpp"
#include "survey/day_list_queue.hpp"
#include "survey/schedule.hpp"

namespace duban::survey {

namespace {

std::string subject_of(const store::DraftRecord& d) {
  return "draft:" + d.round + "/" + std::to_string(d.id);
}

void journal(app::Transaction& tx, store::DraftRecord& d, const std::string& event,
             const std::string& before, const store::DraftRecord* old,
             const std::string& reason = {}) {
  auto entry = app::journal_entry(d.changed_at, d.changed_by, subject_of(d), event, before,
                                  d.status, reason);
  // Always the whole draft as it now is: audit verify compares the row with the last entry.
  auto put = [&](const char* field, const std::string& was, const std::string& now) {
    entry.changes[field] = {old ? was : "", now};
  };
  put("text", old ? old->text : "", d.text);
  put("category", old ? old->category : "", d.category);
  put("value", old ? old->value : "", d.value);
  if (!old) {
    entry.changes["form"] = {"", d.form_id};
    entry.changes["subject"] = {"", d.subject};
    entry.changes["question"] = {"", d.question};
    entry.changes["group"] = {"", std::to_string(d.group)};
    entry.changes["day"] = {"", d.day};
  }
  if (d.merged_into) entry.changes["merged_into"] = {"", std::to_string(d.merged_into)};
  d.journal_seq = tx.record(std::move(entry)).seq;
  tx.survey().put_draft(d);
}

/// The township, village, group and day of a subject: from the sample and the schedule.
void place(app::Transaction& tx, const Sample& sample, const store::AnswerRecord& answer,
           store::DraftRecord& d) {
  for (const auto& v : sample.villages) {
    bool here = answer.subject == v.township + "/" + v.name;
    for (const auto& h : v.households) here = here || h.number == answer.subject;
    if (!here) continue;
    d.township = v.township;
    d.village = v.name;
  }
  d.group = answer.group;
  if (auto s = tx.survey().schedule(answer.round)) {
    for (const auto& g : schedule_from_json(s->schedule).groups) {
      for (const auto& visit : g.visits) {
        if (visit.township == d.township && visit.village == d.village) {
          d.group = g.number;
          d.day = format_date(visit.day);
        }
      }
    }
  }
}

/// The actor may change the drafts of `group`: the office, or that group's leader.
void require_leader(app::Transaction& tx, const User& actor, const std::string& round, int group,
                    const Text& action) {
  if (actor.access == Access::leading_group) return;
  for (const auto& g : tx.survey().groups(round))
    if (g.number == group && g.leader == actor.id) return;
  throw Error(
      Errc::permission_denied,
      {action.zh + ":只有第 " + std::to_string(group) + " 组组长或领导小组办公室可以",
       action.en + ": only group " + std::to_string(group) + "'s leader or the office may"});
}

std::string round_text(app::Transaction& tx, const std::string& text) {
  auto id = app::parse_round(text);
  app::require_round(tx, id);
  return id.str();
}

}  // namespace

nlohmann::json draft_json(const store::DraftRecord& d) {
  return {{"id", d.id},
          {"form", d.form_id},
          {"subject", d.subject},
          {"question", d.question},
          {"township", d.township},
          {"village", d.village},
          {"group", d.group},
          {"day", d.day},
          {"category", d.category},
          {"text", d.text},
          {"found", d.found},
          {"value", d.value},
          {"status", d.status},
          {"merged_into", d.merged_into},
          {"note", d.note},
          {"changed_by", d.changed_by}};
}

void record_drafts(app::Services& services, app::Transaction& tx, const std::string& actor,
                   const store::AnswerRecord& answer, const Sample& sample,
                   const std::vector<Assessment>& found) {
  store::DraftFilter filter;
  filter.form_id = answer.form_id;
  filter.subject = answer.subject;
  auto existing = tx.survey().drafts(answer.round, filter);
  const auto now = services.clock.now();
  store::DraftRecord where;
  place(tx, sample, answer, where);
  if (where.day.empty())
    where.day = format_date(local_date(answer.submitted_at, services.config.zone));
  for (const auto& a : found) {
    auto it = std::find_if(existing.begin(), existing.end(),
                           [&](const auto& d) { return d.question == a.question; });
    if (!a.problem) {
      if (it != existing.end() && it->status == "draft") {
        auto old = *it;
        it->status = "withdrawn";
        it->note = "答案已改,不再是问题";
        it->value = a.value;
        it->changed_at = now;
        it->changed_by = actor;
        journal(tx, *it, "draft_withdrawn", old.status, &old);
      }
      continue;
    }
    if (it == existing.end()) {
      store::DraftRecord d = where;
      d.id = tx.survey().next_draft_id(answer.round);
      d.round = answer.round;
      d.form_id = answer.form_id;
      d.subject = answer.subject;
      d.question = a.question;
      d.category = a.category;
      d.text = d.found = a.text;
      d.value = a.value;
      d.changed_at = now;
      d.changed_by = actor;
      journal(tx, d, "draft_found", "", nullptr);
      continue;
    }
    if (it->found == a.text && it->value == a.value && it->status != "withdrawn") continue;
    auto old = *it;
    if (it->text == it->found) it->text = a.text;  // not edited: follows the answer
    it->found = a.text;
    it->value = a.value;
    if (it->status == "withdrawn") it->status = "draft";
    if (it->status != "draft") it->note = "确认后答案已改:" + a.text;
    it->changed_at = now;
    it->changed_by = actor;
    journal(tx, *it, "draft_changed", old.status, &old);
  }
}

std::vector<store::DraftRecord> list_drafts(app::Services& services, const std::string& actor_id,
                                            const std::string& round,
                                            const store::DraftFilter& filter) {
  app::Transaction tx(services, store::Intent::read);
  auto actor = app::require_actor(tx.directory(), actor_id);
  const auto rid = round_text(tx, round);
  bool member = false;
  for (const auto& g : tx.survey().groups(rid))
    member = member || std::find(g.members.begin(), g.members.end(), actor.id) != g.members.end();
  if (!member)
    app::require_access(actor, {Access::leading_group, Access::evaluator},
                        {"查看问题草稿", "see the draft problems"});
  auto list = tx.survey().drafts(rid, filter);
  tx.commit();
  return list;
}

store::DraftRecord change_draft(app::Services& services, const ChangeDraft& r) {
  app::Transaction tx(services, store::Intent::write);
  auto actor = app::require_actor(tx.directory(), r.actor);
  const auto rid = round_text(tx, r.round);
  auto found = tx.survey().draft(rid, r.id);
  if (!found)
    throw Error(Errc::not_found,
                {"没有问题草稿 " + std::to_string(r.id), "no draft " + std::to_string(r.id)});
  auto d = *found;
  require_leader(tx, actor, rid, d.group, {"修改问题草稿", "change a draft"});
  const auto old = d;
  if (d.status == "confirmed") {
    throw Error(
        Errc::invalid_transition,
        {"问题 " + std::to_string(d.id) + " 已确认列入清单,不能再改",
         "problem " + std::to_string(d.id) + " is confirmed on a list and no longer changes"});
  }
  std::string event;
  switch (r.action) {
    case DraftAction::edit:
      if (d.status != "draft")
        throw Error(Errc::invalid_transition,
                    {"只能修改草稿状态的问题", "only a draft can be edited"});
      if (r.text.empty() && r.category.empty())
        throw Error(Errc::missing_field,
                    {"修改需要 --text 或 --category", "an edit needs --text or --category"});
      if (!r.text.empty()) d.text = r.text;
      if (!r.category.empty()) d.category = r.category;
      event = "draft_edited";
      break;
    case DraftAction::drop:
      if (d.status != "draft")
        throw Error(Errc::invalid_transition,
                    {"只能删除草稿状态的问题", "only a draft can be dropped"});
      if (r.reason.empty())
        throw Error(Errc::reason_required,
                    {"删除问题草稿须说明理由", "dropping a draft needs a reason"});
      d.status = "dropped";
      d.note = r.reason;
      event = "draft_dropped";
      break;
    case DraftAction::merge: {
      if (d.status != "draft")
        throw Error(Errc::invalid_transition,
                    {"只能合并草稿状态的问题", "only a draft can be merged"});
      auto into = tx.survey().draft(rid, r.into);
      if (!into || r.into == d.id || into->group != d.group || into->status == "dropped" ||
          into->status == "merged" || into->status == "withdrawn") {
        throw Error(Errc::invalid_argument, {"应合并到本组另一条有效的问题",
                                             "merge into another live problem of the same group"});
      }
      d.status = "merged";
      d.merged_into = r.into;
      event = "draft_merged";
      break;
    }
    case DraftAction::restore:
      if (d.status != "dropped" && d.status != "merged")
        throw Error(Errc::invalid_transition,
                    {"只能恢复已删除或已合并的问题", "only a dropped or merged draft is restored"});
      d.status = "draft";
      d.merged_into = 0;
      d.note.clear();
      event = "draft_restored";
      break;
  }
  d.changed_at = services.clock.now();
  d.changed_by = actor.id;
  journal(tx, d, event, old.status, &old, r.reason);
  tx.commit();
  return d;
}

DayList confirm_day(app::Services& services, const std::string& actor_id, const std::string& round,
                    int group, const std::string& day) {
  app::Transaction tx(services, store::Intent::write);
  auto actor = app::require_actor(tx.directory(), actor_id);
  DayList out;
  out.round = round_text(tx, round);
  out.group = group;
  out.day = day;
  if (!parse_date(day))
    throw Error(Errc::invalid_argument,
                {"日期应为 YYYY-MM-DD:" + day, "a date is YYYY-MM-DD: " + day});
  require_leader(tx, actor, out.round, group, {"确认当日问题清单", "confirm the day's list"});
  store::DraftFilter filter;
  filter.group = group;
  filter.day = day;
  const auto now = services.clock.now();
  std::string ids;
  for (auto d : tx.survey().drafts(out.round, filter)) {
    if (d.status != "draft") continue;
    auto old = d;
    d.status = "confirmed";
    d.changed_at = now;
    d.changed_by = actor.id;
    journal(tx, d, "draft_confirmed", old.status, &old);
    ids += (ids.empty() ? "" : ",") + std::to_string(d.id);
    ++out.confirmed_now;
  }
  filter.status = "confirmed";
  out.problems = tx.survey().drafts(out.round, filter);
  auto entry = app::journal_entry(now, actor.id,
                                  "list:" + out.round + "/" + std::to_string(group) + "/" + day,
                                  "list_confirmed", "", "confirmed");
  entry.changes["confirmed_now"] = {"", ids};
  entry.changes["problems"] = {"", std::to_string(out.problems.size())};
  tx.record(std::move(entry));
  // Confirmed: its reminder to confirm, if queued and not sent yet, no longer applies.
  tx.outbox().cancel(confirm_subject(out.round, group, day), std::nullopt,
                     "已确认当天问题清单 / the day's list was confirmed");
  tx.commit();
  return out;
}

}  // namespace duban::survey
