// duban: county evaluation-and-rectification workflow engine.
#include <iostream>

#include "cli/cli.hpp"
#include "main/composition.hpp"

int main(int argc, char** argv) {
  return duban::cli::run(argc, argv, duban::main::hooks(), std::cout, std::cerr);
}
