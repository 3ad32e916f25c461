#pragma once
// A request's JSON body, read with limits and taken field by field: a field of the wrong type, a
// required field missing and a field the endpoint does not know are each reported by name, all
// at once (422 validation_failed); a body that is no JSON is 400 malformed_json, one that is not
// UTF-8 422 invalid_text naming the field (its JSON path), one nested deeper than 64 levels 400
// malformed_json.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/http_server.hpp"
#include "api/problem.hpp"

namespace duban::api {

constexpr int kMaxNesting = 64;

class JsonBody {
 public:
  /// Throws HttpProblem when the body is not a JSON object (an empty body is an empty object
  /// when `empty_ok`).
  explicit JsonBody(const Request& request, bool empty_ok = false);

  /// A string field ("" when absent); reported when it has another type, or is absent and
  /// `required`.
  std::string text(const std::string& field, bool required = false);
  std::optional<std::int64_t> integer(const std::string& field, bool required = false);
  bool flag(const std::string& field);
  std::vector<std::string> texts(const std::string& field);
  /// The field as it is (not checked), marked as known.
  const nlohmann::json* raw(const std::string& field);
  /// Throws validation_failed listing every field at fault, unknown fields included.
  void finish();

 private:
  const nlohmann::json* take(const std::string& field, bool required);
  void fail(const std::string& field, Text message) {
    errors_.push_back({field, std::move(message)});
  }
  nlohmann::json body_;
  std::set<std::string> known_;
  std::vector<FieldError> errors_;
};

/// The depth of the deepest array or object in `text` (strings skipped), stopping past `limit`.
int json_depth(std::string_view text, int limit);

/// Where byte `offset` of the JSON `text` lies, as a path: "title", "scores[2].note"; a byte in a
/// key names the key's object and the key ("changes.<key>"); "" when it lies outside any string.
std::string json_path_at(std::string_view text, std::size_t offset);

}  // namespace duban::api
