// The YAML units and scoring-model loaders on any bytes: every problem a diagnostic with a
// position, nothing thrown (yaml-cpp's own exceptions included: deep nesting, bad anchors).
#include <unistd.h>

#include <cmath>
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
  config::Diagnostics scoring_diagnostics;
  auto model = config::load_scoring(file, "scoring.yaml", scoring_diagnostics);
  for (const auto& d : scoring_diagnostics.list()) {
    if (d.message.en.empty() || d.message.zh.empty())
      fuzz::broken("scoring: d.message.en.empty() || d.message.zh.empty()");
  }
  if (scoring_diagnostics.empty()) {
    // A model accepted has weights adding up to 100 at every level and a grade for any total.
    for (const auto& k : model.kinds) {
      std::vector<const std::vector<Indicator>*> lists = {&k.indicators};
      while (!lists.empty()) {
        const auto* list = lists.back();
        lists.pop_back();
        double sum = 0;
        for (const auto& i : *list) {
          sum += i.weight;
          if (i.id.empty()) fuzz::broken("scoring: an accepted indicator without an id");
          if (!i.parts.empty()) lists.push_back(&i.parts);
        }
        if (std::fabs(sum - 100) > 1e-6)
          fuzz::broken("scoring: accepted weights not adding to 100");
      }
      if (k.grades.empty() || k.grades.back().min != 0)
        fuzz::broken("scoring: an accepted model without a grade for 0");
    }
  }
  return 0;
}
