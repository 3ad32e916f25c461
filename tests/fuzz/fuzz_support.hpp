#pragma once
// What every fuzz target promises: for any bytes, no crash, no sanitizer report, no exception but
// duban::Error (the named refusal of bad input). Built two ways (tests/fuzz/CMakeLists.txt): with
// clang's libFuzzer for real fuzzing (scripts/fuzz.sh), and with standalone_main.cpp as a smoke
// run in the normal test suite (the seed corpus and a fixed number of mutations of it).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "domain/errors.hpp"

namespace duban::fuzz {

inline std::string bytes(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// A promise broken: says which, then aborts (the fuzzer keeps the input that did it).
[[noreturn]] inline void broken(const char* promise) {
  std::fprintf(stderr, "fuzz: broken promise: %s\n", promise);
  std::abort();
}

/// Runs `f`; duban's own errors are the expected answer to bad input.
template <class F>
void expecting_errors(F&& f) {
  try {
    f();
  } catch (const Error&) {
  }
}

}  // namespace duban::fuzz
