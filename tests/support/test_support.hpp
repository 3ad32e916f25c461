#pragma once
// Helpers for tests: temporary folders and running the real `duban` command.
#include <filesystem>
#include <string>

namespace duban::testing {

/// A fresh folder under the system temp dir, removed when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  ///< standard output and standard error, interleaved
};

/// Runs a shell command line and captures what it prints.
CommandResult run_command(const std::string& command_line);

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

/// The source tree (for config/, workflows/, config/demo/).
std::filesystem::path source_dir();
/// The built `duban` executable.
std::string duban_binary();

}  // namespace duban::testing
