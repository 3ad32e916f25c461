#pragma once
// The per-file readers behind load_config(). Each records problems and returns what it could read.
#include <filesystem>
#include <string>
#include <vector>

#include "config/yaml_reader.hpp"
#include "domain/unit.hpp"
#include "domain/workflow.hpp"

namespace duban::config {

/// `shown` is the file name as it appears in error messages.
std::vector<Unit> load_units(const std::filesystem::path& file, const std::string& shown,
                             Diagnostics& diagnostics);

/// Reads workflows/evaluation-procedure.yaml and workflows/rectification-lifecycle.yaml.
Workflow load_workflow(const std::filesystem::path& dir, const std::string& shown_dir,
                       Diagnostics& diagnostics);

}  // namespace duban::config
