#include "domain/text_check.hpp"

#include <cstdio>

#include "domain/errors.hpp"

namespace duban {

namespace {

// The length of the UTF-8 sequence at `i` and its code point, or 0 when it is not valid.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  unsigned char c = b(0);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF && cont(1)) {
    cp = ((c & 0x1Fu) << 6) | (b(1) & 0x3Fu);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    cp = ((c & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;  // overlong, surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    cp = ((c & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) | (b(3) & 0x3Fu);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    return 4;
  }
  return 0;
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

std::string hex_code(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    // Runs of ASCII, the common case, one byte at a time without decoding.
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    auto n = decode(text, i, cp);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::optional<Text> text_defect(std::string_view text, TextShape shape) {
  char32_t cp = 0;
  std::size_t character = 0;
  for (std::size_t i = 0; i < text.size();) {
    ++character;
    // Printable ASCII, most of any text, needs no decoding.
    if (auto c = static_cast<unsigned char>(text[i]); c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    auto n = decode(text, i, cp);
    if (n == 0) {
      auto byte = std::to_string(i + 1);
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
      return Text{"第 " + byte + " 个字节(" + hex + ")不是有效的 UTF-8 文本",
                  "byte " + byte + " (" + hex + ") is not valid UTF-8"};
    }
    bool allowed = cp == '\t' || (shape == TextShape::paragraph && (cp == '\n' || cp == '\r'));
    if (is_control(cp) && !allowed) {
      auto at = std::to_string(character);
      if (cp == 0) {
        return Text{"第 " + at + " 个字符是空字符(NUL)", "character " + at + " is NUL"};
      }
      auto code = hex_code(cp);
      return Text{"第 " + at + " 个字符是控制字符 " + code,
                  "character " + at + " is the control character " + code};
    }
    i += n;
  }
  // A CR is allowed in a paragraph only before a LF (Windows line ends).
  if (shape == TextShape::paragraph) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
        return Text{"含有单独的回车符(CR)", "holds a carriage return (CR) without a line feed"};
      }
    }
  }
  return std::nullopt;
}

std::string trim_space(std::string_view text) {
  // Ideographic space U+3000 (E3 80 80) and no-break space U+00A0 (C2 A0), besides ASCII.
  auto space_at_start = [&](std::string_view s) -> std::size_t {
    if (s.empty()) return 0;
    char c = s.front();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (s.substr(0, 3) == "\xE3\x80\x80") return 3;
    if (s.substr(0, 2) == "\xC2\xA0") return 2;
    return 0;
  };
  auto space_at_end = [&](std::string_view s) -> std::size_t {
    if (s.empty()) return 0;
    char c = s.back();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") return 3;
    if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") return 2;
    return 0;
  };
  while (auto n = space_at_start(text)) text.remove_prefix(n);
  while (auto n = space_at_end(text)) text.remove_suffix(n);
  return std::string(text);
}

std::string clean_text(const Text& field, std::string_view text, TextShape shape) {
  if (auto defect = text_defect(text, shape)) {
    throw Error(Errc::invalid_text, {field.zh + ":" + defect->zh, field.en + ": " + defect->en});
  }
  auto out = trim_space(text);
  if (shape == TextShape::paragraph && out.find('\r') != std::string::npos) {
    std::string lf;
    lf.reserve(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (out[i] == '\r' && i + 1 < out.size() && out[i + 1] == '\n') continue;
      lf += out[i];
    }
    out = std::move(lf);
  }
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto n = decode(text, i, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    bool line_end = cp == '\n' || (cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
    if (is_control(cp) && !line_end && cp != '\t') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(text, i, n);
    }
    i += n;
  }
  return out;
}

}  // namespace duban
