#include "survey/form_cases.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "domain/errors.hpp"

namespace duban::survey {

namespace {

std::vector<PlanForm> read_plan_forms(const app::Services& services) {
  std::vector<PlanForm> out;
  for (const auto& file : services.config.evaluation_plan.forms) {
    PlanForm p;
    p.file = file;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      p.findings.push_back(
          {"", 0, "", {"无法打开问卷文件", "the form file cannot be opened"}, false});
    } else {
      try {
        auto check = check_form(in, std::filesystem::path(file).filename().string());
        p.form = std::move(check.form);
        p.findings = std::move(check.findings);
      } catch (const Error& e) {
        p.findings.push_back({"", 0, "", e.text(), false});
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

void attach_fixed(RoundForms& view, std::vector<store::FormRecord> fixed) {
  for (auto& p : view.forms) {
    if (!p.form) continue;
    auto it = std::find_if(fixed.begin(), fixed.end(),
                           [&](const auto& f) { return f.form_id == p.form->id; });
    if (it == fixed.end()) continue;
    p.fixed = std::move(*it);
    fixed.erase(it);
  }
  view.not_in_plan = std::move(fixed);
}

[[noreturn]] void refuse_broken(const std::vector<PlanForm>& forms) {
  std::string zh, en;
  for (const auto& p : forms) {
    if (p.form) continue;
    auto name = std::filesystem::path(p.file).filename().string();
    for (const auto& f : p.findings) {
      if (f.warning) continue;
      auto d = f.described();
      zh += "\n  " + name + ":" + d.zh;
      en += "\n  " + name + ":" + d.en;
    }
  }
  throw Error(
      Errc::import_invalid,
      {"评估方案中的问卷有错误,未固定任何问卷(用 duban form check 检查):" + zh,
       "a form of the plan has errors; no form was fixed (check it with duban form check):" + en});
}

std::string round_text(app::Transaction& tx, const std::string& text) {
  auto id = app::parse_round(text);
  app::require_round(tx, id);
  return id.str();
}

}  // namespace

std::vector<store::FormRecord> ensure_fixed(app::Services& services, app::Transaction& tx,
                                            const std::string& actor, const std::string& round,
                                            std::vector<std::string>* fixed_now) {
  auto fixed = tx.survey().forms(round);
  auto plan = read_plan_forms(services);
  bool missing = false;
  for (const auto& p : plan) {
    if (p.form && std::any_of(fixed.begin(), fixed.end(),
                              [&](const auto& f) { return f.form_id == p.form->id; })) {
      continue;
    }
    if (!p.form) missing = true;
  }
  if (missing) refuse_broken(plan);
  for (const auto& p : plan) {
    const auto& form = *p.form;
    if (std::any_of(fixed.begin(), fixed.end(),
                    [&](const auto& f) { return f.form_id == form.id; }))
      continue;
    store::FormRecord r;
    r.round = round;
    r.form_id = form.id;
    r.version = form.version;
    r.digest = form.digest;
    r.title = form.title;
    r.subject = std::string(to_string(form.subject));
    r.file = std::filesystem::path(p.file).filename().string();
    r.definition = form_json(form);
    r.fixed_at = services.clock.now();
    r.fixed_by = actor;
    auto entry = app::journal_entry(r.fixed_at, actor, "form:" + round + "/" + form.id,
                                    "form_fixed", "", "fixed");
    entry.changes["version"] = {"", r.version};
    entry.changes["digest"] = {"", r.digest};
    entry.changes["file"] = {"", r.file};
    r.journal_seq = tx.record(std::move(entry)).seq;
    tx.survey().put_form(r);
    if (fixed_now) fixed_now->push_back(r.form_id);
    fixed.push_back(std::move(r));
  }
  return fixed;
}

RoundForms round_forms(app::Services& services, const std::string& actor_id,
                       const std::string& round) {
  app::Transaction tx(services, store::Intent::read);
  auto actor = app::require_actor(tx.directory(), actor_id);
  app::require_access(actor, {Access::leading_group, Access::evaluator},
                      {"查看问卷", "see the round's forms"});
  RoundForms view;
  view.round = round_text(tx, round);
  view.forms = read_plan_forms(services);
  attach_fixed(view, tx.survey().forms(view.round));
  tx.commit();
  return view;
}

RoundForms fix_forms(app::Services& services, const std::string& actor_id,
                     const std::string& round) {
  app::Transaction tx(services, store::Intent::write);
  auto actor = app::require_actor(tx.directory(), actor_id);
  app::require_access(actor, {Access::leading_group}, {"固定问卷版本", "fix the round's forms"});
  RoundForms view;
  view.round = round_text(tx, round);
  if (services.config.evaluation_plan.forms.empty()) {
    throw Error(Errc::not_found,
                {"评估方案中没有问卷(forms:)", "the plan names no forms (forms:)"});
  }
  auto fixed = ensure_fixed(services, tx, actor.id, view.round, &view.fixed_now);
  view.forms = read_plan_forms(services);
  attach_fixed(view, std::move(fixed));
  tx.commit();
  return view;
}

}  // namespace duban::survey
