#pragma once
// Compression methods over a Net's weight matrices. Each returns the
// compressed copy, its stored bits (whole model: what the method stores for
// the matrices plus everything it leaves dense at 16 bits), and the masks that
// recovery fine-tuning must hold. A method that cannot reach a target ratio
// (the mask alone costs 1/16 of a weight; heads are a third of a block)
// returns nothing rather than a run at some other ratio.
// Internal to core/trials.
#include <optional>

#include "core/trials/network.h"

namespace rs::trials {

struct Compressed {
  Net net;
  double storedBits = 0;
  double keptParams = 0;
  std::optional<double> bits, sparsity, rank;
  std::map<std::string, torch::Tensor> masks;  // parameter name -> 0/1 mask (pruning only)
};

// A copy with `masks` applied, stored as magnitude-pruned weights are: kept
// values at 16 bits plus a 1-bit mask over every matrix weight.
Compressed maskedCopy(const Net& net, std::map<std::string, torch::Tensor> masks);
// Unstructured magnitude pruning to `ratio` of the stored size: kept values at
// 16 bits plus a 1-bit mask per weight. Global threshold, or the same sparsity
// in every matrix (`perLayer`).
std::optional<Compressed> magnitudePrune(const Net& net, double ratio, bool perLayer);
// Prunes a (possibly already masked) net to `sparsity` of its matrix weights
// by global magnitude: the step of iterative magnitude pruning.
Compressed pruneToSparsity(const Net& net, double sparsity);
// 2:4 sparsity: two of every four weights at 16 bits + a 2-bit index each.
Compressed nm24(const Net& net);
// Round-to-nearest at `bits` with one 16-bit scale per `group` weights.
Compressed roundToNearest(const Net& net, int bits, int group);
// Truncated SVD of every matrix, ranks in proportion to each one's size.
std::optional<Compressed> lowRank(const Net& net, double ratio);
// Removes the least important units (‖in‖·‖out‖), the same share from every
// layer, until the target is met.
std::optional<Compressed> removeUnits(const Net& net, double ratio, const std::vector<Unit>& units);

// Ratio of the stored size removed.
double ratioOf(const Net& dense, double storedBits);

}  // namespace rs::trials
