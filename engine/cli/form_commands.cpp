// duban form check: an XLSForm questionnaire checked before a round uses it (engine/survey/form).
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/input_files.hpp"
#include "domain/errors.hpp"
#include "survey/answer_cases.hpp"
#include "survey/form.hpp"
#include "survey/form_cases.hpp"
#include "survey/import_submissions.hpp"

namespace duban::cli {

namespace {

int check(Invocation& inv) {
  const auto& file = inv.positional(0);
  auto in = open_import_file(file);
  auto r = survey::check_form(in, file);
  std::size_t errors = 0, warnings = 0;
  for (const auto& f : r.findings) (f.warning ? warnings : errors) += 1;
  if (inv.global.json) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : r.findings) {
      findings.push_back({{"sheet", f.sheet},
                          {"row", f.row},
                          {"column", f.column},
                          {"level", f.warning ? "warning" : "error"},
                          {"message", f.message.str()}});
    }
    nlohmann::json j{{"file", file}, {"ok", r.ok()}, {"findings", findings}};
    if (r.form) {
      j["form_id"] = r.form->id;
      j["version"] = r.form->version;
      j["title"] = r.form->title;
      j["subject"] = survey::to_string(r.form->subject);
      j["questions"] = r.form->questions.size();
      j["digest"] = r.form->digest;
    }
    inv.out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return r.ok() ? 0 : 1;
  }
  for (const auto& f : r.findings)
    (f.warning ? inv.out : inv.err) << file << ":" << f.described().str() << "\n";
  if (!r.ok()) {
    inv.err << Text{file + ":" + std::to_string(errors) + " 处错误,问卷不能使用",
                    file + ": " + std::to_string(errors) + " error(s); the form cannot be used"}
                   .str()
            << "\n";
    return 1;
  }
  std::size_t asked = 0;
  for (const auto& q : r.form->questions) {
    using survey::QuestionType;
    if (q.type != QuestionType::begin_group && q.type != QuestionType::end_group &&
        q.type != QuestionType::calculate && q.type != QuestionType::note) {
      ++asked;
    }
  }
  std::size_t problems = 0;
  for (const auto& q : r.form->questions) problems += q.problem.empty() ? 0 : 1;
  inv.out << Text{"检查通过:" + r.form->title + "(" + r.form->id + ",版本 " + r.form->version +
                      "):" + std::to_string(asked) + " 个问题," + std::to_string(problems) +
                      " 个问题条件," + std::to_string(warnings) + " 处提醒;摘要 " + r.form->digest,
                  "ok: " + r.form->title + " (" + r.form->id + ", version " + r.form->version +
                      "): " + std::to_string(asked) + " questions, " + std::to_string(problems) +
                      " problem conditions, " + std::to_string(warnings) + " warning(s); digest " +
                      r.form->digest}
                 .str()
          << "\n";
  return 0;
}

std::string required_round(Invocation& inv) {
  auto round = inv.value("round");
  if (round.empty()) {
    throw Error(Errc::invalid_argument,
                {"缺少 --round(轮次,如 2026-H1)", "--round is required (the round, e.g. 2026-H1)"});
  }
  return round;
}

