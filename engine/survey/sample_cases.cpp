#include "survey/sample_cases.hpp"

#include <sodium.h>

#include <map>
#include <set>

#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "domain/round.hpp"
#include "store/journal_hash.hpp"
#include "survey/roster_digest.hpp"

namespace duban::survey {

namespace {

RoundId round_of(const std::string& text) {
  auto round = RoundId::parse(text);
  if (!round) {
    throw Error(Errc::invalid_argument, {"轮次应形如 2020-H1 或 2020-Y:" + text,
                                         "a round is written 2020-H1 or 2020-Y: " + text});
  }
  return *round;
}

void require_round(app::Transaction& tx, const RoundId& round) {
  if (!tx.rounds().find(round)) {
    const auto rid = round.str();
    throw Error(Errc::not_found,
                {"没有轮次 " + rid + ":请先开启(duban round start " + rid + ")",
                 "no round " + rid + ": start it first (duban round start " + rid + ")"});
  }
}

// What a seed may be: it is part of every rank's text, so no separator and nothing invisible.
void check_seed(const std::string& seed) {
  bool ok = !seed.empty() && seed.size() <= 64;
  for (char c : seed) {
    ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                c == '-' || c == '_' || c == '.');
  }
  if (!ok) {
    throw Error(Errc::invalid_argument, {"--seed 应为 1–64 个字母、数字或 - _ .:" + seed,
                                         "--seed is 1 to 64 letters, digits or - _ .: " + seed});
  }
}

std::vector<Township> townships_of(store::UnitDirectory& directory) {
  std::vector<Township> out;
  for (const auto& u : directory.list_units()) {
    if (u.kind == UnitKind::township) out.push_back({u.id, u.name, u.key});
  }
  return out;
}

Sample draw(store::SurveyRepository& survey, store::UnitDirectory& directory,
            const EvaluationPlan& plan, const std::string& round, const std::string& seed) {
  Sample s;
  s.seed = seed;
  s.villages = draw_villages(plan, townships_of(directory), survey.villages(round), seed, s.notes);
  for (auto& v : s.villages) {
    draw_households(plan, v, survey.households_of(round, v.township, v.name), seed);
  }
  return s;
}

std::string substitutions_text(const Sample& s) {
  std::string out;
  for (const auto& v : s.villages) {
    for (const auto& h : v.households) {
      if (h.reason != SampleReason::substitute) continue;
      out += (out.empty() ? "" : "; ") + v.name + " " + h.number + " " +
             std::string(label_zh(h.kind)) + "→" + std::string(label_zh(h.quota));
    }
  }
  return out;
}

}  // namespace

DrawnSample draw_sample(app::Services& services, const std::string& actor_id,
                        const std::string& round_text, const DrawOptions& options) {
  const auto round = round_of(round_text);
  const auto rid = round.str();
  app::Transaction tx(services, store::Intent::write);
  auto actor = app::require_actor(tx.directory(), actor_id);
  app::require_access(actor, {Access::leading_group}, {"抽样", "draw a sample"});
  require_round(tx, round);
  auto before = tx.survey().sample(rid);
  if (before && !options.redraw) {
    throw Error(Errc::already_exists, {rid + " 已抽样(种子 " + before->seed +
                                           "):重新抽样请加 --redraw 并用 --reason 说明理由",
                                       rid + " was drawn already (seed " + before->seed +
                                           "): to draw again, add --redraw with a --reason"});
  }
  if (before && options.reason.empty()) {
    throw Error(Errc::reason_required,
                {"重新抽样须说明理由(--reason)", "drawing again needs a reason (--reason)"});
  }
  if (tx.survey().roster_counts(rid).villages == 0) {
    throw Error(
        Errc::not_found,
        {rid + " 的花名册没有村:请先导入(duban roster import 村名册.xlsx --round " + rid + ")",
         rid +
             "'s roster has no villages: import them first (duban roster import "
             "villages.xlsx --round " +
             rid + ")"});
  }
  auto seed = options.seed;
  if (seed.empty()) seed = std::to_string(100000000 + randombytes_uniform(900000000));
  check_seed(seed);
  const auto& plan = services.config.evaluation_plan;
  DrawnSample out;
  out.sample = draw(tx.survey(), tx.directory(), plan, rid, seed);
  auto& r = out.record;
  r.round = rid;
  r.seed = seed;
  r.plan = plan.canonical();
  r.plan_digest = store::sha256_hex(r.plan);
  // The roster as its last import journaled it (audit verify checks the rows still give that
  // digest; --verify recomputes it): a county's roster is not read whole for each draw.
  auto imports = tx.journal().read("roster:" + rid);
  if (!imports.empty()) {
    auto told = imports.back().changes.find("digest");
    if (told != imports.back().changes.end()) r.roster_digest = told->second.second;
  }
  if (r.roster_digest.empty()) r.roster_digest = roster_digest(tx.survey(), rid);
  r.draw = sample_json(out.sample);
  r.drawn_at = services.clock.now();
  r.drawn_by = actor.id;
  auto entry =
      app::journal_entry(r.drawn_at, actor.id, "sample:" + rid,
                         before ? "sample_redraw" : "sample_draw", "", "drawn", options.reason);
  entry.changes["seed"] = {before ? before->seed : "", seed};
  entry.changes["plan"] = {before ? before->plan : "", r.plan};
  entry.changes["plan_digest"] = {before ? before->plan_digest : "", r.plan_digest};
  entry.changes["roster_digest"] = {before ? before->roster_digest : "", r.roster_digest};
  entry.changes["villages"] = {"", std::to_string(out.sample.villages.size())};
  entry.changes["households"] = {"", std::to_string(out.sample.households())};
  entry.changes["substitutions"] = {"", substitutions_text(out.sample)};
  r.journal_seq = tx.record(std::move(entry)).seq;
  tx.survey().put_sample(r);
  tx.commit();
  return out;
}

