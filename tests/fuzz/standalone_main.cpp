// The fuzz targets without libFuzzer (any compiler): every file of the seed corpus, then a fixed
// number of deterministic mutations of them (bytes flipped, inserted, removed, pieces spliced).
// A smoke run for the normal test suite; scripts/fuzz.sh runs the real fuzzer.
//
//   <target>_smoke CORPUS_DIR [RUNS]
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {
// The input being run, written to ./crash-input if the target aborts (a broken promise or a
// sanitizer report): that file becomes a corpus entry and a regression test.
const std::string* current = nullptr;

extern "C" void keep_input(int sig) {
  if (current) {
    int fd = ::open("crash-input", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      auto ignored = ::write(fd, current->data(), current->size());
      (void)ignored;
      ::close(fd);
    }
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void run(const std::string& input) {
  current = &input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  current = nullptr;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [RUNS]\n", argv[0]);
    return 2;
  }
  std::signal(SIGABRT, keep_input);
  std::signal(SIGSEGV, keep_input);
  std::vector<std::string> corpus;
  for (const auto& e : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    corpus.push_back(text.str());
  }
  std::sort(corpus.begin(), corpus.end());
  if (corpus.empty()) corpus.push_back("");
  for (const auto& c : corpus) run(c);
  const long runs = argc > 2 ? std::atol(argv[2]) : 2000;
  std::mt19937 rng(20261129);
  auto pick = [&](std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  const char interesting[] = {'\0', '\n', '\r', '"', ',', ':', '%', '\xff', '\xe4', '-', '{', '['};
  for (long i = 0; i < runs; ++i) {
    std::string s = corpus[pick(corpus.size())];
    for (int m = 0, n = 1 + static_cast<int>(pick(4)); m < n; ++m) {
      switch (pick(5)) {
        case 0:
          if (!s.empty()) s[pick(s.size())] = static_cast<char>(pick(256));
          break;
        case 1:
          s.insert(s.begin() + static_cast<long>(pick(s.size() + 1)),
                   interesting[pick(sizeof interesting)]);
          break;
        case 2:
          if (!s.empty()) s.erase(pick(s.size()), 1 + pick(8));
          break;
        case 3: {
          const auto& other = corpus[pick(corpus.size())];
          auto from = pick(other.size() + 1);
          s.insert(pick(s.size() + 1), other.substr(from, pick(64)));
          break;
        }
        default:
          if (!s.empty()) s.append(s.substr(pick(s.size())));  // repeat a tail: nesting, length
      }
      if (s.size() > 64 * 1024) s.resize(64 * 1024);
    }
    run(s);
  }
  std::printf("%zu corpus inputs and %ld mutations: no crash\n", corpus.size(), runs);
  return 0;
}
