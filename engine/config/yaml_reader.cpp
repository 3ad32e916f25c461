#include "config/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "domain/text_check.hpp"

namespace duban::config {

bool present(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }

int line_of(const YAML::Mark& mark) { return mark.line >= 0 ? mark.line + 1 : 0; }
int column_of(const YAML::Mark& mark) { return mark.column >= 0 ? mark.column + 1 : 0; }

namespace {
// yaml-cpp counts columns in bytes; editors count characters (一个汉字 is three UTF-8 bytes).
int character_column(const std::string& text, const YAML::Mark& mark) {
  if (mark.pos < 0 || mark.column < 0 || static_cast<std::size_t>(mark.pos) > text.size()) {
    return column_of(mark);
  }
  auto line_start = static_cast<std::size_t>(mark.pos - mark.column);
  int column = 1;
  for (auto i = line_start; i < static_cast<std::size_t>(mark.pos); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}
}  // namespace

void Source::error(const YAML::Mark& mark, const std::string& path, Text message) const {
  diagnostics.add(
      Diagnostic{file, line_of(mark), character_column(text, mark), path, std::move(message)});
}

YAML::Node parse_yaml_file(Source& source, const std::string& filesystem_path) {
  // A configuration file is a few kilobytes: anything far larger, or not a file at all (a device,
  // a pipe, a folder), is a mistake refused before it is read, not read on every command.
  std::error_code ec;
  auto status = std::filesystem::status(filesystem_path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    source.error(YAML::Mark::null_mark(), "",
                 {"不是普通文件:" + filesystem_path, "not a regular file: " + filesystem_path});
    return YAML::Node{};
  }
  auto size = std::filesystem::file_size(filesystem_path, ec);
  if (!ec && size > kMaxConfigBytes) {
    auto limit = std::to_string(kMaxConfigBytes / (1024 * 1024)) + " MiB";
    source.error(
        YAML::Mark::null_mark(), "",
        {"配置文件超过 " + limit + " 的上限(" + std::to_string(size) + " 字节)",
         "the file exceeds the limit of " + limit + " (" + std::to_string(size) + " bytes)"});
    return YAML::Node{};
  }
  std::ifstream in(filesystem_path, std::ios::binary);
  if (!in) {
    source.error(YAML::Mark::null_mark(), "",
                 {"无法读取文件 " + filesystem_path, "cannot read file " + filesystem_path});
    return YAML::Node{};
  }
  source.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  try {
    return YAML::Load(source.text);
  } catch (const YAML::ParserException& e) {
    source.error(e.mark, "", {"YAML 语法错误:" + e.msg, "YAML syntax error: " + e.msg});
    return YAML::Node{};
  }
}

namespace {
const char* type_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence:
      return "list";
    case YAML::NodeType::Map:
      return "map";
    case YAML::NodeType::Scalar:
      return "scalar";
    case YAML::NodeType::Null:
      return "null";
    default:
      return "undefined";
  }
}
}  // namespace

std::optional<std::string> scalar_string(const YAML::Node& node, const std::string& path,
                                         const Source& source) {
  if (!node.IsScalar()) {
    source.error(node.Mark(), path,
                 {std::string("应为字符串,实为 ") + type_name(node),
                  std::string("expected a string, found a ") + type_name(node)});
    return std::nullopt;
  }
  // Names and labels reach the journal, exports and terminals: the same rules as typed text.
  if (auto defect = text_defect(node.Scalar(), TextShape::paragraph)) {
    source.error(node.Mark(), path, *defect);
    return std::nullopt;
  }
  return node.Scalar();
}

MapReader::MapReader(const YAML::Node& node, std::string path, const Source& source)
    : node_(node), path_(std::move(path)), source_(source) {
  is_map_ = node.IsMap();
  if (!is_map_ && present(node)) {
    source_.error(node.Mark(), path_,
                  {std::string("应为映射(键: 值),实为 ") + type_name(node),
                   std::string("expected a map (key: value), found a ") + type_name(node)});
  }
}

