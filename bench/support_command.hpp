#pragma once
// Small helpers of the benchmarks: a shell command, a child process with its output in a file, a
// file's first line, a median with its range, a percentile, a process's peak memory.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace duban::bench {

/// Runs `command` with /bin/sh; its exit status.
inline int run(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

struct Spread {
  double median, min, max;
};
/// The median of `v` (the upper one of an even count) with the smallest and largest.
inline Spread spread(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v.front(), v.back()};
}

/// The peak resident memory of process `pid`, in KiB (-1: unknown).
inline long peak_rss_kib(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

/// The `p` quantile (0..1) of `v` (0 when empty).
inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5))];
}

// A child process with its output in a file.
struct Child {
  int pid = -1;
  std::filesystem::path log;
  Child(const std::string& command, std::filesystem::path out) : log(std::move(out)) {
    // A log left by an earlier run would be read by wait_for() before the shell truncates it
    // (its "listening on" line names the old port).
    std::error_code ignored;
    std::filesystem::remove(log, ignored);
    pid = fork();
    if (pid == 0) {
      setpgid(0, 0);
      auto target = "exec env " + command + " > '" + log.string() + "' 2>&1";
      execl("/bin/sh", "sh", "-c", target.c_str(), nullptr);
      _exit(127);
    }
  }
  std::string output() const {
    std::ifstream in(log);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Waits (polling its log, at most `seconds`) for a line containing `needle`.
  std::string wait_for(const std::string& needle, double seconds) const {
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      auto text = output();
      auto at = text.find(needle);
      if (at != std::string::npos) return text.substr(at, text.find('\n', at) - at);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return "";
  }
  ~Child() {
    if (pid > 0) {
      kill(-pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
};

}  // namespace duban::bench
