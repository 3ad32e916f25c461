// The CSV reader and what import does to each cell: any bytes read as records or refused as
// CsvError at a line, every cell checked as text and trimmed, the spreadsheet prefix round trip.
#include <sstream>

#include "app/csv.hpp"
#include "domain/text_check.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace duban;
  auto text = fuzz::bytes(data, size);
  fuzz::expecting_errors([&] {
    std::istringstream in(text);
    // Small blocks and limits, so that block edges and limits are met by small inputs.
    app::CsvReader reader(in, {.field_bytes = 512, .fields = 16}, 7);
    app::CsvRecord record;
    std::size_t last_line = 0;
    while (reader.next(record)) {
      if (record.line < last_line) fuzz::broken("lines only go forward");
      last_line = record.line;
      for (const auto& field : record.fields) {
        if (field.size() > 512) fuzz::broken("field.size() > 512");
        fuzz::expecting_errors([&] {
          auto cell = clean_text({"单元格", "cell"}, field, TextShape::paragraph);
          if (text_defect(cell, TextShape::paragraph)) fuzz::broken("clean means clean");
          auto safe = app::spreadsheet_safe(cell);
          if (app::from_spreadsheet_safe(safe) != cell)
            fuzz::broken("the apostrophe comes off again");
          // What export writes (a header first, as it does) reads back as the same field.
          std::istringstream again("h,x\r\n" + app::csv_line({safe, "x"}));
          app::CsvReader back(again);
          app::CsvRecord r;
          bool read = back.next(r) && back.next(r);
          if (!read || r.fields.size() != 2 || r.fields[0] != safe) {
            fuzz::broken("what export writes reads back as the same field");
          }
        });
      }
    }
  });
  auto shown = printable(text);
  if (invalid_utf8_at(shown)) fuzz::broken("printable text is valid UTF-8");
  return 0;
}