std::string MapReader::path_of(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

YAML::Node MapReader::node(const std::string& key, Need need) {
  known_.push_back(key);
  if (!is_map_) return YAML::Node{};
  YAML::Node child = node_[key];
  if (!child.IsDefined() || (child.IsNull() && need == Need::required)) {
    if (need == Need::required) {
      source_.error(node_.Mark(), path_of(key),
                    {"缺少必填字段 " + key, "missing required field " + key});
    }
    return YAML::Node{};
  }
  return child;
}

std::optional<std::string> MapReader::string(const std::string& key, Need need) {
  auto n = node(key, need);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  auto value = scalar_string(n, path_of(key), source_);
  if (value && value->empty() && need == Need::required) {
    source_.error(n.Mark(), path_of(key), {"不能为空", "must not be empty"});
    return std::nullopt;
  }
  return value;
}

std::optional<std::chrono::minutes> MapReader::time_of_day(const std::string& key, Need need) {
  auto text = string(key, need);
  if (!text) return std::nullopt;
  int h = -1, m = -1;
  char colon = 0;
  if (text->size() == 5 && std::sscanf(text->c_str(), "%2d%c%2d", &h, &colon, &m) == 3 &&
      colon == ':' && h >= 0 && h < 24 && m >= 0 && m < 60)
    return std::chrono::minutes{h * 60 + m};
  source_.error(node(key).Mark(), path_of(key),
                {"时间应写成 HH:MM:" + *text, "a time of day is HH:MM: " + *text});
  return std::nullopt;
}

std::optional<int> MapReader::integer(const std::string& key, Need need, int min, int max) {
  auto n = node(key, need);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  int value = 0;
  if (!n.IsScalar() || !YAML::convert<int>::decode(n, value)) {
    source_.error(n.Mark(), path_of(key), {"应为整数", "expected an integer"});
    return std::nullopt;
  }
  if (value < min || value > max) {
    auto range = std::to_string(min) + ".." + std::to_string(max);
    source_.error(n.Mark(), path_of(key),
                  {"应在 " + range + " 之间,实为 " + std::to_string(value),
                   "must be within " + range + ", found " + std::to_string(value)});
    return std::nullopt;
  }
  return value;
}

std::optional<double> MapReader::number(const std::string& key, Need need, double min, double max) {
  auto n = node(key, need);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  double value = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, value) || !std::isfinite(value)) {
    source_.error(n.Mark(), path_of(key), {"应为数字", "expected a number"});
    return std::nullopt;
  }
  if (value < min || value > max) {
    auto shown = [](double v) {
      std::ostringstream s;
      s << v;
      return s.str();
    };
    auto range = shown(min) + ".." + shown(max);
    source_.error(n.Mark(), path_of(key),
                  {"应在 " + range + " 之间,实为 " + shown(value),
                   "must be within " + range + ", found " + shown(value)});
    return std::nullopt;
  }
  return value;
}

std::optional<bool> MapReader::boolean(const std::string& key, Need need) {
  auto n = node(key, need);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  bool value = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
    source_.error(n.Mark(), path_of(key), {"应为 true 或 false", "expected true or false"});
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> MapReader::choice(const std::string& key, Need need,
                                             const std::vector<std::string>& choices) {
  auto value = string(key, need);
  if (!value) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *value) != choices.end()) return value;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  auto hint = did_you_mean(*value, choices);
  source_.error(node_[key].Mark(), path_of(key),
                {"无效取值 \"" + *value + "\",可选:" + list +
                     (hint.empty() ? "" : "(是否想写 \"" + hint + "\"?)"),
                 "invalid value \"" + *value + "\"; expected one of: " + list +
                     (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)")});
  return std::nullopt;
}

void MapReader::finish() {
  if (!is_map_) return;
  std::set<std::string> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const YAML::Node key_node = it->first;  // a copy: it-> yields a temporary proxy
    std::string key = key_node.IsScalar() ? key_node.Scalar() : std::string("?");
    if (!seen.insert(key).second) {
      source_.error(key_node.Mark(), path_of(key), {"重复的键 " + key, "duplicate key " + key});
      continue;
    }
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    auto hint = did_you_mean(key, known_);
    source_.error(key_node.Mark(), path_of(key),
                  {"未知的键 " + key + (hint.empty() ? "" : "(是否想写 " + hint + "?)"),
                   "unknown key " + key + (hint.empty() ? "" : " (did you mean " + hint + "?)")});
  }
}

void for_each_element(MapReader& parent, const std::string& key, Need need,
                      const std::function<void(const YAML::Node&, const std::string&)>& fn) {
  auto list = parent.node(key, need);
  if (!present(list)) return;
  if (!list.IsSequence()) {
    parent.source().error(list.Mark(), parent.path_of(key),
                          {std::string("应为列表,实为 ") + type_name(list),
                           std::string("expected a list, found a ") + type_name(list)});
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto path = parent.path_of(key) + "[" + std::to_string(i) + "]";
    // An empty element ("- " alone) is a mistake, not an entry with every field missing
    // (found by the config fuzz target: it made a unit without an id and no error).
    if (!present(list[i])) {
      parent.source().error(list[i].Mark(), path, {"列表项为空", "the list element is empty"});
      continue;
    }
    fn(list[i], path);
  }
}

}  // namespace duban::config
