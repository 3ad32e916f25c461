#include "domain/deadline_text.hpp"

#include <vector>

namespace duban {

namespace chr = std::chrono;

namespace {

/// Full-width digits and separators (what a Chinese input method types) as ASCII; spaces gone.
std::string normalized(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xEF && i + 2 < text.size()) {
      auto b1 = static_cast<unsigned char>(text[i + 1]),
           b2 = static_cast<unsigned char>(text[i + 2]);
      if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99) {  // ０-９
        out += static_cast<char>('0' + (b2 - 0x90));
        i += 2;
        continue;
      }
      if (b1 == 0xBC && (b2 == 0x8D || b2 == 0x8E || b2 == 0x8F)) {  // － ． ／
        out += b2 == 0x8D ? '-' : b2 == 0x8E ? '.' : '/';
        i += 2;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x80) {  // ideographic space
      i += 2;
      continue;
    }
    if (c == ' ' || c == '\t') continue;
    out += static_cast<char>(c);
  }
  return out;
}

bool strip_suffix(std::string& s, std::string_view suffix) {
  if (s.size() >= suffix.size() &&
      s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
    s.resize(s.size() - suffix.size());
    return true;
  }
  return false;
}

bool strip_prefix(std::string& s, std::string_view prefix) {
  if (s.rfind(prefix, 0) == 0) {
    s.erase(0, prefix.size());
    return true;
  }
  return false;
}

/// A number (its digits) or one character.
struct Token {
  bool number = false;
  std::string text;
  int value() const { return text.size() > 6 ? -1 : std::stoi(text); }
};

std::vector<Token> tokens_of(const std::string& s) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] >= '0' && s[i] <= '9') {
      std::size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      out.push_back({true, s.substr(i, j - i)});
      i = j;
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back({false, s.substr(i, len)});
    i += len;
  }
  return out;
}

/// Matches tokens against a pattern: "N" a number, "Y" a four-digit number, anything else that
/// literal character.
bool matches(const std::vector<Token>& t, std::initializer_list<std::string_view> pattern) {
  if (t.size() != pattern.size()) return false;
  std::size_t i = 0;
  for (auto p : pattern) {
    const auto& tok = t[i++];
    if (p == "N") {
      if (!tok.number) return false;
    } else if (p == "Y") {
      if (!tok.number || tok.text.size() != 4) return false;
    } else if (tok.number || tok.text != p) {
      return false;
    }
  }
  return true;
}

Date last_of_month(int y, int m) {
  return Date{chr::year{y} / chr::month{static_cast<unsigned>(m)} / chr::last};
}

}  // namespace

