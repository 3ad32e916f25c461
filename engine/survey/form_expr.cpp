// XLSForm expressions evaluated by XPath 1.0's rules (form_expr.hpp); the parser is in
// form_expr_parse.cpp.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "survey/form_expr_node.hpp"

namespace duban::survey {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    auto j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

}  // namespace

std::string to_text(const ExprValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  double d = std::get<double>(v);
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return "0";
  char buf[64];
  if (std::abs(d) < 1e15 && d == std::trunc(d)) {
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(d));
    return std::string(buf, p);
  }
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  if (ec != std::errc{}) return "NaN";
  return std::string(buf, p);
}

double to_number(const ExprValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  const auto& s = std::get<std::string>(v);
  auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return kNaN;
  auto z = s.find_last_not_of(" \t\r\n");
  std::string_view t(s.data() + a, z - a + 1);
  bool negative = !t.empty() && t[0] == '-';
  if (negative) t.remove_prefix(1);
  if (t.empty() || t[0] == '-' || t[0] == '+') return kNaN;
  double d = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d, std::chars_format::fixed);
  if (ec != std::errc{} || p != t.data() + t.size()) return kNaN;
  return negative ? -d : d;
}

bool to_bool(const ExprValue& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  if (const auto* d = std::get_if<double>(&v)) return *d != 0 && !std::isnan(*d);
  return !std::get<std::string>(v).empty();
}

namespace {

bool equal(const ExprValue& a, const ExprValue& b) {
  if (std::holds_alternative<bool>(a) || std::holds_alternative<bool>(b))
    return to_bool(a) == to_bool(b);
  if (std::holds_alternative<double>(a) || std::holds_alternative<double>(b))
    return to_number(a) == to_number(b);
  return std::get<std::string>(a) == std::get<std::string>(b);
}

ExprValue eval(const Expr::Node& n, const ExprContext& c);

ExprValue call(const Expr::Node& n, const ExprContext& c) {
  const auto& f = n.text;
  auto arg = [&](std::size_t i) { return eval(n.kids[i], c); };
  if (f == "if") return to_bool(arg(0)) ? arg(1) : arg(2);
  if (f == "not") return !to_bool(arg(0));
  if (f == "true") return true;
  if (f == "false") return false;
  if (f == "today") return c.today;
  if (f == "boolean") return to_bool(arg(0));
  if (f == "string") return to_text(arg(0));
  if (f == "number") return to_number(arg(0));
  if (f == "int") return std::trunc(to_number(arg(0)));
  if (f == "round") {
    double x = to_number(arg(0));
    double digits = n.kids.size() > 1 ? to_number(arg(1)) : 0;
    double scale = std::pow(10.0, digits);
    return std::floor(x * scale + 0.5) / scale;
  }
  if (f == "coalesce") {
    auto a = to_text(arg(0));
    return a.empty() ? to_text(arg(1)) : a;
  }
  if (f == "concat") {
    std::string s;
    for (std::size_t i = 0; i < n.kids.size(); ++i) s += to_text(arg(i));
    return s;
  }
  if (f == "string-length") {
    // Characters, not bytes: a Chinese answer's length is its count of characters.
    double count = 0;
    for (unsigned char ch : to_text(arg(0)))
      if ((ch & 0xC0) != 0x80) ++count;
    return count;
  }
  if (f == "contains") return to_text(arg(0)).find(to_text(arg(1))) != std::string::npos;
  if (f == "starts-with") return to_text(arg(0)).rfind(to_text(arg(1)), 0) == 0;
  if (f == "selected") {
    auto words = split_words(to_text(arg(0)));
    auto want = to_text(arg(1));
    return std::find(words.begin(), words.end(), want) != words.end();
  }
  if (f == "count-selected") return static_cast<double>(split_words(to_text(arg(0))).size());
  if (f == "roster") {
    if (!c.roster) return std::string{};
    auto v = c.roster(std::get<std::string>(n.kids[0].value));
    return v ? *v : ExprValue{std::string{}};
  }
  return std::string{};
}

ExprValue eval(const Expr::Node& n, const ExprContext& c) {
  switch (n.op) {
    case Op::literal:
      return n.value;
    case Op::reference:
      return c.answer ? c.answer(n.text) : std::string{};
    case Op::current:
      return c.current;
    case Op::call:
      return call(n, c);
    case Op::or_:
      return to_bool(eval(n.kids[0], c)) || to_bool(eval(n.kids[1], c));
    case Op::and_:
      return to_bool(eval(n.kids[0], c)) && to_bool(eval(n.kids[1], c));
    case Op::eq:
      return equal(eval(n.kids[0], c), eval(n.kids[1], c));
    case Op::ne:
      return !equal(eval(n.kids[0], c), eval(n.kids[1], c));
    case Op::neg:
      return -to_number(eval(n.kids[0], c));
    default:
      break;
  }
  double a = to_number(eval(n.kids[0], c)), b = to_number(eval(n.kids[1], c));
  switch (n.op) {
    case Op::lt:
      return a < b;
    case Op::le:
      return a <= b;
    case Op::gt:
      return a > b;
    case Op::ge:
      return a >= b;
    case Op::add:
      return a + b;
    case Op::sub:
      return a - b;
    case Op::mul:
      return a * b;
    case Op::div:
      return a / b;
    case Op::mod:
      return std::fmod(a, b);
    default:
      return kNaN;
  }
}

}  // namespace

Expr::Expr() = default;
Expr::~Expr() = default;
Expr::Expr(Expr&&) noexcept = default;
Expr& Expr::operator=(Expr&&) noexcept = default;
Expr::Expr(const Expr& other)
    : root_(other.root_ ? std::make_unique<Node>(*other.root_) : nullptr),
      references_(other.references_),
      roster_fields_(other.roster_fields_),
      uses_current_(other.uses_current_) {}
Expr& Expr::operator=(const Expr& other) {
  if (this != &other) *this = Expr(other);
  return *this;
}

ExprValue Expr::evaluate(const ExprContext& context) const {
  if (!root_) return std::string{};
  return eval(*root_, context);
}

std::string fill_template(std::string_view text, const ExprContext& context) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t i = text.find("${"); i != std::string_view::npos; i = text.find("${", at)) {
    auto close = text.find('}', i + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, i - at));
    auto name = text.substr(i + 2, close - i - 2);
    if (context.answer) out += context.answer(name);
    at = close + 1;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace duban::survey
