#include "app/csv.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "domain/errors.hpp"

namespace duban::app {
namespace {

std::vector<CsvRecord> read_all(const std::string& text, std::size_t block = 64 * 1024) {
  std::istringstream in(text);
  CsvReader reader(in, {}, block);
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

// The reader takes the stream in blocks (64 KiB unless told): quotes, doubled quotes, CR LF and
// line breaks inside quotes must read the same wherever a block ends, so small blocks put an end
// at every position.
TEST(Csv, RecordsAcrossBlockBoundariesReadAsWritten) {
  const std::vector<std::string> pieces = {
      "问题", "a\"b", "x,y", "two\nlines", "", "\"quoted\"", "cr\r\nlf", "末尾,", "\"\"", "plain"};
  std::vector<std::vector<std::string>> written;
  std::vector<std::size_t> lines;
  std::string text = "\xEF\xBB\xBF";
  std::size_t line = 1;
  for (std::size_t i = 0; text.size() < 20 * 1024; ++i) {
    std::vector<std::string> fields;
    for (std::size_t k = 0; k < 2 + i % 5; ++k)
      fields.push_back(pieces[(i * 7 + k * 3) % pieces.size()] + std::string(i % 13, 'x'));
    auto encoded = csv_line(fields);
    if (i % 3 == 0) encoded.erase(encoded.size() - 2, 1);  // some lines end in LF alone
    written.push_back(fields);
    lines.push_back(line);
    for (char c : encoded) line += c == '\n';
    text += encoded;
  }
  for (std::size_t block : {3, 4, 5, 7, 64, 4096, 64 * 1024}) {
    auto rows = read_all(text, block);
    ASSERT_EQ(rows.size(), written.size()) << "block " << block;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(rows[i].fields, written[i]) << "record " << i << ", block " << block;
      ASSERT_EQ(rows[i].line, lines[i]) << "record " << i << ", block " << block;
    }
  }
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

// RFC 4180: quotes only around a whole field. `ab"c,d"e` used to read as `abc,de`.
TEST(Csv, StrayQuotesAreErrorsAtTheirLine) {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      read_all(text);
    } catch (const CsvError& e) {
      return std::to_string(e.line()) + ": " + e.problem().en;
    }
    return "accepted";
  };
  EXPECT_EQ(error_of("a,b\nab\"c,d\"e\n"),
            "2: a quote inside an unquoted field (quote the whole field and double the quote)");
  EXPECT_EQ(error_of("a,b\n\"x\"y,z\n"), "2: text after a closing quote");
  EXPECT_EQ(error_of("a\n\"two\nlines\" tail\n"), "3: text after a closing quote");
  EXPECT_EQ(error_of("a\n\"open\n"), "2: unterminated quote");
  EXPECT_EQ(error_of("a,\"b\"\"c\"\r\n"), "accepted");
}

TEST(Csv, LimitsStopAFieldOrARecordThatNeverEnds) {
  std::istringstream zeros(std::string(100 * 1024, '\0'));
  CsvReader reader(zeros, {.field_bytes = 64 * 1024, .fields = 256});
  CsvRecord r;
  try {
    reader.next(r);
    FAIL() << "a 100 KiB field was read";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.problem().en, "a field exceeds the length limit");
  }
  std::istringstream wide(std::string(300, ',') + "\n");
  CsvReader narrow(wide);
  EXPECT_THROW(narrow.next(r), CsvError);
  std::istringstream fits(std::string(255, ',') + "\n");
  CsvReader enough(fits);
  ASSERT_TRUE(enough.next(r));
  EXPECT_EQ(r.fields.size(), 256u) << "256 fields are allowed";
}

// Found by the CSV fuzz target: a value that itself starts with '= lost its apostrophe on the
// way out and back in.
TEST(Csv, TheFormulaApostropheRoundTripsEveryValue) {
  for (std::string v : {"=SUM(A1)", "'=SUM(A1)", "''=x", "'x", "'", "", "-帮扶", "\t=x", "a=b"}) {
    EXPECT_EQ(from_spreadsheet_safe(spreadsheet_safe(v)), v) << v;
  }
  EXPECT_EQ(spreadsheet_safe("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_EQ(spreadsheet_safe("'=SUM(A1)"), "''=SUM(A1)");
  EXPECT_EQ(spreadsheet_safe("'x"), "'x");
  EXPECT_EQ(from_spreadsheet_safe("'x"), "'x") << "an apostrophe before text stays";
}

}  // namespace
}  // namespace duban::app
