#pragma once
// 佐证材料: a file uploaded as evidence of an item's rectification, kept by its content's SHA-256.
#include <cstdint>
#include <string>

namespace duban {

struct EvidenceRecord {
  std::int64_t id = 0;
  std::int64_t item = 0;
  std::string name;  ///< the file's name as uploaded (text-checked)
  std::string type;  ///< the media type its content was recognised as
  std::int64_t size = 0;
  std::string sha256;  ///< hex; the file is stored under this name
  std::string at, by;  ///< when (UTC text) and by whom
};

}  // namespace duban
