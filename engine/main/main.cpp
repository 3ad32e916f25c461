// duban: county evaluation-and-rectification workflow engine.
#include <cstdio>
#include <exception>
#include <iostream>

#include "cli/cli.hpp"
#include "cli/safe_output.hpp"
#include "main/composition.hpp"

int main(int argc, char** argv) {
  // Everything printed passes through printable(): nothing stored can drive the terminal.
  duban::cli::SafeTextBuf out_buf(std::cout.rdbuf()), err_buf(std::cerr.rdbuf());
  std::ostream out(&out_buf), err(&err_buf);
  err.setf(std::ios::unitbuf);  // errors and progress appear when written
  try {
    int code = duban::cli::run(argc, argv, duban::main::hooks(), out, err);
    out.flush();
    err.flush();
    return code;
  } catch (const std::exception& e) {
    // cli::run reports its own failures; this catches what escapes it (e.g. while printing).
    std::fprintf(stderr, "error [internal]: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "error [internal]\n");
  }
  return 1;
}
