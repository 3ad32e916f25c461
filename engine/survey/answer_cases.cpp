#include "survey/answer_cases.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "store/evidence_files.hpp"
#include "survey/draft_cases.hpp"
#include "survey/form_cases.hpp"
#include "survey/sample_cases.hpp"

namespace duban::survey {

namespace {

std::string round_text(app::Transaction& tx, const std::string& text) {
  auto id = app::parse_round(text);
  app::require_round(tx, id);
  return id.str();
}

/// The actor's group in the round (0 for none); permission_denied unless the office, an
/// evaluator or a member of one of the round's groups.
int field_access(app::Transaction& tx, const User& actor, const std::string& round,
                 const Text& action) {
  int group = 0;
  for (const auto& g : tx.survey().groups(round)) {
    if (std::find(g.members.begin(), g.members.end(), actor.id) != g.members.end())
      group = g.number;
  }
  if (group == 0) app::require_access(actor, {Access::leading_group, Access::evaluator}, action);
  return group;
}

Sample round_sample(app::Transaction& tx, const std::string& round) {
  auto record = tx.survey().sample(round);
  if (!record) {
    throw Error(Errc::not_found,
                {round + " 尚未抽样(duban survey sample --round " + round + ")",
                 round + " has no sample yet (duban survey sample --round " + round + ")"});
  }
  return sample_from_json(record->draw);
}

std::string subject_of(const SampledVillage& v) { return v.township + "/" + v.name; }

store::EvidenceFiles photo_files(const app::Services& services) {
  return store::EvidenceFiles(services.config.data_dir / "evidence");
}

/// "image/jpeg", "image/png" or "image/webp" by the bytes' signature; "" for anything else.
std::string photo_type(const std::string& b) {
  if (b.size() > 3 && b.compare(0, 3, "\xFF\xD8\xFF") == 0) return "image/jpeg";
  if (b.size() > 8 && b.compare(0, 8, "\x89PNG\r\n\x1A\n") == 0) return "image/png";
  if (b.size() > 12 && b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WEBP") == 0)
    return "image/webp";
  return "";
}

bool is_sha256(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

/// The sample's subject `text` names: a household by its 户编号; a village as "<township>/<村>",
/// the township by id or name, the slash ASCII or full-width (U+FF0F, as Chinese input methods
/// type it); "" when the sample has none.
std::string subject_in(const Sample& sample, const Form& form, std::string text) {
  static const std::string kFullWidthSlash = "\xEF\xBC\x8F";
  std::string normal;  // built, not replaced in place: GCC 12's -Wrestrict misreads replace()
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, kFullWidthSlash.size(), kFullWidthSlash) == 0) {
      normal += '/';
      i += kFullWidthSlash.size();
    } else {
      normal += text[i++];
    }
  }
  text = std::move(normal);
  for (const auto& v : sample.villages) {
    if (form.subject == FormSubject::village) {
      if (text == v.township + "/" + v.name || text == v.township_name + "/" + v.name)
        return v.township + "/" + v.name;
      continue;
    }
    for (const auto& h : v.households)
      if (h.number == text) return h.number;
  }
  return "";
}

std::string answers_json(const std::map<std::string, std::string>& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : values) j[k] = v;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

}  // namespace

RosterFacts household_facts(const RosterHousehold& h) {
  return {{"people", static_cast<double>(h.people)},
          {"kind", std::string(to_string(h.kind))},
          {"edge", h.edge},
          {"monitored", h.monitored},
          {"tags", household_tags_codes(h.tags)},
          {"township", h.township},
          {"village", h.village}};
}

RosterFacts village_facts(const RosterVillage& v) {
  return {{"population", static_cast<double>(v.population)},
          {"poor_population", static_cast<double>(v.poor_population)},
          {"kind", std::string(to_string(v.kind))},
          {"township", v.township},
          {"village", v.name}};
}

