#include "app/score_values.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace duban::app {

const KindModel* model_for(const ScoringModel& model, UnitKind kind, Text& error) {
  const auto* m = model.find(kind);
  if (!m) {
    error = {"评分模型(scoring.yaml)没有" + std::string(label_zh(kind)) + "类单位的模型",
             "the scoring model (scoring.yaml) has no model for units of kind " +
                 std::string(to_string(kind))};
  }
  return m;
}

namespace {

// "87", "87.5", "87.25", "-0"… as hundredths; nullopt for anything else.
std::optional<long long> hundredths(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.front() == ' ') t.erase(t.begin());
  while (!t.empty() && t.back() == ' ') t.pop_back();
  if (t.empty() || t.size() > 15) return std::nullopt;
  auto dot = t.find('.');
  std::string whole = t.substr(0, dot), frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  if (whole.empty() && frac.empty()) return std::nullopt;
  if (frac.size() > 2) return std::nullopt;
  for (char c : whole + frac)
    if (c < '0' || c > '9') return std::nullopt;
  long long w = 0;
  if (!whole.empty()) std::from_chars(whole.data(), whole.data() + whole.size(), w);
  while (frac.size() < 2) frac += '0';
  return w * 100 + (frac[0] - '0') * 10 + (frac[1] - '0');
}

std::string canonical(long long h) {
  std::string out = std::to_string(h / 100);
  int rest = static_cast<int>(h % 100);
  if (rest != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%02d", rest);
    out += buf;
    if (out.back() == '0') out.pop_back();
  }
  return out;
}

std::string shown(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::optional<std::string> score_value(const ScoreKey& key, const std::string& name,
                                       const std::string& text, Text& error) {
  if (key.kind == ScoreKeyKind::fact && key.max == 1) {
    static const char* yes[] = {"1", "是", "有", "yes", "true", "y"};
    static const char* no[] = {"0", "否", "无", "no", "false", "n"};
    for (auto y : yes)
      if (text == y) return "1";
    for (auto n : no)
      if (text == n) return "0";
    error = {name + " 是是非项,应为 是/否(1/0):" + text,
             name + " is a yes/no fact; expected 是/否 (1/0): " + text};
    return std::nullopt;
  }
  auto h = hundredths(text);
  if (!h) {
    error = {name + " 的分值应为非负数字,最多两位小数:" + text,
             name + " must be a non-negative number with at most two decimals: " + text};
    return std::nullopt;
  }
  if (key.kind == ScoreKeyKind::fact && *h % 100 != 0) {
    error = {name + " 是计数,应为整数:" + text,
             name + " is a count; expected a whole number: " + text};
    return std::nullopt;
  }
  if (key.max > 0 && *h > static_cast<long long>(key.max * 100 + 0.5)) {
    error = {name + " 的分值不能超过 " + shown(key.max) + ":" + text,
             name + " must not exceed " + shown(key.max) + ": " + text};
    return std::nullopt;
  }
  return canonical(*h);
}

std::optional<ScoreSource> score_source(const User& actor, const ScoreKey& key,
                                        const std::string& given, Text& error) {
  std::optional<ScoreSource> source;
  if (given.empty()) {
    source = actor.access == Access::supervision ? ScoreSource::supervision
             : actor.access == Access::evaluator ? ScoreSource::evaluation
                                                 : ScoreSource::county;
  } else {
    source = score_source_from(given);
    if (!source || *source == ScoreSource::records) {
      error = {"未知的评分来源 " + given +
                   ",可选:supervision 专项督查、observation 季度观摩、"
                   "evaluation 第三方评估、county 县级认定",
               "unknown score source " + given +
                   "; expected supervision, observation, evaluation or county"};
      return std::nullopt;
    }
  }
  // 专项督查 results are the supervision group's; 观摩 and 评估 results the evaluators' (第一篇
  // 四(二)(三)); the leading group may record any.
  bool may = actor.access == Access::leading_group ||
             (actor.access == Access::supervision && *source == ScoreSource::supervision) ||
             (actor.access == Access::evaluator &&
              (*source == ScoreSource::evaluation || *source == ScoreSource::observation));
  if (!may) {
    error = {std::string(label_zh(actor.access)) + "不能记录来源为“" +
                 std::string(label_zh(*source)) + "”的评分",
             std::string(to_string(actor.access)) + " may not record scores from " +
                 std::string(to_string(*source))};
    return std::nullopt;
  }
  if (key.indicator && !key.indicator->sources.empty() &&
      std::find(key.indicator->sources.begin(), key.indicator->sources.end(), *source) ==
          key.indicator->sources.end()) {
    std::string zh, en;
    for (auto s : key.indicator->sources) {
      zh += (zh.empty() ? "" : "、") + std::string(label_zh(s));
      en += (en.empty() ? "" : ", ") + std::string(to_string(s));
    }
    error = {key.indicator->name + " 只接受来源:" + zh,
             key.indicator->name + " takes scores from " + en + " only"};
    return std::nullopt;
  }
  return source;
}

double score_number(const std::string& canonical) {
  double v = 0;
  std::from_chars(canonical.data(), canonical.data() + canonical.size(), v);
  return v;
}

}  // namespace duban::app
