#pragma once
// Reading YAML maps field by field while recording every problem with its position.
// A MapReader remembers which keys were asked for; finish() reports the rest as unknown keys.
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"

namespace duban::config {

/// One YAML file being read: its name (as shown in errors) and where errors go.
struct Source {
  std::string file;
  Diagnostics& diagnostics;
  std::string text;  ///< the file's content once parsed; turns byte columns into character columns
  void error(const YAML::Mark& mark, const std::string& path, Text message) const;
};

/// The largest configuration file read (the demo county's units are 8 KiB).
inline constexpr std::uintmax_t kMaxConfigBytes = 4 * 1024 * 1024;

/// Parses a YAML file; on a syntax error records it and returns a null node. A file larger than
/// kMaxConfigBytes, or not a regular file, is an error before anything is read.
YAML::Node parse_yaml_file(Source& source, const std::string& filesystem_path);

enum class Need { optional, required };

class MapReader {
 public:
  /// `path` is the YAML path of `node` ("" for the document root).
  MapReader(const YAML::Node& node, std::string path, const Source& source);

  bool is_map() const { return is_map_; }
  const std::string& path() const { return path_; }
  std::string path_of(const std::string& key) const;

  /// The child node, or a null node (with an error if required and absent).
  YAML::Node node(const std::string& key, Need need = Need::optional);
  std::optional<std::string> string(const std::string& key, Need need = Need::optional);
  std::optional<int> integer(const std::string& key, Need need, int min, int max);
  std::optional<bool> boolean(const std::string& key, Need need = Need::optional);
  /// A decimal number (weights, points) within [min, max].
  std::optional<double> number(const std::string& key, Need need, double min, double max);
  /// A time of day written HH:MM ("19:30"), as minutes after midnight.
  std::optional<std::chrono::minutes> time_of_day(const std::string& key,
                                                  Need need = Need::optional);
  /// A string that must be one of `choices`.
  std::optional<std::string> choice(const std::string& key, Need need,
                                    const std::vector<std::string>& choices);

  const Source& source() const { return source_; }

  /// Reports unknown and duplicated keys. Call after reading every known key.
  void finish();

 private:
  const YAML::Node node_;
  std::string path_;
  const Source& source_;
  bool is_map_ = false;
  std::vector<std::string> known_;
};

/// For each element of a sequence at `key` (error if it is not a sequence).
void for_each_element(MapReader& parent, const std::string& key, Need need,
                      const std::function<void(const YAML::Node&, const std::string&)>& fn);

/// A string scalar or an error saying what was expected.
std::optional<std::string> scalar_string(const YAML::Node& node, const std::string& path,
                                         const Source& source);

/// Defined and not null: the key was given a value.
bool present(const YAML::Node& node);

/// Position of a node as 1-based line and column, or 0:0 when unknown.
int line_of(const YAML::Mark& mark);
int column_of(const YAML::Mark& mark);

}  // namespace duban::config
