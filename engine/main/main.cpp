// duban: county evaluation-and-rectification workflow engine.
#include <cstdio>
#include <exception>
#include <iostream>

#include "cli/cli.hpp"
#include "main/composition.hpp"

int main(int argc, char** argv) {
  try {
    return duban::cli::run(argc, argv, duban::main::hooks(), std::cout, std::cerr);
  } catch (const std::exception& e) {
    // cli::run reports its own failures; this catches what escapes it (e.g. while printing).
    std::fprintf(stderr, "error [internal]: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "error [internal]\n");
  }
  return 1;
}
