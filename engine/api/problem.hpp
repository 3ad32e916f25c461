#pragma once
// Answers of the API that are not a use case's (RFC 9457 problem details): a body that cannot be
// read, fields that fail validation, a missing login, too many requests. Use-case errors
// (duban::Error) are answered with their own stable code by to_response().
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/http_server.hpp"
#include "domain/errors.hpp"

namespace duban::api {

struct FieldError {
  std::string field;  ///< "title", "evidence[2]"; "" for the body itself
  Text message;
};

struct HttpProblem {
  int status = 400;
  std::string title;  ///< the status's reason phrase
  std::string code;   ///< stable: malformed_json, validation_failed, unauthenticated, …
  Text detail;
  std::vector<FieldError> errors;  ///< validation_failed: each failing field
  std::vector<std::pair<std::string, std::string>> headers;  ///< e.g. Retry-After
};

HttpProblem validation_failed(std::vector<FieldError> errors);
HttpProblem unauthenticated(const Text& why);

Response to_response(const HttpProblem& problem);
/// A use case's error with its outward code (another unit's item: not_found) and the status of
/// that code; `if_match`: a conflict on a request with If-Match is 412 Precondition Failed.
Response to_response(const Error& error, bool if_match = false);

/// What `work` answers, or its problem as a response (a request with If-Match: 412 for a
/// conflict).
template <class Work>
Response answered(Work&& work, bool if_match) {
  try {
    return work();
  } catch (const HttpProblem& p) {
    return to_response(p);
  } catch (const Error& e) {
    return to_response(e, if_match);
  }
}
Response json_response(int status, const nlohmann::json& body);

}  // namespace duban::api
