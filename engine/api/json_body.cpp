#include "api/json_body.hpp"

#include "domain/text_check.hpp"

namespace duban::api {

namespace {

HttpProblem malformed(const Text& why) {
  HttpProblem p;
  p.status = 400;
  p.title = "Bad Request";
  p.code = "malformed_json";
  p.detail = why;
  return p;
}

const char* type_of(const nlohmann::json& j) {
  if (j.is_string()) return "string";
  if (j.is_boolean()) return "boolean";
  if (j.is_number()) return "number";
  if (j.is_array()) return "array";
  if (j.is_object()) return "object";
  return "null";
}

Text wrong_type(const nlohmann::json& j, const char* zh, const char* en) {
  return {std::string("应为") + zh + ",实为 " + type_of(j),
          std::string("must be ") + en + ", not " + type_of(j)};
}

}  // namespace

std::string json_path_at(std::string_view text, std::size_t offset) {
  struct Frame {
    bool object = false;
    std::string key;
    std::size_t index = 0;
    bool want_key = true;
  };
  std::vector<Frame> stack;
  auto path = [&](std::size_t frames) {
    std::string out;
    for (std::size_t f = 0; f < frames; ++f) {
      const auto& fr = stack[f];
      if (fr.object) {
        out += (out.empty() ? "" : ".") + fr.key;
      } else {
        out += "[" + std::to_string(fr.index) + "]";
      }
    }
    return out;
  };
  for (std::size_t i = 0; i < text.size() && i <= offset; ++i) {
    char c = text[i];
    if (c == '"') {
      std::string s;
      std::size_t j = i + 1;
      bool inside = false;  // the byte is in this string
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (j >= offset) {
          inside = true;
          break;
        }
        if (text[j] == '\\' && j + 1 < text.size()) ++j;
        s += text[j];
      }
      const bool key = !stack.empty() && stack.back().object && stack.back().want_key;
      if (inside) {
        if (stack.empty()) return "";
        if (key) {
          auto out = path(stack.size() - 1);
          return out + (out.empty() ? "" : ".") + s + "…";
        }
        return path(stack.size());
      }
      if (key) {
        stack.back().key = s;
        stack.back().want_key = false;
      }
      i = j;
    } else if (c == '{' || c == '[') {
      stack.push_back({c == '{', {}, 0, true});
    } else if ((c == '}' || c == ']') && !stack.empty()) {
      stack.pop_back();
    } else if (c == ',' && !stack.empty()) {
      if (stack.back().object)
        stack.back().want_key = true;
      else
        ++stack.back().index;
    }
  }
  return "";
}

int json_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

JsonBody::JsonBody(const Request& request, bool empty_ok) {
  const auto& text = request.body;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (empty_ok) {
      body_ = nlohmann::json::object();
      return;
    }
    throw malformed({"请求体为空,应为 JSON 对象", "the body is empty; a JSON object is expected"});
  }
  auto type = request.header("content-type");
  if (type.substr(0, 16) != "application/json") {
    HttpProblem p;
    p.status = 415;
    p.title = "Unsupported Media Type";
    p.code = "unsupported_media_type";
    p.detail = {"请求体应为 application/json,实为 " + printable(type),
                "the body must be application/json, not " + printable(type)};
    throw p;
  }
  if (auto at = invalid_utf8_at(text)) {
    HttpProblem p;
    p.status = 422;
    p.title = "Unprocessable Content";
    p.code = "invalid_text";
    auto path = json_path_at(text, *at);
    auto byte = std::to_string(*at + 1);
    if (path.empty()) {
      p.detail = {"请求体不是有效的 UTF-8(第 " + byte + " 字节)",
                  "the body is not valid UTF-8 (at byte " + byte + ")"};
    } else {
      Text why{"不是有效的 UTF-8(请求体第 " + byte + " 字节)",
               "is not valid UTF-8 (at byte " + byte + " of the body)"};
      p.detail = {path + " " + why.zh, path + " " + why.en};
      p.errors.push_back({path, why});
    }
    throw p;
  }
  if (json_depth(text, kMaxNesting) > kMaxNesting) {
    throw malformed({"JSON 嵌套超过 " + std::to_string(kMaxNesting) + " 层",
                     "JSON nested deeper than " + std::to_string(kMaxNesting) + " levels"});
  }
  try {
    body_ = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw malformed({"JSON 格式错误(第 " + std::to_string(e.byte) + " 字节)",
                     "malformed JSON (at byte " + std::to_string(e.byte) + ")"});
  }
  if (!body_.is_object()) {
    throw malformed({"请求体应为 JSON 对象", "the body must be a JSON object"});
  }
}

const nlohmann::json* JsonBody::take(const std::string& field, bool required) {
  known_.insert(field);
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) {
    if (required) fail(field, {"必填", "is required"});
    return nullptr;
  }
  return &*it;
}

std::string JsonBody::text(const std::string& field, bool required) {
  auto j = take(field, required);
  if (!j) return "";
  if (!j->is_string()) {
    fail(field, wrong_type(*j, "字符串", "a string"));
    return "";
  }
  auto value = j->get<std::string>();
  if (required && value.find_first_not_of(" \t\r\n") == std::string::npos)
    fail(field, {"不能为空", "must not be empty"});
  return value;
}

std::optional<std::int64_t> JsonBody::integer(const std::string& field, bool required) {
  auto j = take(field, required);
  if (!j) return std::nullopt;
  if (!j->is_number_integer()) {
    fail(field, wrong_type(*j, "整数", "an integer"));
    return std::nullopt;
  }
  return j->get<std::int64_t>();
}

bool JsonBody::flag(const std::string& field) {
  auto j = take(field, false);
  if (!j) return false;
  if (!j->is_boolean()) {
    fail(field, wrong_type(*j, "true 或 false", "true or false"));
    return false;
  }
  return j->get<bool>();
}

std::vector<std::string> JsonBody::texts(const std::string& field) {
  std::vector<std::string> out;
  auto j = take(field, false);
  if (!j) return out;
  if (!j->is_array()) {
    fail(field, wrong_type(*j, "字符串数组", "an array of strings"));
    return out;
  }
  for (std::size_t i = 0; i < j->size(); ++i) {
    const auto& e = (*j)[i];
    if (!e.is_string()) {
      fail(field + "[" + std::to_string(i) + "]", wrong_type(e, "字符串", "a string"));
    } else {
      out.push_back(e.get<std::string>());
    }
  }
  return out;
}

const nlohmann::json* JsonBody::raw(const std::string& field) { return take(field, false); }

void JsonBody::finish() {
  for (const auto& [key, value] : body_.items()) {
    if (!known_.count(key)) fail(key, {"未知字段", "is not a known field"});
  }
  if (!errors_.empty()) throw validation_failed(std::move(errors_));
}

}  // namespace duban::api
