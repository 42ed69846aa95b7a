#pragma once
// The trial models as named tensors: an MLP over the one-hot sequence, and a
// pre-norm decoder-only transformer. Compression methods see one list of
// weight matrices ([out, in]) whatever the architecture, and structured
// pruning sees "units" (a hidden neuron, an attention head) as slices of them.
// Internal to core/trials.
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/trials/trials.h"

namespace rs::trials {

struct Net {
  ModelSpec spec;
  std::map<std::string, torch::Tensor> p;  // every parameter, by name
  std::vector<std::string> matrices;       // the compressible weight matrices
};

// Seeded initialisation on `device`.
Net initNet(const ModelSpec& spec, std::int64_t seed, torch::Device device);
// A deep copy (tensors are shared handles; methods must never alter the dense model).
Net cloneNet(const Net& net);
// Logits for the next token: [batch, kLength, vocab] for the transformer
// (every position, causal), [batch, 1, vocab] for the MLP (last position).
torch::Tensor forward(const Net& net, const torch::Tensor& tokens);

double paramCount(const Net& net);
double matrixWeightCount(const Net& net);
// Stored bits of the dense model (16 per parameter), and of what no method
// compresses (biases, norms, embeddings, the output layer of the transformer).
double denseBits(const Net& net);
double fixedBits(const Net& net);

// A unit of structured pruning: slices of parameters removed together. `in`
// feeds the unit, `out` carries its output onwards; its importance is
// ‖in‖·‖out‖ over the weight slices.
struct UnitSlice {
  std::string name;
  int dim = 0;
  std::int64_t begin = 0, end = 0;
};
struct Unit {
  std::string group;  // units of one group: at least one must stay
  std::vector<UnitSlice> in, out;
  double params = 0;
};
std::vector<Unit> neuronUnits(const Net& net);  // MLP hidden neurons; transformer FFN neurons
std::vector<Unit> headUnits(const Net& net);    // transformer attention heads (none for the MLP)

}  // namespace rs::trials
