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
/// Replaces the first `from` in the file with `to`; false (file unchanged) if `from` is not there.
bool replace_in_file(const std::filesystem::path& path, const std::string& from,
                     const std::string& to);

/// The source tree (for config/, workflows/, config/demo/).
std::filesystem::path source_dir();
/// The built `duban` executable.
std::string duban_binary();

}  // namespace duban::testing

namespace duban::testing {

/// A child process (through /bin/sh -c, in a process group of its own) whose output the test
/// reads as it comes. Use `exec` for the last command so that its exit code is the child's.
class ChildProcess {
 public:
  explicit ChildProcess(const std::string& command_line);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  /// Reads output until a line contains `needle` (returns that line) or `timeout_ms` passes
  /// (returns ""). Waits on the pipe with poll(); never sleeps.
  std::string wait_for_line(const std::string& needle, int timeout_ms);
  /// Sends SIGTERM and returns the exit code (or -1).
  int terminate();
  /// Waits for the process to end by itself (its output to close) and returns the exit code.
  int wait();
  const std::string& output() const { return output_; }
  int pid() const { return pid_; }

 private:
  int pid_ = -1;
  int fd_ = -1;
  std::string output_;
  std::size_t scanned_ = 0;
};

struct HttpReply {
  int status = 0;
  std::string headers;
  std::string body;
};
/// A plain HTTP/1.1 GET over a loopback TCP socket.
HttpReply http_get(const std::string& host, int port, const std::string& target);
/// Sends `request` as it is (malformed ones included) and reads the reply to the end.
HttpReply http_raw(const std::string& host, int port, const std::string& request);
/// A connected loopback TCP socket (-1 when it cannot connect); the caller closes it.
int connect_tcp(const std::string& host, int port);

}  // namespace duban::testing
