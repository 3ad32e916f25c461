#pragma once
// Reading what the channel plugins' settings share.
#include <cstdlib>
#include <string>

#include "duban_plugin.hpp"

namespace duban_settings {

/// A secret kept out of the configuration: `key` names an environment variable, whose value is
/// returned ("" when the key is absent). An unset variable is reported against the key.
inline std::string secret_from_env(duban::plugin::Section& s, const std::string& key) {
  auto name = s.string(key);
  if (!name) return {};
  const char* value = std::getenv(name->c_str());
  if (!value) {
    s.error(key, "环境变量 " + *name + " 未设置",
            "the environment variable " + *name + " is not set");
    return {};
  }
  return value;
}

/// Reports `key` unless `url` starts with http:// or https://.
inline void require_http_url(duban::plugin::Section& s, const std::string& key,
                             const std::string& url) {
  if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    s.error(key, "应以 http:// 或 https:// 开头", "must start with http:// or https://");
  }
}

}  // namespace duban_settings
