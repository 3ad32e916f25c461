#pragma once
// Files the command line reads for an import (problem lists, score sheets).
#include <fstream>
#include <string>

#include "app/sheet.hpp"

namespace duban::cli {

/// Opens `file` for an import: refused with a clear error if it is a folder, larger than the
/// import limit or cannot be opened.
std::ifstream open_import_file(const std::string& file);

/// --encoding's value; Error(invalid_argument) for anything but utf-8 or gb18030 (and aliases).
app::Encoding encoding_option(const std::string& text);

}  // namespace duban::cli
