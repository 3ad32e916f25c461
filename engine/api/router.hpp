#pragma once
// Paths to handlers: "/api/v1/items/{id}/events" matches "/api/v1/items/7/events" with id = 7.
// An unknown path is a 404, a known path with another method a 405 naming the methods allowed.
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "api/http_server.hpp"
#include "domain/unit.hpp"

namespace duban::api {

/// A request matched to its route: the decoded path parameters and query.
struct Call {
  const Request& request;
  std::string pattern;  ///< the route, e.g. "/api/v1/items/{id}" (metrics are kept by it)
  std::map<std::string, std::string> params;
  std::vector<std::pair<std::string, std::string>> query;  ///< decoded, in order
  User user{};                ///< who is logged in (routes that need it)
  std::int64_t token_id = 0;  ///< the token the request came with
  std::string token_expires;  ///< its expiry (UTC text)
  /// The query parameter's value ("" when absent); Error(invalid_argument) if given twice.
  std::string get(const std::string& name) const;
  bool has(const std::string& name) const;
  /// The path parameter as a positive number; Error(not_found) naming `what` otherwise.
  std::int64_t id(const std::string& name) const;
};

using Route = std::function<Response(Call&)>;

class Router {
 public:
  void add(const std::string& method, const std::string& pattern, Route route);
  /// The response of the matching route; 404 or 405 (with Allow) otherwise. Errors the route
  /// throws are left to the caller.
  Response dispatch(const Request& request, std::string* pattern = nullptr) const;
  /// Every (method, pattern), for the OpenAPI document's check.
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Entry {
    std::string method, pattern;
    std::vector<std::string> parts;
    Route route;
  };
  std::vector<Entry> entries_;
};

/// Splits "a=1&b=x%20y" into decoded pairs ('+' is a space, as forms send it).
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace duban::api
