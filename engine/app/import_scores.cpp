// 导入评分: a score sheet as evaluators hand it over, CSV (UTF-8 or GB18030) or XLSX, through the
// same reading as problem lists. Two layouts: long (单位, 指标, 分值[, 来源, 说明]) and wide (单位
// and a column per indicator, bonus item or fact, by id or name). All or nothing.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>

#include "app/denials.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "app/score_cases.hpp"
#include "app/scoring_common.hpp"
#include "app/transaction.hpp"

namespace duban::app {

namespace {

const std::vector<std::string> kUnit = {"单位", "单位名称", "责任单位", "乡镇", "unit"};
const std::vector<std::string> kIndicator = {"指标", "评分指标", "indicator"};
const std::vector<std::string> kValue = {"分值", "得分", "分数", "value", "score"};
const std::vector<std::string> kSource = {"来源", "评分来源", "source"};
const std::vector<std::string> kNote = {"说明", "备注", "note"};
const std::vector<std::string> kSkipped = {"序号", "no", "#"};

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

int column(const std::vector<std::string>& header, const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (std::find(names.begin(), names.end(), trimmed(header[i])) != names.end())
      return static_cast<int>(i);
  return -1;
}

bool blank(const SheetRow& row) {
  return std::all_of(row.cells.begin(), row.cells.end(),
                     [](const std::string& c) { return trimmed(c).empty(); });
}

std::string cell(const SheetRow& row, int i) {
  return i >= 0 && static_cast<std::size_t>(i) < row.cells.size() ? trimmed(row.cells[i]) : "";
}

// "减贫成效(20分)" as score sheets head their columns: the name, and the full marks it declares.
std::pair<std::string, std::optional<double>> declared_marks(const std::string& header) {
  for (auto [open, close] : {std::pair{"(", ")"}, std::pair{"(", ")"}}) {
    auto at = header.rfind(open);
    const std::string tail = std::string("分") + close;
    if (at == std::string::npos || header.size() < tail.size() ||
        header.compare(header.size() - tail.size(), tail.size(), tail) != 0)
      continue;
    auto digits =
        header.substr(at + std::strlen(open), header.size() - tail.size() - at - std::strlen(open));
    double marks = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), marks);
    if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty()) continue;
    return {trimmed(header.substr(0, at)), marks};
  }
  return {header, std::nullopt};
}

std::string line_text(const std::string& file, std::size_t line, const Text& t, Lang lang) {
  return lang == Lang::en ? file + ":" + std::to_string(line) + ": " + t.en
                          : file + " 第 " + std::to_string(line) + " 行:" + t.zh;
}