std::optional<Deadline> read_deadline(std::string_view raw, const DeadlineContext& context,
                                      Text& error) {
  const std::string shown(raw);
  if (auto iso = parse_date(raw)) return Deadline{DeadlineKind::date, iso, {}};
  auto s = normalized(raw);
  if (s == "立行立改") {
    if (!context.immediate_due) {
      error = {"整改时限“立行立改”需要配置 lifecycle.deadlines.immediate",
               "the due \"立行立改\" needs lifecycle.deadlines.immediate configured"};
      return std::nullopt;
    }
    return Deadline{DeadlineKind::immediate,
                    context.immediate_due,
                    {shown + " → " + format_date(*context.immediate_due) +
                         "(立行立改:" + context.immediate_rule.zh + ")",
                     shown + " → " + format_date(*context.immediate_due) +
                         " (act at once: " + context.immediate_rule.en + ")"}};
  }
  if (s == "长期坚持" || s == "长期") {
    return Deadline{DeadlineKind::standing,
                    std::nullopt,
                    {shown + " → 长期坚持:无整改时限,按期报告进展",
                     shown + " → standing: no deadline, progress reported every period"}};
  }
  strip_prefix(s, "于");
  strip_suffix(s, "完成");
  if (!strip_suffix(s, "之前") && !strip_suffix(s, "以前")) strip_suffix(s, "前");
  int year_shift = 0;  // 次年: the year after the round's
  bool relative_year = false;
  if (strip_prefix(s, "次年") || strip_prefix(s, "明年")) {
    year_shift = 1;
    relative_year = true;
  } else if (strip_prefix(s, "当年") || strip_prefix(s, "本年") || strip_prefix(s, "今年")) {
    relative_year = true;
  }
  auto t = tokens_of(s);
  const Text forms{
      "(可写 2020-05-15、2020年5月15日、2020/5/15、2020.5.15、5月15日前、2020年6月底前、"
      "次年2月底前、年底前、立行立改、长期坚持)",
      " (accepted: 2020-05-15, 2020年5月15日, 2020/5/15, 2020.5.15, 5月15日前, 2020年6月底前, "
      "次年2月底前, 年底前, 立行立改, 长期坚持)"};
  int y = 0, m = 0, d = 0;
  bool needs_year = false, month_end = false;
  auto num = [&](std::size_t i) { return t[i].value(); };
  if (!relative_year &&
      (matches(t, {"Y", "-", "N", "-", "N"}) || matches(t, {"Y", "/", "N", "/", "N"}) ||
       matches(t, {"Y", ".", "N", ".", "N"}))) {
    y = num(0), m = num(2), d = num(4);
  } else if (!relative_year && (matches(t, {"Y", "年", "N", "月", "N", "日"}) ||
                                matches(t, {"Y", "年", "N", "月", "N", "号"}) ||
                                matches(t, {"Y", "年", "N", "月", "N"}))) {
    y = num(0), m = num(2), d = num(4);
  } else if (matches(t, {"N", "月", "N", "日"}) || matches(t, {"N", "月", "N", "号"}) ||
             matches(t, {"N", "月", "N"})) {
    needs_year = true, m = num(0), d = num(2);
  } else if (!relative_year &&
             (matches(t, {"Y", "年", "N", "月", "底"}) || matches(t, {"Y", "年", "N", "月"}))) {
    y = num(0), m = num(2), month_end = true;
  } else if (matches(t, {"N", "月", "底"}) || matches(t, {"N", "月"})) {
    needs_year = true, m = num(0), month_end = true;
  } else if (matches(t, {"年", "底"})) {
    needs_year = true, m = 12, d = 31;
  } else if (!relative_year &&
             (matches(t, {"Y", "年", "底"}) || matches(t, {"Y", "年", "年", "底"}))) {
    y = num(0), m = 12, d = 31;
  } else {
    error = {"整改时限不是有效日期(YYYY-MM-DD):" + shown + forms.zh,
             "due is not a valid date (YYYY-MM-DD): " + shown + forms.en};
    return std::nullopt;
  }
  if (needs_year || relative_year) {
    if (!context.year) {
      error = {"整改时限“" + shown + "”没有写年份:请填写“轮次”列,或用 --year 指定年份",
               "the due \"" + shown + "\" has no year: fill in the round column, or give --year"};
      return std::nullopt;
    }
    y = *context.year + year_shift;
  }
  if (m < 1 || m > 12 || y <= 0) {
    error = {"整改时限不是有效日期(YYYY-MM-DD):" + shown + forms.zh,
             "due is not a valid date (YYYY-MM-DD): " + shown + forms.en};
    return std::nullopt;
  }
  Date due = month_end ? last_of_month(y, m)
                       : Date{chr::year{y} / chr::month{static_cast<unsigned>(m)} /
                              chr::day{static_cast<unsigned>(d < 0 ? 0 : d)}};
  if (!due.ok()) {
    error = {"整改时限不是有效日期(YYYY-MM-DD):" + shown + "(该日期不存在)",
             "due is not a valid date (YYYY-MM-DD): " + shown + " (no such day)"};
    return std::nullopt;
  }
  Text reading{shown + " → " + format_date(due), shown + " → " + format_date(due)};
  if (month_end && !(m == 12 && d == 31)) {
    reading.zh += "(该月最后一天)";
    reading.en += " (the last day of that month)";
  }
  if (needs_year || relative_year) {
    reading.zh += "(年份取自" + context.year_from.zh + (year_shift ? ",次年" : "") + ")";
    reading.en +=
        " (the year from " + context.year_from.en + (year_shift ? ", plus one" : "") + ")";
  }
  return Deadline{DeadlineKind::date, due, reading};
}

}  // namespace duban
