#include "core/trials/network.h"

#include <cmath>

#include "core/trials/suite.h"

namespace rs::trials {
namespace {
using torch::indexing::Slice;

std::string layer(int i, const char* part) { return "l" + std::to_string(i) + "." + part; }

void addMlp(Net& net) {
  int in = suite::kLength * suite::kVocab;
  for (int i = 0; i <= net.spec.layers; ++i) {
    const int out = i == net.spec.layers ? suite::kVocab : net.spec.hidden;
    auto lin = torch::nn::Linear(in, out);  // PyTorch's default initialisation
    net.p[layer(i, "w")] = lin->weight.detach().clone();
    net.p[layer(i, "b")] = lin->bias.detach().clone();
    net.matrices.push_back(layer(i, "w"));
    in = out;
  }
}

// Weights and embeddings N(0, 1/d), positions half that; residual
// projections scaled by 1/√(2L) as in GPT-2. GPT-2's fixed 0.02 is about
// 1/√d for widths in the thousands: at our widths of 12 to 80 it started the
// models 5 to 9 times smaller than this, and they learned so slowly that
// every size up to 28k parameters stalled near 1.0 nats on the facts at 20
// tokens per parameter (issue #16; datasets/README.md, "Initialisation,
// family and learning rate").
void addTransformer(Net& net) {
  const int d = net.spec.hidden, L = net.spec.layers, ff = 4 * d;
  const double sd = 1 / std::sqrt(static_cast<double>(d)), residual = sd / std::sqrt(2.0 * L);
  net.p["emb"] = torch::randn({suite::kVocab, d}) * sd;
  net.p["pos"] = torch::randn({suite::kLength, d}) * (sd / 2);
  for (int i = 0; i < L; ++i) {
    net.p[layer(i, "ln1.g")] = torch::ones({d});
    net.p[layer(i, "ln1.b")] = torch::zeros({d});
    net.p[layer(i, "qkv.w")] = torch::randn({3 * d, d}) * sd;
    net.p[layer(i, "qkv.b")] = torch::zeros({3 * d});
    net.p[layer(i, "o.w")] = torch::randn({d, d}) * residual;
    net.p[layer(i, "o.b")] = torch::zeros({d});
    net.p[layer(i, "ln2.g")] = torch::ones({d});
    net.p[layer(i, "ln2.b")] = torch::zeros({d});
    net.p[layer(i, "fc1.w")] = torch::randn({ff, d}) * sd;
    net.p[layer(i, "fc1.b")] = torch::zeros({ff});
    net.p[layer(i, "fc2.w")] = torch::randn({d, ff}) * residual;
    net.p[layer(i, "fc2.b")] = torch::zeros({d});
    for (const char* m : {"qkv.w", "o.w", "fc1.w", "fc2.w"}) net.matrices.push_back(layer(i, m));
  }
  net.p["lnf.g"] = torch::ones({d});
  net.p["lnf.b"] = torch::zeros({d});
  net.p["out.w"] = torch::randn({suite::kVocab, d}) * sd;
  net.p["out.b"] = torch::zeros({suite::kVocab});
}

torch::Tensor forwardMlp(const Net& net, const torch::Tensor& tokens) {
  auto x = torch::one_hot(tokens, suite::kVocab).to(torch::kFloat).flatten(1);
  for (int i = 0; i <= net.spec.layers; ++i) {
    x = torch::linear(x, net.p.at(layer(i, "w")), net.p.at(layer(i, "b")));
    if (i < net.spec.layers) x = torch::relu(x);
  }
  return x.unsqueeze(1);
}

torch::Tensor forwardTransformer(const Net& net, const torch::Tensor& tokens) {
  const auto& p = net.p;
  const std::int64_t B = tokens.size(0), T = tokens.size(1), d = net.spec.hidden, H = net.spec.heads, dh = d / H;
  auto x = torch::embedding(p.at("emb"), tokens) + p.at("pos").index({Slice(0, T)});
  const auto causal = torch::full({T, T}, -std::numeric_limits<float>::infinity(), x.options()).triu(1);
  for (int i = 0; i < net.spec.layers; ++i) {
    auto h = torch::layer_norm(x, {d}, p.at(layer(i, "ln1.g")), p.at(layer(i, "ln1.b")));
    auto qkv = torch::linear(h, p.at(layer(i, "qkv.w")), p.at(layer(i, "qkv.b"))).view({B, T, 3, H, dh}).permute({2, 0, 3, 1, 4});
    auto scores = torch::matmul(qkv[0], qkv[1].transpose(-2, -1)) / std::sqrt(static_cast<double>(dh)) + causal;
    auto y = torch::matmul(torch::softmax(scores, -1), qkv[2]).transpose(1, 2).reshape({B, T, d});
    x = x + torch::linear(y, p.at(layer(i, "o.w")), p.at(layer(i, "o.b")));
    h = torch::layer_norm(x, {d}, p.at(layer(i, "ln2.g")), p.at(layer(i, "ln2.b")));
    x = x + torch::linear(torch::gelu(torch::linear(h, p.at(layer(i, "fc1.w")), p.at(layer(i, "fc1.b")))), p.at(layer(i, "fc2.w")),
                          p.at(layer(i, "fc2.b")));
  }
  x = torch::layer_norm(x, {d}, p.at("lnf.g"), p.at("lnf.b"));
  return torch::linear(x, p.at("out.w"), p.at("out.b"));
}

}  // namespace

Net initNet(const ModelSpec& spec, std::int64_t seed, torch::Device device) {
  torch::manual_seed(static_cast<std::uint64_t>(seed));
  Net net;
  net.spec = spec;
  if (spec.kind == "transformer") addTransformer(net);
  else addMlp(net);
  for (auto& [name, t] : net.p) t = t.to(device);
  return net;
}

Net cloneNet(const Net& net) {
  Net copy = net;
  for (auto& [name, t] : copy.p) t = t.detach().clone();
  return copy;
}

torch::Tensor forward(const Net& net, const torch::Tensor& tokens) {
  return net.spec.kind == "transformer" ? forwardTransformer(net, tokens) : forwardMlp(net, tokens);
}

double paramCount(const Net& net) {
  double n = 0;
  for (const auto& [name, t] : net.p) n += static_cast<double>(t.numel());
  return n;
}
double matrixWeightCount(const Net& net) {
  double n = 0;
  for (const std::string& m : net.matrices) n += static_cast<double>(net.p.at(m).numel());
  return n;
}
double denseBits(const Net& net) { return 16 * paramCount(net); }
double fixedBits(const Net& net) { return 16 * (paramCount(net) - matrixWeightCount(net)); }

std::vector<Unit> neuronUnits(const Net& net) {
  std::vector<Unit> units;
  const bool transformer = net.spec.kind == "transformer";
  // MLP: the hidden layers l0..l(L-1); transformer: every block's FFN.
  for (int i = 0; i < net.spec.layers; ++i) {
    const std::string inW = transformer ? layer(i, "fc1.w") : layer(i, "w"), inB = transformer ? layer(i, "fc1.b") : layer(i, "b");
    const std::string outW = transformer ? layer(i, "fc2.w") : layer(i + 1, "w");
    const auto& w = net.p.at(inW);
    for (std::int64_t j = 0; j < w.size(0); ++j)
      units.push_back({inW, {{inW, 0, j, j + 1}, {inB, 0, j, j + 1}}, {{outW, 1, j, j + 1}},
                       static_cast<double>(w.size(1) + 1 + net.p.at(outW).size(0))});
  }
  return units;
}

std::vector<Unit> headUnits(const Net& net) {
  std::vector<Unit> units;
  if (net.spec.kind != "transformer") return units;
  const std::int64_t d = net.spec.hidden, dh = d / net.spec.heads;
  for (int i = 0; i < net.spec.layers; ++i)
    for (std::int64_t h = 0; h < net.spec.heads; ++h) {
      Unit u{layer(i, "qkv"), {}, {{layer(i, "o.w"), 1, h * dh, (h + 1) * dh}}, 0};
      for (std::int64_t part = 0; part < 3; ++part) {  // the head's query, key and value rows
        u.in.push_back({layer(i, "qkv.w"), 0, part * d + h * dh, part * d + (h + 1) * dh});
        u.in.push_back({layer(i, "qkv.b"), 0, part * d + h * dh, part * d + (h + 1) * dh});
      }
      u.params = static_cast<double>(3 * dh * d + 3 * dh + d * dh);
      units.push_back(std::move(u));
    }
  return units;
}

}  // namespace rs::trials
