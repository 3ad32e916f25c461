// Problem lists from anyone: any bytes opened as a sheet (a zip archive as XLSX, anything else as
// CSV in UTF-8 or GB18030) read to their end or refused with duban's Error, twice (the import's
// two passes) with the same rows; every cell read as a deadline or refused saying why.
#include <sstream>

#include "app/sheet.hpp"
#include "domain/deadline_text.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace duban;
  auto text = fuzz::bytes(data, size);
  DeadlineContext context;
  context.year = 2020;
  context.immediate_due = parse_date("2020-06-15");
  fuzz::expecting_errors([&] {
    std::istringstream in(text);
    auto sheet = app::open_sheet(in, "fuzz");
    std::vector<app::SheetRow> first;
    app::SheetRow row;
    while (sheet->next(row) && first.size() < 1000) {
      first.push_back(row);
      for (const auto& cell : row.cells) {
        Text error;
        auto d = read_deadline(cell, context, error);
        if (!d && error.en.empty()) fuzz::broken("a refused deadline says why");
        if (d && d->kind != DeadlineKind::standing && (!d->due || !d->due->ok())) {
          fuzz::broken("a deadline read is a real day");
        }
      }
    }
    if (first.size() == 1000) return;
    sheet->rewind();
    std::size_t i = 0;
    while (sheet->next(row)) {
      if (i >= first.size() || row.line != first[i].line || row.cells != first[i].cells) {
        fuzz::broken("the second pass reads the rows the first read");
      }
      ++i;
    }
    if (i != first.size()) fuzz::broken("the second pass reads as many rows");
  });
  return 0;
}
