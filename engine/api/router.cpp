#include "api/router.hpp"

#include <charconv>

#include "app/json_views.hpp"
#include "domain/errors.hpp"

namespace duban::api {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& parts,
             std::map<std::string, std::string>& params) {
  if (pattern.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (parts[i].empty()) return false;
      params[p.substr(1, p.size() - 2)] = percent_decode(parts[i]);
    } else if (p != parts[i]) {
      return false;
    }
  }
  return true;
}

Response problem(int status, const std::string& title, const std::string& code,
                 const std::string& detail) {
  return {status,
          "application/problem+json",
          app::dump_json(app::problem_json(status, title, code, detail)),
          {}};
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start < query.size()) {
    auto end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    auto pair = std::string(query.substr(start, end - start));
    for (auto& c : pair)
      if (c == '+') c = ' ';
    if (!pair.empty()) {
      auto eq = pair.find('=');
      if (eq == std::string::npos) {
        out.emplace_back(percent_decode(pair), "");
      } else {
        out.emplace_back(percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1)));
      }
    }
    start = end + 1;
  }
  return out;
}

std::string Call::get(const std::string& name) const {
  const std::string* found = nullptr;
  for (const auto& [k, v] : query) {
    if (k != name) continue;
    if (found) {
      throw Error(Errc::invalid_argument, {"参数 " + name + " 只能给一次",
                                           "parameter " + name + " may be given once only"});
    }
    found = &v;
  }
  return found ? *found : "";
}

bool Call::has(const std::string& name) const {
  for (const auto& [k, v] : query)
    if (k == name) return true;
  return false;
}

std::int64_t Call::id(const std::string& name) const {
  const auto& text = params.at(name);
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n <= 0) {
    throw Error(Errc::not_found, {"不存在:" + request.target, "not found: " + request.target});
  }
  return n;
}

void Router::add(const std::string& method, const std::string& pattern, Route route) {
  entries_.push_back({method, pattern, split_path(pattern), std::move(route)});
}

Response Router::dispatch(const Request& request, std::string* pattern) const {
  auto target = std::string_view(request.target);
  auto question = target.find('?');
  auto path = target.substr(0, question);
  auto parts = split_path(path);
  std::string allowed;
  for (const auto& e : entries_) {
    std::map<std::string, std::string> params;
    if (!matches(e.parts, parts, params)) continue;
    const bool head_of_get = request.method == "HEAD" && e.method == "GET";
    if (e.method != request.method && !head_of_get) {
      if (allowed.find(e.method) == std::string::npos)
        allowed += (allowed.empty() ? "" : ", ") + e.method;
      continue;
    }
    if (pattern) *pattern = e.pattern;
    Call call{request, e.pattern, std::move(params), {}, {}, 0, {}};
    if (question != std::string_view::npos) call.query = parse_query(target.substr(question + 1));
    return e.route(call);
  }
  if (!allowed.empty()) {
    if (allowed.find("GET") != std::string::npos) allowed += ", HEAD";
    auto r = problem(405, "Method Not Allowed", "method_not_allowed",
                     request.method + " " + std::string(path) + "; allowed: " + allowed);
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  return problem(404, "Not Found", "not_found", std::string(path));
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : entries_) out.emplace_back(e.method, e.pattern);
  return out;
}

}  // namespace duban::api
