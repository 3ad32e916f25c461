#include "app/csv.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "domain/errors.hpp"

namespace duban::app {
namespace {

std::vector<CsvRecord> read_all(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (reader.next(r)) out.push_back(r);
  return out;
}

// The reader reuses the previous record's strings: nothing of one record may show in the next.
TEST(Csv, ReusedRecordKeepsNothingOfThePreviousOne) {
  std::istringstream in("long first field,b,c\nd\n\ne,\"f\"\n,\n");
  CsvReader reader(in);
  CsvRecord r;
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"long first field", "b", "c"}));
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"d"}));
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"e", "f"}));
  EXPECT_EQ(r.line, 4u);
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"", ""}));
  EXPECT_FALSE(reader.next(r));
}

TEST(Csv, QuotesCommasLineBreaksBomAndCrlf) {
  auto rows = read_all(
      "\xEF\xBB\xBF问题,单位\r\n\"a, b\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",x\nlast,\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"问题", "单位"}));
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"a, b", "say \"hi\""}));
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"two\nlines", "x"}));
  EXPECT_EQ(rows[2].line, 4u);
  EXPECT_EQ(rows[3].line, 6u) << "a quoted line break counts as a line";
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"last", ""}));
}

TEST(Csv, UnterminatedQuoteNamesItsLine) {
  try {
    read_all("a,b\n\"open,x\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::import_invalid);
    EXPECT_EQ(e.text().en, "line 2: unterminated quote");
  }
}

TEST(Csv, WritesWhatItReads) {
  std::vector<std::string> fields = {"plain", "a,b", "q\"q", "two\nlines", ""};
  auto rows = read_all(csv_line(fields));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, fields);
}

}  // namespace
}  // namespace duban::app
