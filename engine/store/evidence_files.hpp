#pragma once
// Evidence files kept by their content's SHA-256 under a folder of the data folder
// (evidence/ab/abcdef…): written once, in a fresh 0600 file that is synced and renamed into
// place, so a failure never leaves half a file; the same content uploaded twice is stored once.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace duban::store {

class EvidenceFiles {
 public:
  explicit EvidenceFiles(std::filesystem::path folder) : folder_(std::move(folder)) {}
  /// Stores `bytes` (if not stored yet) and returns their SHA-256; Error(io_error) on failure.
  std::string put(std::string_view bytes) const;
  /// The stored bytes, or nullopt when no file has that hash.
  std::optional<std::string> get(const std::string& sha256) const;
  std::filesystem::path path_of(const std::string& sha256) const;

 private:
  std::filesystem::path folder_;
};

}  // namespace duban::store