DrawnSample show_sample(app::Services& services, const std::string& actor_id,
                        const std::string& round_text) {
  const auto round = round_of(round_text);
  app::Transaction tx(services, store::Intent::read);
  auto actor = app::require_actor(tx.directory(), actor_id);
  app::require_access(actor, {Access::leading_group, Access::evaluator},
                      {"查看抽样", "see a sample"});
  auto record = tx.survey().sample(round.str());
  tx.commit();
  if (!record) {
    throw Error(
        Errc::not_found,
        {round.str() + " 尚未抽样(duban survey sample --round " + round.str() + ")",
         round.str() + " has no sample yet (duban survey sample --round " + round.str() + ")"});
  }
  return {*record, sample_from_json(record->draw)};
}

Verification verify_sample(app::Services& services, const std::string& actor_id,
                           const std::string& round_text) {
  auto shown = show_sample(services, actor_id, round_text);
  const auto rid = shown.record.round;
  app::Transaction tx(services, store::Intent::read);
  Verification v;
  v.record = shown.record;
  const auto& plan = services.config.evaluation_plan;
  v.plan_digest = store::sha256_hex(plan.canonical());
  v.roster_digest = roster_digest(tx.survey(), rid);
  auto again = draw(tx.survey(), tx.directory(), plan, rid, shown.record.seed);
  tx.commit();
  auto differ = [&](Text t) { v.differences.push_back(std::move(t)); };
  if (v.plan_digest != shown.record.plan_digest) {
    differ({"评估方案已改变:抽样时 " + shown.record.plan + ",现为 " + plan.canonical(),
            "the plan changed: " + shown.record.plan + " at the draw, now " + plan.canonical()});
  }
  if (v.roster_digest != shown.record.roster_digest) {
    differ({"花名册已改变:抽样时摘要 " + shown.record.roster_digest + ",现为 " + v.roster_digest,
            "the roster changed: digest " + shown.record.roster_digest + " at the draw, now " +
                v.roster_digest});
  }
  // How the sample drawn now differs from the recorded one, village by village.
  auto key = [](const SampledVillage& x) { return x.township + "/" + x.name; };
  std::map<std::string, std::set<std::string>> was, now;
  for (const auto& x : shown.sample.villages)
    for (auto& s = was[key(x)]; const auto& h : x.households) s.insert(h.number);
  for (const auto& x : again.villages)
    for (auto& s = now[key(x)]; const auto& h : x.households) s.insert(h.number);
  std::size_t listed = 0;
  auto list = [&](Text t) {
    if (++listed <= 20) differ(std::move(t));
  };
  for (const auto& [k, households] : was) {
    if (!now.count(k)) {
      list({"村 " + k + " 在原样本中,重抽时不再抽到",
            "village " + k + " was drawn, and is not now"});
      continue;
    }
    for (const auto& h : households) {
      if (!now[k].count(h))
        list({"村 " + k + " 的户 " + h + " 在原样本中,重抽时不再抽到",
              "household " + h + " of " + k + " was drawn, and is not now"});
    }
    for (const auto& h : now[k]) {
      if (!households.count(h))
        list({"村 " + k + " 的户 " + h + " 重抽时抽到,原样本中没有",
              "household " + h + " of " + k + " is drawn now, and was not"});
    }
  }
  for (const auto& [k, households] : now) {
    if (!was.count(k))
      list({"村 " + k + " 重抽时抽到,原样本中没有", "village " + k + " is drawn now, and was not"});
  }
  if (listed > 20) {
    differ({"……另有 " + std::to_string(listed - 20) + " 处不同",
            "... and " + std::to_string(listed - 20) + " more differences"});
  }
  if (v.differences.empty() && sample_json(again) != shown.record.draw) {
    differ({"重抽结果与记录的样本不一致", "the sample drawn again is not the one recorded"});
  }
  v.same = v.differences.empty();
  return v;
}

}  // namespace duban::survey
