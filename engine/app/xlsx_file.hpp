#pragma once
// A workbook libxlsxwriter writes (it writes files, not streams): in a temporary file of its own
// (mkstemp), copied into the caller's stream when finished, removed in every case.
#include <xlsxwriter.h>

#include <iosfwd>
#include <string>

namespace duban::app {

class XlsxFile {
 public:
  /// Creates the temporary file and the workbook; Error(io_error) if it cannot.
  /// `constant_memory`: rows go to disk as written (flat memory at any size, rows in order).
  explicit XlsxFile(bool constant_memory);
  ~XlsxFile();
  XlsxFile(const XlsxFile&) = delete;
  XlsxFile& operator=(const XlsxFile&) = delete;

  lxw_workbook* book() { return book_; }
  /// Closes the workbook and copies it into `out`; Error(io_error) naming libxlsxwriter's reason.
  void finish(std::ostream& out);

 private:
  std::string path_;
  lxw_workbook* book_ = nullptr;
};

/// The formats of a printable table (日程表, 问题清单): a large bold centred title, a bold shaded
/// bordered header, bordered cells aligned to the top, and such cells that wrap long text.
struct TableFormats {
  lxw_format *title, *head, *cell, *wrap;
};
TableFormats table_formats(lxw_workbook* book);

}  // namespace duban::app