SubmittedAnswers submit_answers(app::Services& services, const SubmitAnswers& request) {
  app::Transaction tx(services, store::Intent::write);
  auto actor = app::require_actor(tx.directory(), request.actor);
  const auto rid = round_text(tx, request.round);
  const int group = field_access(tx, actor, rid, {"提交答卷", "submit answers"});
  if (request.instance.empty() || request.instance.size() > 200) {
    throw Error(Errc::invalid_argument, {"答卷缺少编号(instance,1–200 个字符)",
                                         "a submission needs its id (instance, 1–200 characters)"});
  }
  SubmittedAnswers out;
  if (auto before = tx.survey().answer_by_instance(rid, request.instance)) {
    out.record = *before;
    out.repeated = true;
    tx.commit();
    return out;
  }
  const auto sample = round_sample(tx, rid);
  auto fixed = ensure_fixed(services, tx, actor.id, rid);
  auto kept = std::find_if(fixed.begin(), fixed.end(),
                           [&](const auto& f) { return f.form_id == request.form; });
  if (kept == fixed.end()) {
    throw Error(Errc::not_found,
                {"本轮没有问卷 " + request.form, "the round has no form " + request.form});
  }
  const Form form = form_from_json(kept->definition);
  auto given = request.answers;
  const auto named = form.subject_field.empty() ? given.end() : given.find(form.subject_field);
  const std::string subject_text = !request.subject.empty()
                                       ? request.subject
                                       : (named != given.end() ? named->second : std::string());
  const std::string subject = subject_in(sample, form, subject_text);
  if (subject.empty()) {
    throw Error(
        Errc::not_found,
        {(form.subject == FormSubject::village ? "样本中没有村 " : "样本中没有户 ") + subject_text,
         (form.subject == FormSubject::village ? "the sample has no village "
                                               : "the sample has no household ") +
             subject_text});
  }
  if (!form.subject_field.empty()) {
    auto& field = given[form.subject_field];
    if (field.empty()) field = subject;
    if (subject_in(sample, form, field) != subject) {
      throw Error(
          Errc::invalid_argument,
          {"“" + form.subject_field + "”为 " + field + ",与提交的对象 " + subject + " 不符",
           "\"" + form.subject_field + "\" says " + field + ", not the subject " + subject});
    }
    field = subject;
  }
  RosterFacts facts;
  if (form.subject == FormSubject::household) {
    auto h = tx.survey().household(rid, subject);
    if (!h)
      throw Error(Errc::not_found,
                  {"花名册中没有户 " + subject, "the roster has no household " + subject});
    if (!form.applies_to(h->kind)) {
      throw Error(Errc::invalid_argument,
                  {"户 " + subject + " 在花名册中为" + std::string(label_zh(h->kind)) + ",不填“" +
                       form.title + "”",
                   "household " + subject + " is " + std::string(to_string(h->kind)) +
                       " in the roster; \"" + form.title + "\" is not its form"});
    }
    facts = household_facts(*h);
  } else {
    for (const auto& v : tx.survey().villages(rid))
      if (v.township + "/" + v.name == subject) facts = village_facts(v);
  }
  const auto now = services.clock.now();
  const auto today = format_date(local_date(now, services.config.zone));
  auto checked = check_answers(form, given, facts, today);
  for (const auto& q : form.questions) {
    auto it = checked.values.find(q.name);
    if (q.type != QuestionType::image || it == checked.values.end() || it->second.empty()) continue;
    if (!is_sha256(it->second) || !photo_files(services).get(it->second)) {
      checked.refused.push_back(
          {q.name,
           {"照片未上传(答案应为已上传照片的 SHA-256)",
            "the photo was not uploaded (the answer is an uploaded photo's SHA-256)"}});
    }
  }
  if (!checked.ok()) {
    std::string zh, en;
    for (const auto& p : checked.refused) {
      const auto* q = form.find(p.question);
      auto label = q ? "(" + q->label.zh + ")" : std::string();
      zh += "\n  " + p.question + label + ":" + p.message.zh;
      en += "\n  " + p.question + ": " + p.message.en;
    }
    throw Error(Errc::import_invalid,
                {"答卷未保存,有 " + std::to_string(checked.refused.size()) + " 处不符合问卷:" + zh,
                 "the answers were not kept; " + std::to_string(checked.refused.size()) +
                     " break the form:" + en});
  }
  out.assessments = assess(form, checked, facts, today);
  if (request.check_only) {
    out.record.subject = subject;
    out.record.form_id = form.id;
    return out;  // the transaction is not committed: nothing (not even the forms) is written
  }
  auto& r = out.record;
  r.round = rid;
  r.form_id = form.id;
  r.subject = subject;
  r.group = group;
  r.answers = answers_json(checked.values);
  r.source = request.source;
  r.instance = request.instance;
  r.submitted_at = now;
  r.submitted_by = actor.id;
  auto before = tx.survey().answer(rid, form.id, subject);
  std::size_t problems = 0;
  for (const auto& a : out.assessments) problems += a.problem ? 1 : 0;
  auto entry =
      app::journal_entry(now, actor.id, "answers:" + rid + "/" + form.id + "/" + subject,
                         before ? "answers_changed" : "answers_submitted", "", "submitted");
  entry.changes["answers"] = {before ? before->answers : "", r.answers};
  entry.changes["instance"] = {before ? before->instance : "", r.instance};
  entry.changes["version"] = {"", kept->version};
  entry.changes["group"] = {"", std::to_string(group)};
  entry.changes["problems"] = {"", std::to_string(problems)};
  r.journal_seq = tx.record(std::move(entry)).seq;
  tx.survey().put_answer(r);
  record_drafts(services, tx, actor.id, r, sample, out.assessments);
  tx.commit();
  return out;
}

