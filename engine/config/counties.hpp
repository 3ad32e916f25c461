#pragma once
// The counties a server of several serves (`counties:` in the main duban.yaml): each one's
// configuration, loaded and checked against the others.
#include <vector>

#include "config/config.hpp"

namespace duban::config {

/// The configurations `first` lists under `counties:`, each loaded (ConfigInvalid naming its
/// file and line) and set on `first`'s database, data folder and server. Error(invalid_argument)
/// when two counties share a code, a listed one lists counties itself, or the province's office
/// (`province: true`) is the first or there is more than one.
std::vector<Config> load_counties(const Config& first);

}  // namespace duban::config
