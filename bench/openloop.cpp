// duban_bench_openloop: GET requests at a set rate, open-loop: each request has an intended send
// time (Poisson arrivals at --rate), and its latency is measured from that time, not from when a
// connection was free to send it, so a slow answer delays no later request's clock (no
// coordinated omission). Keep-alive connections, one thread each; a request waits in the queue
// when all are busy, and that wait counts.
//
//   duban_bench_openloop --url http://127.0.0.1:PORT --token TOKEN --path /api/v1/items?...
//       [--path ...] [--rate 500] [--seconds 30] [--connections 64] [--seed 1]
//
// Prints the requests sent and answered, the errors (non-200, broken connections), the rate
// achieved, and p50, p90, p99, p99.9 and max in ms.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "duban_bench_openloop: " << what << "\n";
  std::exit(2);
}

struct Job {
  Clock::time_point intended;
  std::size_t path;
};

struct Shared {
  std::mutex m;
  std::condition_variable cv;
  std::deque<Job> queue;
  bool done = false;
  std::vector<double> latencies;  // ms, of the answered requests
  std::atomic<long> errors{0};
};

class Connection {
 public:
  Connection(const std::string& host, int port) : host_(host), port_(port) {}
  ~Connection() { close_fd(); }
  /// One GET; the status (0: the connection broke).
  int get(const std::string& request) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !open()) return 0;
      if (send_all(request)) {
        int status = read_response();
        if (status > 0) return status;
      }
      close_fd();  // a kept-alive connection the server closed: once more on a new one
    }
    return 0;
  }

 private:
  bool open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port_));
    inet_pton(AF_INET, host_.c_str(), &a.sin_addr);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close_fd();
      return false;
    }
    buffer_.clear();
    return true;
  }
  void close_fd() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool send_all(const std::string& s) {
    std::size_t sent = 0;
    while (sent < s.size()) {
      auto n = ::send(fd_, s.data() + sent, s.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  bool fill() {
    char chunk[65536];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  // The status of the next response, its body read past (Content-Length or chunked).
  int read_response() {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return 0;
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    if (head.size() < 12) return 0;
    int status = std::atoi(head.c_str() + 9);
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (auto at = lower.find("content-length:"); at != std::string::npos) {
      std::size_t length = std::strtoul(lower.c_str() + at + 15, nullptr, 10);
      while (buffer_.size() < length)
        if (!fill()) return 0;
      buffer_.erase(0, length);
    } else if (lower.find("transfer-encoding: chunked") != std::string::npos) {
      while (true) {
        std::size_t line;
        while ((line = buffer_.find("\r\n")) == std::string::npos)
          if (!fill()) return 0;
        std::size_t size = std::strtoul(buffer_.c_str(), nullptr, 16);
        while (buffer_.size() < line + 2 + size + 2)
          if (!fill()) return 0;
        buffer_.erase(0, line + 2 + size + 2);
        if (size == 0) break;
      }
    }
    if (lower.find("connection: close") != std::string::npos) close_fd();
    return status;
  }
  std::string host_;
  int port_;
  int fd_ = -1;
  std::string buffer_;
};

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(sorted.size() - 1, i)];
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, token;
  std::vector<std::string> paths;
  double rate = 500, seconds = 30;
  int connections = 64;
  unsigned seed = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << "usage: duban_bench_openloop --url http://HOST:PORT --token TOKEN --path PATH"
                   " [--path PATH]... [--rate 500] [--seconds 30] [--connections 64] [--seed 1]\n"
                   "  GET requests at --rate per second (Poisson arrivals), each one's latency\n"
                   "  measured from its intended send time; the paths are taken in turn.\n";
      return 0;
    }
    if (i + 1 >= argc) fail("missing a value after " + a);
    std::string v = argv[++i];
    if (a == "--url") {
      url = v;
    } else if (a == "--token") {
      token = v;
    } else if (a == "--path") {
      paths.push_back(v);
    } else if (a == "--rate") {
      rate = std::stod(v);
    } else if (a == "--seconds") {
      seconds = std::stod(v);
    } else if (a == "--connections") {
      connections = std::stoi(v);
    } else if (a == "--seed") {
      seed = static_cast<unsigned>(std::stoul(v));
    } else {
      fail("unknown option " + a + " (--help)");
    }
  }
  if (url.rfind("http://", 0) != 0 || paths.empty() || rate <= 0 || seconds <= 0)
    fail("--url http://HOST:PORT and at least one --path are needed (--help)");
  auto hostport = url.substr(7);
  if (auto slash = hostport.find('/'); slash != std::string::npos) hostport.resize(slash);
  auto colon = hostport.rfind(':');
  if (colon == std::string::npos) fail("the URL has no port: " + url);
  const std::string host = hostport.substr(0, colon);
  const int port = std::stoi(hostport.substr(colon + 1));
  std::vector<std::string> requests;
  for (const auto& p : paths) {
    requests.push_back("GET " + p + " HTTP/1.1\r\nHost: " + hostport +
                       (token.empty() ? "" : "\r\nAuthorization: Bearer " + token) + "\r\n\r\n");
  }

  Shared shared;
  std::vector<std::thread> workers;
  for (int w = 0; w < connections; ++w) {
    workers.emplace_back([&] {
      Connection c(host, port);
      std::vector<double> mine;
      while (true) {
        Job job;
        {
          std::unique_lock lock(shared.m);
          shared.cv.wait(lock, [&] { return shared.done || !shared.queue.empty(); });
          if (shared.queue.empty()) break;
          job = shared.queue.front();
          shared.queue.pop_front();
        }
        int status = c.get(requests[job.path]);
        if (status != 200) {
          if (shared.errors++ < 3)
            std::cerr << "status " << status << " for " << paths[job.path] << "\n";
          continue;
        }
        mine.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - job.intended).count());
      }
      std::lock_guard lock(shared.m);
      shared.latencies.insert(shared.latencies.end(), mine.begin(), mine.end());
    });
  }

  std::mt19937_64 random(seed);
  std::exponential_distribution<double> gap(rate);
  const auto start = Clock::now() + std::chrono::milliseconds(100);
  const auto stop =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  long sent = 0;
  auto next = start;
  while (next < stop) {
    std::this_thread::sleep_until(next);
    {
      std::lock_guard lock(shared.m);
      shared.queue.push_back({next, static_cast<std::size_t>(sent) % requests.size()});
    }
    shared.cv.notify_one();
    ++sent;
    next += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(gap(random)));
  }
  {
    std::lock_guard lock(shared.m);
    shared.done = true;
  }
  shared.cv.notify_all();
  for (auto& t : workers) t.join();
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  auto& v = shared.latencies;
  std::sort(v.begin(), v.end());
  std::printf(
      "sent %ld answered %zu errors %ld rate %.1f/s p50 %.2f p90 %.2f p99 %.2f p999 %.2f"
      " max %.2f (ms, from each request's intended send time)\n",
      sent, v.size(), shared.errors.load(), static_cast<double>(v.size()) / took,
      percentile(v, 0.5), percentile(v, 0.9), percentile(v, 0.99), percentile(v, 0.999),
      v.empty() ? 0.0 : v.back());
  return shared.errors.load() == 0 ? 0 : 1;
}
