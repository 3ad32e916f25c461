#pragma once
// Configuration errors, collected all at once, each with its file, line, column and YAML path.
#include <string>
#include <vector>

#include "domain/errors.hpp"

namespace duban::config {

struct Diagnostic {
  std::string file;
  int line = 0;      ///< 1-based; 0 when the position is unknown
  int column = 0;    ///< 1-based
  std::string path;  ///< YAML path, e.g. units[3].parent
  Text message;
  /// "config/units.yaml:12:13: units[3].parent: ..."
  std::string str() const;
  /// "config/units.yaml:12:13: units[3].parent: " (what str() puts before the message)
  std::string location() const;
};

class Diagnostics {
 public:
  void add(Diagnostic d) { list_.push_back(std::move(d)); }
  bool empty() const { return list_.empty(); }
  const std::vector<Diagnostic>& list() const { return list_; }

 private:
  std::vector<Diagnostic> list_;
};

/// Thrown by load_config when anything is wrong; the what() lists every diagnostic.
class ConfigInvalid : public Error {
 public:
  explicit ConfigInvalid(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// The closest of `candidates` to `word` if it is close enough to be a likely typo.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace duban::config
