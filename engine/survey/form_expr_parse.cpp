// The recursive-descent parser of XLSForm's XPath subset (form_expr.hpp), and the ${…} of a
// problem's wording.
#include <algorithm>
#include <charconv>

#include "survey/form_expr_node.hpp"

namespace duban::survey {

namespace {

struct Function {
  std::string_view name;
  std::size_t min_args, max_args;
};
constexpr Function kFunctions[] = {
    {"selected", 2, 2}, {"count-selected", 1, 1}, {"not", 1, 1},           {"if", 3, 3},
    {"coalesce", 2, 2}, {"concat", 1, 64},        {"string-length", 1, 1}, {"number", 1, 1},
    {"int", 1, 1},      {"round", 1, 2},          {"contains", 2, 2},      {"starts-with", 2, 2},
    {"today", 0, 0},    {"true", 0, 0},           {"false", 0, 0},         {"string", 1, 1},
    {"boolean", 1, 1},  {"roster", 1, 1},
};

bool name_char(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

}  // namespace

class ExprParser {
 public:
  ExprParser(std::string_view s, Expr& e) : s_(s), e_(e) {}

  bool run(ExprError* error) {
    try {
      skip();
      if (pos_ == s_.size()) fail({"表达式为空", "the expression is empty"});
      auto root = parse_or();
      skip();
      if (pos_ != s_.size()) {
        fail({"多余的“" + std::string(s_.substr(pos_, 12)) + "”",
              "unexpected \"" + std::string(s_.substr(pos_, 12)) + "\""});
      }
      e_.root_ = std::make_unique<Expr::Node>(std::move(root));
      return true;
    } catch (const ExprError& x) {
      if (error) *error = x;
      return false;
    }
  }

 private:
  using Node = Expr::Node;
  std::string_view s_;
  Expr& e_;
  std::size_t pos_ = 0;

  [[noreturn]] void fail(Text why) { throw ExprError{pos_, std::move(why)}; }
  void skip() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool eat(std::string_view token) {
    skip();
    if (s_.substr(pos_, token.size()) != token) return false;
    // A word operator is one only as a whole word: "order" does not start with "or".
    if (std::isalpha(static_cast<unsigned char>(token[0])) && pos_ + token.size() < s_.size() &&
        name_char(static_cast<unsigned char>(s_[pos_ + token.size()]))) {
      return false;
    }
    pos_ += token.size();
    return true;
  }
  static Node binary(Op op, Node a, Node b) {
    Node n;
    n.op = op;
    n.kids.push_back(std::move(a));
    n.kids.push_back(std::move(b));
    return n;
  }