ScoreImportResult import_refusable(Services& services, std::istream& in,
                                   const std::string& file_name,
                                   const ScoreImportOptions& options) {
  auto id = parse_round(options.round);
  Transaction tx(services, store::Intent::write);
  auto now = services.clock.now();
  auto actor = require_scorer(tx, options.actor, id, {"导入评分", "import scores"});
  auto sheet = open_sheet(in, file_name, {options.encoding});
  ScoreImportResult result;
  result.dry_run = options.dry_run;
  result.described = sheet->described().str();

  // The header: the first of the first 20 rows with a unit column and something to score.
  SheetRow row;
  std::vector<std::string> header;
  std::size_t header_line = 0;
  for (int n = 0; n < 20 && sheet->next(row); ++n) {
    if (column(row.cells, kUnit) >= 0 && row.cells.size() >= 2) {
      header = row.cells;
      header_line = row.line;
      break;
    }
  }
  if (header.empty()) {
    throw Error(Errc::import_invalid,
                {file_name + ":前 20 行中找不到表头(应有“单位”列,以及“指标”“分值”列或各指标列)",
                 file_name + ": no header in the first 20 rows (a 单位/unit column, and 指标/分值 "
                             "columns or one column per indicator)"});
  }
  const int unit_col = column(header, kUnit), indicator_col = column(header, kIndicator),
            value_col = column(header, kValue), source_col = column(header, kSource),
            note_col = column(header, kNote);
  const bool long_form = indicator_col >= 0 && value_col >= 0;
  std::vector<std::pair<int, std::string>> wide;  // column, indicator as named
  if (!long_form) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      auto name = trimmed(header[i]);
      int c = static_cast<int>(i);
      if (name.empty() || c == unit_col || c == source_col || c == note_col ||
          std::find(kSkipped.begin(), kSkipped.end(), name) != kSkipped.end())
        continue;
      wide.emplace_back(c, name);
    }
  }

  UnitIndex units(tx.directory());
  std::vector<std::string> problems;
  std::vector<PlannedScore> planned;
  std::map<std::string, std::size_t> seen;  // unit/indicator → line, to catch a value given twice
  auto plan = [&](std::size_t line, ScoreInput input) {
    auto [name, marks] = declared_marks(input.indicator);
    input.indicator = name;
    ScoreProblem problem;
    auto p = plan_score(services, tx, actor, units, id.str(), input, problem);
    if (!p) {
      problems.push_back(line_text(file_name, line, problem.text, current_lang()));
      return;
    }
    // A sheet scored out of 20 read against a model scoring out of 100 would be wrong by five
    // times: the full marks a header declares must be the model's.
    if (marks) {
      auto unit = tx.directory().find_unit(p->record.unit);
      const auto* model = unit ? services.config.scoring.find(unit->kind) : nullptr;
      auto key = model ? score_key(*model, p->record.indicator) : std::nullopt;
      if (key && key->max > 0 && std::fabs(key->max - *marks) > 1e-9) {
        char model_max[32];
        std::snprintf(model_max, sizeof model_max, "%g", key->max);
        problems.push_back(line_text(
            file_name, line,
            {input.indicator + " 在表中满分为 " + std::to_string(static_cast<int>(*marks)) +
                 " 分,评分模型中为 " + model_max + " 分:请在 scoring.yaml 中设 max 或换算分值",
             input.indicator + " is scored out of " + std::to_string(static_cast<int>(*marks)) +
                 " in the sheet but out of " + model_max +
                 " in the model: set its max in scoring.yaml or convert the scores"},
            current_lang()));
        return;
      }
    }
    auto key = p->record.unit + "/" + p->record.indicator;
    if (auto it = seen.find(key); it != seen.end()) {
      problems.push_back(line_text(file_name, line,
                                   {input.unit + " 的 " + input.indicator + " 在第 " +
                                        std::to_string(it->second) + " 行已有分值",
                                    input.unit + "'s " + input.indicator + " was given on line " +
                                        std::to_string(it->second) + " already"},
                                   current_lang()));
      return;
    }
    seen[key] = line;
    const bool same = p->before && p->before->value == p->record.value &&
                      p->before->source == p->record.source && p->before->note == p->record.note;
    result.rows.push_back({static_cast<int>(line), p->record.unit, p->record.indicator,
                           p->record.value, p->record.source, p->before ? p->before->value : "",
                           same        ? "unchanged"
                           : p->before ? "replace"
                                       : "set"});
    (same ? result.unchanged : p->before ? result.replaced : result.set) += 1;
    planned.push_back(std::move(*p));
  };
  while (sheet->next(row)) {
    if (blank(row)) continue;
    // Every cell of the row reaches the journal or decides what does: one that cannot be stored
    // is named by its column (and in an XLSX its sheet and cell).
    bool defective = false;
    for (std::size_t c = 0; c < row.cells.size() && c < header.size(); ++c) {
      if (auto d = cell_defect(*sheet, row, c, header[c])) {
        problems.push_back(line_text(file_name, row.line, *d, current_lang()));
        defective = true;
      }
    }
    if (defective) continue;
    auto unit = cell(row, unit_col);
    auto source = source_col >= 0 ? cell(row, source_col) : options.source;
    auto note = cell(row, note_col);
    if (source.empty()) source = options.source;
    if (unit.empty()) {
      problems.push_back(
          line_text(file_name, row.line, {"单位为空", "the unit is empty"}, current_lang()));
      continue;
    }
    if (long_form) {
      plan(row.line, {unit, cell(row, indicator_col), cell(row, value_col), source, note});
      continue;
    }
    for (const auto& [c, name] : wide) {
      auto value = cell(row, c);
      if (!value.empty()) plan(row.line, {unit, name, value, source, note});
    }
  }
  if (!problems.empty()) {
    std::string zh =
        file_name + " 有 " + std::to_string(problems.size()) + " 处错误,未导入任何评分:";
    std::string en =
        file_name + " has " + std::to_string(problems.size()) + " problems; no score was imported:";
    for (const auto& p : problems) {
      zh += "\n  " + p;
      en += "\n  " + p;
    }
    throw Error(Errc::import_invalid, {zh, en});
  }
  if (planned.empty()) {
    throw Error(
        Errc::import_invalid,
        {file_name + ":表头(第 " + std::to_string(header_line) + " 行)以下没有任何分值",
         file_name + ": no values below the header (line " + std::to_string(header_line) + ")"});
  }
  if (options.dry_run) return result;
  for (auto& p : planned) write_score(tx, now, actor.id, p);
  tx.commit();
  return result;
}

}  // namespace

ScoreImportResult import_scores(Services& services, std::istream& in, const std::string& file_name,
                                const ScoreImportOptions& options) {
  return recording_refusals(
      services,
      {options.actor, options.dry_run ? "score import --dry-run" : "score import", file_name},
      [&] { return import_refusable(services, in, file_name, options); });
}

std::vector<ScoreRecord> list_scores(Services& services, const std::string& actor_id,
                                     const std::string& round, const std::string& unit) {
  auto id = parse_round(round);
  Transaction tx(services, store::Intent::read);
  auto actor = require_actor(tx.directory(), actor_id);
  require_round(tx, id);
  std::string only = unit.empty() ? "" : resolve_unit(tx.directory(), unit);
  if (actor.access == Access::member) {
    if (!only.empty() && only != actor.unit) {
      throw Error(Errc::permission_denied,
                  {"只能查看本单位的评分", "a unit's member sees its own unit's scores only"});
    }
    only = actor.unit;
  }
  auto all = tx.scores().scores(id.str());
  std::vector<ScoreRecord> out;
  for (auto& s : all)
    if (only.empty() || s.unit == only) out.push_back(std::move(s));
  return out;
}

}  // namespace duban::app
