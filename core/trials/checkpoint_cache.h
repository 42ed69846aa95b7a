#pragma once
// Trained dense checkpoints cached on disk, keyed by everything that
// determines the weights (architecture, seed, steps, learning rate, suite
// version), so a second sweep over the same model skips training. Each file
// holds the final weights and the early "rewind" weights that iterative
// magnitude pruning returns to. Internal to core/trials.
#include <optional>
#include <string>

#include "core/trials/network.h"

namespace rs::trials {

struct DenseCheckpoint {
  Net final, rewind;
};

// The cache directory for an option value: "" means the user's cache
// ($XDG_CACHE_HOME or ~/.cache, then ratioscope/checkpoints); "none" turns
// caching off (returns "").
std::string checkpointDirectory(const std::string& option);
// The file for a configuration (a readable prefix and a stable 64-bit hash).
std::string checkpointPath(const std::string& directory, const std::string& configuration, const std::string& model, std::int64_t seed);
// Loads into nets shaped like `like` (on its device); nothing when the file is
// missing or does not match.
std::optional<DenseCheckpoint> loadCheckpoint(const std::string& path, const Net& like);
// Writes atomically (a temporary file, then a rename). Returns "" or why not.
std::string saveCheckpoint(const std::string& path, const DenseCheckpoint& checkpoint);

}  // namespace rs::trials
