#include "config/diagnostics.hpp"

#include <algorithm>

namespace duban::config {

// Built with append() rather than chains of operator+: GCC 12 at -O3 reports a false -Wrestrict
// on `"literal" + std::string` temporaries (GCC bug 105651).
std::string Diagnostic::location() const {
  std::string out = file;
  if (line > 0) {
    out.append(":").append(std::to_string(line)).append(":").append(std::to_string(column));
  }
  out.append(": ");
  if (!path.empty()) out.append(path).append(": ");
  return out;
}

std::string Diagnostic::str() const { return location().append(message.str()); }

namespace {
Text summary(const std::vector<Diagnostic>& diagnostics) {
  auto n = std::to_string(diagnostics.size());
  Text t{std::string("配置有 ").append(n).append(" 处错误:"),
         std::string("configuration has ").append(n).append(" error(s):")};
  for (const auto& d : diagnostics) {
    auto loc = d.location();
    t.zh.append("\n  ").append(loc).append(d.message.zh);
    t.en.append("\n  ").append(loc).append(d.message.en);
  }
  return t;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

ConfigInvalid::ConfigInvalid(std::vector<Diagnostic> diagnostics)
    : Error(Errc::config_invalid, summary(diagnostics)), diagnostics_(std::move(diagnostics)) {}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  // Close enough to be a typo: at most a third of the word differs (one letter for short words).
  std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    auto d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace duban::config