  Node parse_or() {
    auto n = parse_and();
    while (eat("or")) n = binary(Op::or_, std::move(n), parse_and());
    return n;
  }
  Node parse_and() {
    auto n = parse_eq();
    while (eat("and")) n = binary(Op::and_, std::move(n), parse_eq());
    return n;
  }
  Node parse_eq() {
    auto n = parse_rel();
    for (;;) {
      if (eat("!="))
        n = binary(Op::ne, std::move(n), parse_rel());
      else if (eat("="))
        n = binary(Op::eq, std::move(n), parse_rel());
      else
        return n;
    }
  }
  Node parse_rel() {
    auto n = parse_add();
    for (;;) {
      if (eat("<="))
        n = binary(Op::le, std::move(n), parse_add());
      else if (eat(">="))
        n = binary(Op::ge, std::move(n), parse_add());
      else if (eat("<"))
        n = binary(Op::lt, std::move(n), parse_add());
      else if (eat(">"))
        n = binary(Op::gt, std::move(n), parse_add());
      else
        return n;
    }
  }
  Node parse_add() {
    auto n = parse_mul();
    for (;;) {
      if (eat("+"))
        n = binary(Op::add, std::move(n), parse_mul());
      else if (eat("-"))
        n = binary(Op::sub, std::move(n), parse_mul());
      else
        return n;
    }
  }
  Node parse_mul() {
    auto n = parse_unary();
    for (;;) {
      if (eat("*"))
        n = binary(Op::mul, std::move(n), parse_unary());
      else if (eat("div"))
        n = binary(Op::div, std::move(n), parse_unary());
      else if (eat("mod"))
        n = binary(Op::mod, std::move(n), parse_unary());
      else
        return n;
    }
  }
  Node parse_unary() {
    if (eat("-")) {
      Node n;
      n.op = Op::neg;
      n.kids.push_back(parse_unary());
      return n;
    }
    return parse_primary();
  }
  Node parse_primary() {
    skip();
    if (pos_ == s_.size())
      fail({"表达式不完整(缺少运算对象)", "incomplete (an operand is missing)"});
    Node n;
    const char c = s_[pos_];
    if (c == '\'' || c == '"') {
      auto close = s_.find(c, pos_ + 1);
      if (close == std::string_view::npos) fail({"字符串缺少结尾的引号", "a string is not closed"});
      n.value = std::string(s_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
      return n;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && pos_ + 1 < s_.size() &&
         std::isdigit(static_cast<unsigned char>(s_[pos_ + 1])))) {
      auto start = pos_;
      while (pos_ < s_.size() &&
             (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) {
        ++pos_;
      }
      double v = 0;
      auto text = s_.substr(start, pos_ - start);
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc{} || p != text.data() + text.size()) {
        pos_ = start;
        fail({"不是数字:" + std::string(text), "not a number: " + std::string(text)});
      }
      n.value = v;
      return n;
    }
    if (c == '$') {
      if (pos_ + 1 >= s_.size() || s_[pos_ + 1] != '{')
        fail({"“$”后应为 {名称}", "\"$\" must be followed by {name}"});
      auto close = s_.find('}', pos_ + 2);
      if (close == std::string_view::npos) fail({"${ 缺少结尾的 }", "${ is not closed by }"});
      n.op = Op::reference;
      n.text = std::string(s_.substr(pos_ + 2, close - pos_ - 2));
      if (n.text.empty()) fail({"${} 中没有名称", "${} names nothing"});
      if (std::find(e_.references_.begin(), e_.references_.end(), n.text) == e_.references_.end())
        e_.references_.push_back(n.text);
      pos_ = close + 1;
      return n;
    }
    if (c == '(') {
      ++pos_;
      n = parse_or();
      if (!eat(")")) fail({"缺少右括号“)”", "a \")\" is missing"});
      return n;
    }
    if (c == '.') {
      ++pos_;
      n.op = Op::current;
      e_.uses_current_ = true;
      return n;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      auto start = pos_;
      while (pos_ < s_.size() && name_char(static_cast<unsigned char>(s_[pos_])) && s_[pos_] != '.')
        ++pos_;
      std::string name(s_.substr(start, pos_ - start));
      const Function* f = nullptr;
      for (const auto& known : kFunctions)
        if (known.name == name) f = &known;
      skip();
      if (pos_ == s_.size() || s_[pos_] != '(') {
        pos_ = start;
        fail({"不认识的名称“" + name + "”(问题应写成 ${" + name + "})",
              "unknown name \"" + name + "\" (a question is written ${" + name + "})"});
      }
      if (!f) {
        pos_ = start;
        fail({"不支持的函数 " + name + "()", "unsupported function " + name + "()"});
      }
      ++pos_;
      n.op = Op::call;
      n.text = name;
      if (!eat(")")) {
        do n.kids.push_back(parse_or());
        while (eat(","));
        if (!eat(")")) fail({"缺少右括号“)”", "a \")\" is missing"});
      }
      if (n.kids.size() < f->min_args || n.kids.size() > f->max_args) {
        pos_ = start;
        auto count = std::to_string(n.kids.size());
        fail({name + "() 的参数个数不对(" + count + " 个)",
              name + "() takes a different number of arguments (given " + count + ")"});
      }
      if (name == "roster") {
        const auto* field = std::get_if<std::string>(&n.kids[0].value);
        if (n.kids[0].op != Op::literal || !field) {
          pos_ = start;
          fail({"roster() 的参数应为带引号的字段名,如 roster('population')",
                "roster() takes a quoted field name, e.g. roster('population')"});
        }
        e_.roster_fields_.push_back(*field);
      }
      return n;
    }
    fail({"此处不能有“" + std::string(1, c) + "”", "unexpected \"" + std::string(1, c) + "\""});
  }
};

std::optional<Expr> Expr::parse(std::string_view text, ExprError* error) {
  Expr e;
  if (!ExprParser(text, e).run(error)) return std::nullopt;
  return e;
}

std::vector<std::string> template_references(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t i = text.find("${"); i != std::string_view::npos; i = text.find("${", i)) {
    auto close = text.find('}', i + 2);
    if (close == std::string_view::npos) break;
    std::string name(text.substr(i + 2, close - i - 2));
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    i = close + 1;
  }
  return names;
}

}  // namespace duban::survey
