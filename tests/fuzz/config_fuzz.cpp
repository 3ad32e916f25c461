// The YAML units loader on any bytes: every problem a diagnostic with a position, nothing thrown
// (yaml-cpp's own exceptions included: deep nesting, bad anchors).
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/diagnostics.hpp"
#include "config/loaders.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace duban;
  static const auto file = std::filesystem::temp_directory_path() /
                           ("duban-fuzz-units-" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  config::Diagnostics diagnostics;
  auto units = config::load_units(file, "units.yaml", diagnostics);
  for (const auto& d : diagnostics.list()) {
    if (d.message.en.empty() || d.message.zh.empty())
      fuzz::broken("d.message.en.empty() || d.message.zh.empty()");
  }
  for (const auto& u : units) {
    if (diagnostics.empty() && u.id.empty()) fuzz::broken("a valid file names every unit");
  }
  return 0;
}
