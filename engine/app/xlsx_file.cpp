#include "app/xlsx_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "domain/errors.hpp"

namespace duban::app {

XlsxFile::XlsxFile(bool constant_memory) {
  auto dir = std::filesystem::temp_directory_path();
  std::string pattern = (dir / "duban-xlsx-XXXXXX").string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) {
    throw Error(Errc::io_error, {"无法创建临时文件:" + dir.string(),
                                 "cannot create a temporary file in " + dir.string()});
  }
  close(fd);
  path_ = pattern;
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  book_ = workbook_new_opt(path_.c_str(), &options);
  if (!book_) {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    throw Error(Errc::io_error, {"无法创建 XLSX 工作簿", "cannot create the XLSX workbook"});
  }
}

XlsxFile::~XlsxFile() {
  if (book_) workbook_close(book_);
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void XlsxFile::finish(std::ostream& out) {
  auto status = workbook_close(book_);
  book_ = nullptr;
  if (status != LXW_NO_ERROR) {
    throw Error(Errc::io_error, {std::string("写入 XLSX 失败:") + lxw_strerror(status),
                                 std::string("writing the XLSX failed: ") + lxw_strerror(status)});
  }
  std::ifstream in(path_, std::ios::binary);
  out << in.rdbuf();
}

TableFormats table_formats(lxw_workbook* book) {
  TableFormats f{workbook_add_format(book), workbook_add_format(book), workbook_add_format(book),
                 workbook_add_format(book)};
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  format_set_bold(f.head);
  format_set_bg_color(f.head, 0xDDEBF7);
  format_set_border(f.head, LXW_BORDER_THIN);
  for (auto* cell : {f.cell, f.wrap}) {
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
  }
  format_set_text_wrap(f.wrap);
  return f;
}

}  // namespace duban::app
