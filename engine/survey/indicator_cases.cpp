#include "survey/indicator_cases.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "survey/answer_cases.hpp"

namespace duban::survey {

IndicatorReport subject_indicators(app::Services& services, const std::string& actor_id,
                                   const std::string& round, const std::string& form_id,
                                   const std::string& subject_text) {
  app::Transaction tx(services, store::Intent::read);
  auto actor = app::require_actor(tx.directory(), actor_id);
  auto id = app::parse_round(round);
  app::require_round(tx, id);
  const auto rid = id.str();
  bool member = false;
  for (const auto& g : tx.survey().groups(rid))
    member = member || std::find(g.members.begin(), g.members.end(), actor.id) != g.members.end();
  if (!member) {
    app::require_access(actor, {Access::leading_group, Access::evaluator},
                        {"查看核查指标", "see the indicators"});
  }
  // A village may be named by its township's name: "龙潭镇/一村" as well as "longtan/一村".
  std::string subject = subject_text;
  std::optional<RosterVillage> village;
  for (const auto& v : tx.survey().villages(rid)) {
    if (subject_text == v.township + "/" + v.name) village = v;
    if (auto unit = tx.directory().find_unit(v.township);
        unit && subject_text == unit->name + "/" + v.name) {
      village = v;
    }
  }
  if (village) subject = village->township + "/" + village->name;
  auto answer = tx.survey().answer(rid, form_id, subject);
  if (!answer) {
    throw Error(Errc::not_found, {subject_text + " 没有问卷 " + form_id + " 的答卷",
                                  subject_text + " has no answers to " + form_id});
  }
  auto forms = tx.survey().forms(rid);
  auto kept =
      std::find_if(forms.begin(), forms.end(), [&](const auto& f) { return f.form_id == form_id; });
  if (kept == forms.end())
    throw Error(Errc::not_found, {"本轮没有问卷 " + form_id, "the round has no form " + form_id});
  const auto form = form_from_json(kept->definition);
  RosterFacts facts;
  if (village)
    facts = village_facts(*village);
  else if (auto h = tx.survey().household(rid, subject))
    facts = household_facts(*h);
  CheckedAnswers checked;
  const auto stored = nlohmann::json::parse(answer->answers);  // kept: items() refers to it
  for (const auto& [k, v] : stored.items()) checked.values[k] = v.get<std::string>();
  IndicatorReport r{form_id, subject, {}, 0};
  r.assessments = assess(form, checked, facts,
                         format_date(local_date(answer->submitted_at, services.config.zone)));
  for (const auto& a : r.assessments) r.failed += a.problem ? 1 : 0;
  tx.commit();
  return r;
}

}  // namespace duban::survey
