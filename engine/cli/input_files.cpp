#include "cli/input_files.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "app/import_cases.hpp"
#include "domain/errors.hpp"

namespace duban::cli {

std::ifstream open_import_file(const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw Error(Errc::io_error,
                {"无法导入:" + file + " 是文件夹", "cannot import: " + file + " is a folder"});
  }
  if (auto size = std::filesystem::file_size(file, ec);
      !ec && std::filesystem::is_regular_file(file, ec) && size > app::kMaxImportBytes) {
    auto limit = std::to_string(app::kMaxImportBytes >> 20) + " MiB";
    throw Error(Errc::import_invalid,
                {file + ":文件大小 " + std::to_string(size) + " 字节,超过 " + limit +
                     " 的上限,未导入任何数据",
                 file + ": " + std::to_string(size) + " bytes, more than the limit of " + limit +
                     "; nothing was imported"});
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(Errc::io_error, {"无法打开文件:" + file + "(" + std::strerror(errno) + ")",
                                 "cannot open file: " + file + " (" + std::strerror(errno) + ")"});
  }
  return in;
}

app::Encoding encoding_option(const std::string& text) {
  if (auto e = app::encoding_from(text)) return *e;
  throw Error(Errc::invalid_argument, {"--encoding 应为 utf-8 或 gb18030:" + text,
                                       "--encoding must be utf-8 or gb18030: " + text});
}

}  // namespace duban::cli
