#pragma once
// What duban accepts as text, at every boundary (command line, CSV, YAML, HTTP): valid UTF-8,
// no NUL, no control character but tab (and line feed in long text). And how it shows text it did
// not choose (rows written before these checks, a tampered file) without harming a terminal.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/text.hpp"

namespace duban {

enum class TextShape {
  line,       ///< one line: a title, a name, a unit, an owner
  paragraph,  ///< line feeds allowed (CR LF is taken as LF): measures, results, reasons, notes
};

/// The offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates and
/// code points above U+10FFFF are invalid), or nullopt.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

/// Why `text` cannot be stored, or nullopt: invalid UTF-8, NUL, or a control character (C0, DEL,
/// C1) other than tab and, for a paragraph, line feed. Says which character and where (1-based).
std::optional<Text> text_defect(std::string_view text, TextShape shape = TextShape::line);

/// Without the white space around it: ASCII white space, no-break space and the ideographic
/// space U+3000 that Chinese input methods type. Text of white space alone becomes empty.
std::string trim_space(std::string_view text);

/// The text a user gave for `field`, checked and trimmed (CR LF made LF in a paragraph).
/// Throws Error(invalid_text) naming the field and the defect.
std::string clean_text(const Text& field, std::string_view text, TextShape shape = TextShape::line);

/// `text` made safe to show: invalid bytes become U+FFFD, control characters other than line
/// feed, CR before LF and tab are shown as \xNN. Other text is returned unchanged.
std::string printable(std::string_view text);

}  // namespace duban