std::vector<store::AnswerRecord> list_answers(app::Services& services, const std::string& actor_id,
                                              const std::string& round, const std::string& form) {
  app::Transaction tx(services, store::Intent::read);
  auto actor = app::require_actor(tx.directory(), actor_id);
  const auto rid = round_text(tx, round);
  field_access(tx, actor, rid, {"查看答卷", "see the answers"});
  auto list = tx.survey().answers(rid, form);
  tx.commit();
  return list;
}

std::string store_photo(app::Services& services, const std::string& actor_id,
                        const std::string& round, const std::string& bytes, std::size_t max_bytes) {
  {
    app::Transaction tx(services, store::Intent::read);
    auto actor = app::require_actor(tx.directory(), actor_id);
    field_access(tx, actor, round_text(tx, round), {"上传照片", "upload a photo"});
    tx.commit();
  }
  if (bytes.size() > max_bytes) {
    throw Error(Errc::invalid_argument,
                {"照片超过 " + std::to_string(max_bytes / 1024) + " KiB",
                 "the photo is larger than " + std::to_string(max_bytes / 1024) + " KiB"});
  }
  if (photo_type(bytes).empty()) {
    throw Error(Errc::invalid_argument,
                {"照片应为 JPEG、PNG 或 WebP", "a photo must be a JPEG, PNG or WebP"});
  }
  return photo_files(services).put(bytes);
}

std::pair<std::string, std::string> read_photo(app::Services& services, const std::string& actor_id,
                                               const std::string& round,
                                               const std::string& sha256) {
  {
    app::Transaction tx(services, store::Intent::read);
    auto actor = app::require_actor(tx.directory(), actor_id);
    field_access(tx, actor, round_text(tx, round), {"查看照片", "see a photo"});
    tx.commit();
  }
  auto bytes = is_sha256(sha256) ? photo_files(services).get(sha256) : std::nullopt;
  if (!bytes || photo_type(*bytes).empty())
    throw Error(Errc::not_found, {"没有这张照片", "no such photo"});
  auto type = photo_type(*bytes);
  return {std::move(*bytes), type};
}

FieldDay field_day(app::Services& services, const std::string& actor_id, const std::string& round,
                   Date day) {
  app::Transaction tx(services, store::Intent::read);
  auto actor = app::require_actor(tx.directory(), actor_id);
  FieldDay out;
  out.round = round_text(tx, round);
  out.day = day;
  out.group = field_access(tx, actor, out.round, {"查看实地评估日程", "see the field work"});
  out.leader = actor.access == Access::leading_group;
  for (const auto& g : tx.survey().groups(out.round))
    out.leader = out.leader || (g.number == out.group && g.leader == actor.id);
  const auto sample = round_sample(tx, out.round);
  if (auto s = tx.survey().schedule(out.round)) {
    for (const auto& g : schedule_from_json(s->schedule).groups) {
      if (out.group != 0 && g.number != out.group) continue;
      for (const auto& v : g.visits)
        if (v.day == day) out.visits.push_back(v);
    }
  }
  for (const auto& visit : out.visits) {
    for (const auto& v : sample.villages)
      if (v.township == visit.township && v.name == visit.village) out.villages.push_back(v);
  }
  const auto roster_villages = tx.survey().villages(out.round);
  for (const auto& v : out.villages) {
    for (const auto& r : roster_villages)
      if (r.township == v.township && r.name == v.name) out.facts[subject_of(v)] = village_facts(r);
    for (const auto& h : tx.survey().households_of(out.round, v.township, v.name))
      out.facts[h.number] = household_facts(h);
  }
  out.forms = tx.survey().forms(out.round);
  if (out.forms.empty()) {
    // Not fixed yet: the plan's forms as the first answer will fix them (those that pass).
    for (const auto& file : services.config.evaluation_plan.forms) {
      std::ifstream in(file, std::ios::binary);
      auto check = check_form(in, std::filesystem::path(file).filename().string());
      if (!check.form) continue;
      store::FormRecord r;
      r.round = out.round;
      r.form_id = check.form->id;
      r.version = check.form->version;
      r.digest = check.form->digest;
      r.title = check.form->title;
      r.subject = std::string(to_string(check.form->subject));
      r.definition = form_json(*check.form);
      out.forms.push_back(std::move(r));
    }
  }
  for (const auto& a : tx.survey().answers(out.round, ""))
    out.answered[a.form_id + "|" + a.subject] = a.instance;
  tx.commit();
  return out;
}

}  // namespace duban::survey
