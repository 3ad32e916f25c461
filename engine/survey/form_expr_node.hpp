#pragma once
// Inside form_expr: the parsed expression's nodes, shared by the parser (form_expr_parse.cpp) and
// the evaluator (form_expr.cpp). Not for other files.
#include <string>
#include <vector>

#include "survey/form_expr.hpp"

namespace duban::survey {

enum class Op {
  literal,    // value in `value`
  reference,  // ${name}: text = name
  current,    // .
  call,       // text = function name, kids = arguments
  or_,
  and_,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  add,
  sub,
  mul,
  div,
  mod,
  neg,
};

struct Expr::Node {
  Op op = Op::literal;
  ExprValue value;
  std::string text;
  std::vector<Node> kids;
};

}  // namespace duban::survey
