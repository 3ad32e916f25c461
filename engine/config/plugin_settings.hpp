#pragma once
// A plugin's `settings:` section as read from duban.yaml: the node and the file it came from, so
// that the plugin checks it at load time with the same file:line:column errors as the rest.
#include <yaml-cpp/yaml.h>

#include <string>

#include "config/config.hpp"

namespace duban::config {

struct PluginSettings {
  std::string file;  ///< as shown in errors
  std::string text;  ///< the file's content (character columns)
  std::string path;  ///< YAML path of the section, e.g. plugins[0].settings
  YAML::Node node;   ///< null when the entry has no settings
};

}  // namespace duban::config
