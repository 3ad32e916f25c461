#pragma once
// XLSForm expressions: the XPath subset that ODK and KoboToolbox forms write in their `relevant`,
// `constraint`, `calculation` and (duban's) `problem` columns — `${field}` references, `.` for
// the answer being checked, string and number literals, or/and, = != < <= > >=, + - * div mod,
// and the functions forms use (selected, count-selected, not, if, coalesce, concat, string-length,
// number, int, round, contains, starts-with, today, true, false, roster). Values follow XPath 1.0:
// an answer is its text ("" when not given); = compares as numbers when either side is a number,
// < and > always as numbers (NaN compares false), a value is true when it is a non-empty text or
// a number other than 0 and NaN. The phone page (web/) evaluates the same grammar the same way.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/text.hpp"

namespace duban::survey {

/// A value: text, number or truth.
using ExprValue = std::variant<std::string, double, bool>;

std::string to_text(const ExprValue& v);  ///< as XPath string(): 3, 3.5, "true"; NaN as "NaN"
double to_number(const ExprValue& v);     ///< as XPath number(): "" and "x" give NaN
bool to_bool(const ExprValue& v);         ///< as XPath boolean()

/// What an expression reads from the form it belongs to.
struct ExprContext {
  /// The answer to a question by name (its text; "" when unanswered or not relevant).
  std::function<std::string(std::string_view name)> answer;
  std::string current;  ///< `.`: the answer a constraint checks
  std::string today;    ///< today(): "YYYY-MM-DD"
  /// roster('field'): a fact of the household or village surveyed (its roster row); nullopt for a
  /// field the roster does not have.
  std::function<std::optional<ExprValue>(std::string_view field)> roster;
};

/// An expression that does not parse: where (0-based byte offset) and why.
struct ExprError {
  std::size_t offset = 0;
  Text message;
};

class Expr {
 public:
  struct Node;
  Expr();
  ~Expr();
  Expr(Expr&&) noexcept;
  Expr& operator=(Expr&&) noexcept;
  Expr(const Expr&);
  Expr& operator=(const Expr&);

  /// Parses `text`; nullopt with `error` filled when it is not a well-formed expression (an
  /// unknown function, a missing operand or parenthesis, a wrong number of arguments).
  static std::optional<Expr> parse(std::string_view text, ExprError* error);

  bool empty() const { return root_ == nullptr; }
  /// The names it refers to as ${name}, each once, in the order they first appear.
  const std::vector<std::string>& references() const { return references_; }
  bool uses_current() const { return uses_current_; }  ///< whether it reads `.`
  /// The fields it asks roster() for (to check them against what a roster has).
  const std::vector<std::string>& roster_fields() const { return roster_fields_; }

  ExprValue evaluate(const ExprContext& context) const;

 private:
  std::unique_ptr<Node> root_;
  std::vector<std::string> references_, roster_fields_;
  bool uses_current_ = false;
  friend class ExprParser;
};

/// `template` with each ${name} replaced by that answer's text (a problem's wording).
std::string fill_template(std::string_view text, const ExprContext& context);
/// The ${name}s a template refers to, each once, in order.
std::vector<std::string> template_references(std::string_view text);

}  // namespace duban::survey
