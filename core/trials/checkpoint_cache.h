#pragma once
// Trained dense checkpoints cached on disk, keyed by everything that
// determines the weights (architecture, seed, steps, learning rate, suite
// version), so a second sweep over the same model skips training. Each file
// holds the final weights and the early "rewind" weights that iterative
// magnitude pruning returns to, the configuration they were trained with and
// a checksum over them: a cache directory is a file anyone may have damaged
// or replaced, and a wrong checkpoint gives wrong numbers silently. Internal
// to core/trials.
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
// Loads into nets shaped like `like` (on its device). Nothing when the file
// is missing (`problem` stays ""), or when it cannot be trusted, with
// `problem` saying why: unreadable, its checksum does not match its weights
// (a damaged file), it was trained with another `configuration`, another
// layout, or it holds non-finite weights. The caller trains again.
std::optional<DenseCheckpoint> loadCheckpoint(const std::string& path, const Net& like, const std::string& configuration, std::string& problem);
// Writes atomically (a temporary file, then a rename), with `configuration`
// and a checksum of every weight. Returns "" or why not; a checkpoint with
// non-finite weights (training diverged) is never written.
std::string saveCheckpoint(const std::string& path, const DenseCheckpoint& checkpoint, const std::string& configuration);
// The checksum a file stores (FNV-1a over the configuration and every
// tensor): it finds a damaged file, it is no signature.
std::string checkpointChecksum(const DenseCheckpoint& checkpoint, const std::string& configuration);
// True when every weight of both nets is finite.
bool finiteCheckpoint(const DenseCheckpoint& checkpoint);

}  // namespace rs::trials