int import_answers(Invocation& inv) {
  const auto& file = inv.positional(0);
  auto in = open_import_file(file);
  survey::SubmissionImportOptions options;
  options.dry_run = inv.has("dry-run");
  options.subject_column = inv.value("subject-column");
  if (inv.has("encoding")) options.sheet.encoding = encoding_option(inv.value("encoding"));
  auto r = survey::import_submissions(inv.services(), inv.global.actor, required_round(inv),
                                      inv.value("form"), in, file, options);
  if (inv.global.json) {
    inv.out << nlohmann::json{{"dry_run", r.dry_run},
                              {"format", r.format.str()},
                              {"rows", r.rows},
                              {"stored", r.stored},
                              {"repeated", r.repeated},
                              {"problems", r.problems},
                              {"ignored_columns", r.ignored},
                              {"photos_left_out", r.photos}}
                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    return 0;
  }
  inv.out << Text{"读取:", "read: "}.str() << r.format.str() << "\n";
  if (!r.ignored.empty()) {
    std::string list;
    for (const auto& c : r.ignored) list += (list.empty() ? "" : ", ") + c;
    inv.out << Text{"未用的列(不是问卷中的问题):",
                    "columns left unused (no question of the form): "}
                   .str()
            << list << "\n";
  }
  if (!r.photos.empty()) {
    std::string list;
    for (const auto& c : r.photos) list += (list.empty() ? "" : ", ") + c;
    inv.out << Text{"照片是附件,不在导出表中,未导入:",
                    "photos are attachments, not in the export, and were left out: "}
                   .str()
            << list << "\n";
  }
  inv.out << (r.dry_run ? Text{"检查通过(未写入):", "check passed (nothing written): "}.str()
                        : Text{"已导入:", "imported: "}.str())
          << r.rows << Text{" 份答卷", " submissions"}.str();
  if (!r.dry_run)
    inv.out << Text{",新存 ", ", stored "}.str() << r.stored
            << Text{",此前已存 ", ", stored before "}.str() << r.repeated;
  inv.out << Text{";发现问题 ", "; problems found "}.str() << r.problems << "\n";
  return 0;
}

int list_answers(Invocation& inv) {
  auto list = survey::list_answers(inv.services(), inv.global.actor, required_round(inv),
                                   inv.value("form"));
  if (inv.global.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& a : list) {
      j.push_back({{"form", a.form_id},
                   {"subject", a.subject},
                   {"group", a.group},
                   {"answers", nlohmann::json::parse(a.answers)},
                   {"source", a.source},
                   {"instance", a.instance},
                   {"submitted_by", a.submitted_by}});
    }
    inv.out << nlohmann::json{{"answers", j}}.dump(2, ' ', false,
                                                   nlohmann::json::error_handler_t::replace)
            << "\n";
    return 0;
  }
  for (const auto& a : list)
    inv.out << a.form_id << "  " << a.subject << "  " << a.source << "  " << a.submitted_by << "  "
            << a.instance << "\n";
  inv.out << Text{"共 ", ""}.str() << list.size() << Text{" 份答卷", " submissions"}.str() << "\n";
  return 0;
}

int round_forms(Invocation& inv) {
  auto round = required_round(inv);
  auto& services = inv.services();
  auto view = inv.has("fix") ? survey::fix_forms(services, inv.global.actor, round)
                             : survey::round_forms(services, inv.global.actor, round);
  const auto zone = services.config.zone;
  if (inv.global.json) {
    nlohmann::json forms = nlohmann::json::array();
    for (const auto& p : view.forms) {
      nlohmann::json j{{"file", p.file}, {"ok", p.form.has_value()}};
      if (p.form) {
        j["form_id"] = p.form->id;
        j["version"] = p.form->version;
        j["digest"] = p.form->digest;
        j["title"] = p.form->title;
      }
      if (p.fixed) {
        j["fixed"] = {{"version", p.fixed->version},
                      {"digest", p.fixed->digest},
                      {"at", format_instant(p.fixed->fixed_at, zone)},
                      {"by", p.fixed->fixed_by}};
      }
      j["changed_since_fixed"] = p.changed_since_fixed();
      forms.push_back(std::move(j));
    }
    nlohmann::json gone = nlohmann::json::array();
    for (const auto& f : view.not_in_plan)
      gone.push_back({{"form_id", f.form_id}, {"version", f.version}});
    inv.out << nlohmann::json{{"round", view.round},
                              {"forms", forms},
                              {"fixed_not_in_plan", gone},
                              {"fixed_now", view.fixed_now}}
                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    return 0;
  }
  inv.out << Text{view.round + " 的问卷:", "forms of " + view.round + ":"}.str() << "\n";
  for (const auto& p : view.forms) {
    if (!p.form) {
      inv.out << "  " << p.file
              << Text{":有错误(duban form check 查看)", ": has errors (see duban form check)"}.str()
              << "\n";
      continue;
    }
    const auto& f = *p.form;
    inv.out << "  " << f.id << "  " << f.title << Text{"  版本 ", "  version "}.str() << f.version;
    if (p.fixed) {
      inv.out << Text{"  已固定(" + format_instant(p.fixed->fixed_at, zone) + "," +
                          p.fixed->fixed_by + ")",
                      "  fixed (" + format_instant(p.fixed->fixed_at, zone) + ", " +
                          p.fixed->fixed_by + ")"}
                     .str();
    } else {
      inv.out << Text{"  未固定", "  not fixed"}.str();
    }
    inv.out << "\n";
    if (p.changed_since_fixed()) {
      inv.out << Text{"    文件已改动:本轮仍用已固定的版本 " + p.fixed->version + "(摘要 " +
                          p.fixed->digest.substr(0, 12) + ");改动请用新的版本号,用于以后的轮次",
                      "    the workbook changed: this round keeps the fixed version " +
                          p.fixed->version + " (digest " + p.fixed->digest.substr(0, 12) +
                          "); give the change a new version for later rounds"}
                     .str()
              << "\n";
    }
  }
  for (const auto& f : view.not_in_plan)
    inv.out << "  " << f.form_id
            << Text{"  已固定,但已不在评估方案中", "  fixed, no longer in the plan"}.str() << "\n";
  if (!view.fixed_now.empty())
    inv.out << Text{"本次固定:", "fixed now: "}.str() << view.fixed_now.size() << "\n";
  return 0;
}

}  // namespace

