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

}  // namespace duban::app
