#pragma once
// Files the command line writes (exports, checkpoints): beside the target in a fresh file of our
// own, renamed over it when complete, never over what duban itself reads.
#include <functional>
#include <iosfwd>
#include <string>

#include "config/config.hpp"

namespace duban::cli {

/// Writes `target` through `write` (which returns a count, passed back): in a file created with
/// mkstemp (O_EXCL, 0600: never through a planted link), synced, then renamed over the target,
/// so a failed write never leaves half a file. Refused with Error(io_error) naming the target:
/// a folder, the database or its -wal/-shm/-journal names, the configuration's files and
/// folders, the signing key and its public key.
std::size_t write_atomically(const std::string& target, const config::Config& cfg,
                             const std::function<std::size_t(std::ostream&)>& write);

}  // namespace duban::cli
