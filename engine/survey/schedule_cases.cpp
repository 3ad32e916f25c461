#include "survey/schedule_cases.hpp"

#include <algorithm>

#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "domain/round.hpp"
#include "survey/sample_cases.hpp"

namespace duban::survey {

namespace {

std::string round_of(app::Transaction& tx, const std::string& text) {
  auto round = RoundId::parse(text);
  if (!round) {
    throw Error(Errc::invalid_argument, {"轮次应形如 2020-H1 或 2020-Y:" + text,
                                         "a round is written 2020-H1 or 2020-Y: " + text});
  }
  if (!tx.rounds().find(*round)) {
    throw Error(Errc::not_found, {"没有轮次 " + round->str(), "no round " + round->str()});
  }
  return round->str();
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& x : list) out += (out.empty() ? "" : ",") + x;
  return out;
}

}  // namespace

store::GroupRecord set_group(app::Services& services, const SetGroup& request) {
  app::Transaction tx(services, store::Intent::write);
  auto actor = app::require_actor(tx.directory(), request.actor);
  app::require_access(actor, {Access::leading_group}, {"设置评估组", "set an evaluation group"});
  const auto rid = round_of(tx, request.round);
  const int count = services.config.evaluation_plan.groups;
  if (request.number < 1 || request.number > count) {
    throw Error(Errc::invalid_argument,
                {"评估方案有 " + std::to_string(count) + " 个组,没有第 " +
                     std::to_string(request.number) + " 组",
                 "the plan has " + std::to_string(count) + " groups, not a group " +
                     std::to_string(request.number)});
  }
  store::GroupRecord g{rid, request.number, request.leader, {}};
  for (const auto& m : request.members) {
    if (std::find(g.members.begin(), g.members.end(), m) != g.members.end()) continue;
    if (!tx.directory().find_user(m)) {
      throw Error(Errc::not_found, {"没有用户 " + m, "no user " + m});
    }
    g.members.push_back(m);
  }
  if (!g.members.empty() && g.leader.empty()) g.leader = g.members.front();
  if (!g.leader.empty() &&
      std::find(g.members.begin(), g.members.end(), g.leader) == g.members.end()) {
    throw Error(Errc::invalid_argument, {"组长 " + g.leader + " 应是本组成员",
                                         "the leader " + g.leader + " must be a member"});
  }
  const int size = services.config.evaluation_plan.group_size;
  if (static_cast<int>(g.members.size()) > size) {
    throw Error(Errc::invalid_argument,
                {"评估方案每组 " + std::to_string(size) + " 人,此处 " +
                     std::to_string(g.members.size()) + " 人",
                 "the plan's groups have " + std::to_string(size) + " people, this one " +
                     std::to_string(g.members.size())});
  }
  std::string before_members, before_leader;
  for (const auto& old : tx.survey().groups(rid)) {
    if (old.number != g.number) continue;
    before_members = joined(old.members);
    before_leader = old.leader;
  }
  auto entry = app::journal_entry(services.clock.now(), actor.id,
                                  "group:" + rid + "/" + std::to_string(g.number), "group_set", "",
                                  g.members.empty() ? "cleared" : "set");
  entry.changes["members"] = {before_members, joined(g.members)};
  entry.changes["leader"] = {before_leader, g.leader};
  tx.record(std::move(entry));
  tx.survey().put_group(g);
  tx.commit();
  return g;
}

std::vector<store::GroupRecord> list_groups(app::Services& services, const std::string& actor_id,
                                            const std::string& round) {
  app::Transaction tx(services, store::Intent::read);
  auto actor = app::require_actor(tx.directory(), actor_id);
  app::require_access(actor, {Access::leading_group, Access::evaluator},
                      {"查看评估组", "see the evaluation groups"});
  auto groups = tx.survey().groups(round_of(tx, round));
  tx.commit();
  return groups;
}

ScheduleView make_schedule(app::Services& services, const std::string& actor_id,
                           const std::string& round_text, const std::string& start_text) {
  auto start = parse_date(start_text);
  if (!start) {
    throw Error(Errc::invalid_argument, {"--start 应为 YYYY-MM-DD:" + start_text,
                                         "--start must be YYYY-MM-DD: " + start_text});
  }
  auto drawn = show_sample(services, actor_id, round_text);  // the sample, and who may see it
  app::Transaction tx(services, store::Intent::write);
  auto actor = app::require_actor(tx.directory(), actor_id);
  app::require_access(actor, {Access::leading_group}, {"安排日程", "make the schedule"});
  const auto rid = round_of(tx, round_text);
  const auto& plan = services.config.evaluation_plan;
  ScheduleView view;
  view.schedule = survey::make_schedule(drawn.sample, plan.groups, plan.villages_per_day, *start,
                                        services.config.calendar);
  auto& r = view.record;
  r.round = rid;
  r.start = format_date(*start);
  r.schedule = schedule_json(view.schedule);
  r.sample_seed = drawn.record.seed;
  r.made_at = services.clock.now();
  r.made_by = actor.id;
  auto before = tx.survey().schedule(rid);
  auto entry = app::journal_entry(r.made_at, actor.id, "schedule:" + rid,
                                  before ? "schedule_changed" : "schedule_made", "", "made");
  entry.changes["start"] = {before ? before->start : "", r.start};
  entry.changes["last"] = {"", format_date(view.schedule.last)};
  entry.changes["sample_seed"] = {before ? before->sample_seed : "", r.sample_seed};
  entry.changes["groups"] = {"", std::to_string(view.schedule.groups.size())};
  r.journal_seq = tx.record(std::move(entry)).seq;
  tx.survey().put_schedule(r);
  view.groups = tx.survey().groups(rid);
  tx.commit();
  return view;
}

ScheduleView show_schedule(app::Services& services, const std::string& actor_id,
                           const std::string& round) {
  app::Transaction tx(services, store::Intent::read);
  auto actor = app::require_actor(tx.directory(), actor_id);
  app::require_access(actor, {Access::leading_group, Access::evaluator},
                      {"查看日程", "see the schedule"});
  const auto rid = round_of(tx, round);
  auto record = tx.survey().schedule(rid);
  if (!record) {
    throw Error(Errc::not_found, {rid + " 尚未安排日程(duban survey schedule --round " + rid +
                                      " --start YYYY-MM-DD)",
                                  rid + " has no schedule yet (duban survey schedule --round " +
                                      rid + " --start YYYY-MM-DD)"});
  }
  ScheduleView view{*record, schedule_from_json(record->schedule), tx.survey().groups(rid)};
  tx.commit();
  return view;
}

}  // namespace duban::survey
