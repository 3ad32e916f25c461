#include "domain/text_check.hpp"

#include <gtest/gtest.h>

#include "domain/errors.hpp"

namespace duban {
namespace {

TEST(TextCheck, Utf8ValidityFollowsTheStandard) {
  EXPECT_FALSE(invalid_utf8_at("问题 abc \xF0\x9F\x98\x80"));  // 4-byte emoji
  EXPECT_EQ(invalid_utf8_at("ab\xFF"), 2u);
  EXPECT_EQ(invalid_utf8_at("\xC0\x80"), 0u) << "overlong NUL";
  EXPECT_EQ(invalid_utf8_at("\xE0\x80\xAF"), 0u) << "overlong slash";
  EXPECT_EQ(invalid_utf8_at("x\xED\xA0\x80"), 1u) << "a surrogate";
  EXPECT_EQ(invalid_utf8_at("\xF4\x90\x80\x80"), 0u) << "above U+10FFFF";
  EXPECT_EQ(invalid_utf8_at("\xE9\x97"), 0u) << "cut short";
  EXPECT_EQ(invalid_utf8_at("\x80"), 0u) << "a continuation byte alone";
}

TEST(TextCheck, ControlCharactersAreDefectsButTabAndParagraphLineBreaks) {
  EXPECT_FALSE(text_defect("a\tb"));
  EXPECT_TRUE(text_defect("a\nb"));
  EXPECT_FALSE(text_defect("a\nb\r\nc", TextShape::paragraph));
  EXPECT_TRUE(text_defect("a\rb", TextShape::paragraph)) << "a CR alone";
  EXPECT_EQ(text_defect(std::string("a\0b", 3))->en, "character 2 is NUL");
  EXPECT_EQ(text_defect("\x7F")->en, "character 1 is the control character U+007F");
  EXPECT_EQ(text_defect("问\xC2\x85")->en, "character 2 is the control character U+0085");
  EXPECT_EQ(text_defect("问题\xFF")->zh, "第 7 个字节(0xFF)不是有效的 UTF-8 文本");
}

TEST(TextCheck, CleanTextTrimsIdeographicSpaceAndNamesTheField) {
  EXPECT_EQ(clean_text({"理由", "reason"}, "\xE3\x80\x80 佐证不足\xC2\xA0\t"), "佐证不足");
  EXPECT_EQ(clean_text({"理由", "reason"}, " \xE3\x80\x80 "), "");
  EXPECT_EQ(clean_text({"措施", "measures"}, "一\r\n二\r\n", TextShape::paragraph), "一\n二");
  try {
    clean_text({"问题", "title"}, "a\x1b");
    FAIL() << "not refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_text);
    EXPECT_EQ(e.text().en, "title: character 2 is the control character U+001B");
    EXPECT_EQ(e.text().zh, "问题:第 2 个字符是控制字符 U+001B");
  }
}

TEST(TextCheck, PrintableEscapesControlsAndReplacesInvalidBytes) {
  EXPECT_EQ(printable("问题\n\tok\r\n"), "问题\n\tok\r\n");
  EXPECT_EQ(printable("a\x1b[2Jb\rc"), "a\\x1B[2Jb\\x0Dc");
  EXPECT_EQ(printable("x\xFFy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(printable(std::string("\0", 1)), "\\x00");
}

}  // namespace
}  // namespace duban