std::vector<CommandSpec> form_commands() {
  std::vector<CommandSpec> v;
  v.push_back({"form check",
               {"FILE"},
               {},
               {"检查 XLSForm 问卷(survey、choices、settings 工作表):每处错误按“工作表:行 列”列出;"
                "有错误时返回非零",
                "check an XLSForm questionnaire (survey, choices and settings sheets): each error "
                "at its sheet:row and column; non-zero when there is one"},
               check});
  v.push_back(
      {"survey forms",
       {},
       {{"round", "ROUND", {"轮次,如 2026-H1", "the round, e.g. 2026-H1"}, true},
        {"fix",
         "",
         {"固定各问卷的版本(实地工作开始)", "fix each form's version (field work starts)"}}},
       {"本轮的问卷(评估方案 forms:):检查结果与已固定的版本;--fix 固定尚未固定的",
        "the round's forms (the plan's forms:): checked, and the versions fixed; --fix fixes "
        "those not fixed yet"},
       round_forms});
  v.push_back(
      {"survey import-submissions",
       {"FILE"},
       {{"round", "ROUND", {"轮次,如 2026-H1", "the round, e.g. 2026-H1"}, true},
        {"form", "FORM", {"问卷的 form_id", "the form's form_id"}, true},
        {"dry-run", "", {"只检查不写入", "check only, write nothing"}},
        {"subject-column",
         "COLUMN",
         {"户编号或村所在的列(默认问卷的 subject_field)",
          "the column naming the household or village (default: the form's subject_field)"}},
        {"encoding",
         "ENC",
         {"CSV 的编码:utf-8 或 gb18030(默认自动识别)",
          "CSV encoding: utf-8 or gb18030 (default: detected)"}}},
       {"导入 ODK Central / KoboToolbox 导出的答卷(CSV 或 XLSX);按 instanceID "
        "去重,全部检查通过才写入",
        "import the submissions an ODK Central or KoboToolbox export holds (CSV or XLSX); one per "
        "instanceID, all checked before any is stored"},
       import_answers});
  v.push_back({"survey answers",
               {},
               {{"round", "ROUND", {"轮次,如 2026-H1", "the round, e.g. 2026-H1"}, true},
                {"form", "FORM", {"只列这份问卷的答卷", "one form's answers only"}}},
               {"列出本轮的答卷", "list the round's answers"},
               list_answers});
  return v;
}

}  // namespace duban::cli
