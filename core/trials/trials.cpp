// Compression trials on LibTorch. No Qt header may appear here (DESIGN.md).
#include "core/trials/trials.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <thread>

namespace rs::trials {
namespace {

// The capability suite: sequences of kLength tokens over kVocab symbols and
// one task id; each task asks for one output token.
//   suite_copy      the token at a queried position (in-context retrieval)
//   suite_majority  the most frequent token (aggregation; ties: the smallest)
//   suite_modsum    the sum of the first four tokens mod kVocab (multi-step arithmetic)
constexpr int kVocab = 16, kLength = 8, kTasks = 3;
const char* kTaskNames[kTasks] = {"suite_copy", "suite_majority", "suite_modsum"};
constexpr int kInput = kLength * kVocab + kTasks;

struct Batch {
  torch::Tensor x, y;
};

// `count` examples of `task`, deterministic for the generator.
Batch makeBatch(int task, int count, torch::Generator& gen) {
  auto tokens = torch::randint(0, kVocab, {count, kLength}, gen, torch::kLong);
  torch::Tensor target;
  if (task == 0) {
    // Last token is the query position (0..kLength-2); target is the token there.
    auto pos = torch::randint(0, kLength - 1, {count}, gen, torch::kLong);
    tokens.index_put_({torch::indexing::Slice(), kLength - 1}, pos);
    target = tokens.gather(1, pos.unsqueeze(1)).squeeze(1);
  } else if (task == 1) {
    auto counts = torch::zeros({count, kVocab}, torch::kLong).scatter_add_(1, tokens, torch::ones_like(tokens));
    target = counts.argmax(1);  // argmax returns the first maximum: the smallest token on ties
  } else {
    target = tokens.index({torch::indexing::Slice(), torch::indexing::Slice(0, 4)}).sum(1).remainder(kVocab);
  }
  auto x = torch::zeros({count, kInput});
  x.index_put_({torch::indexing::Slice(), torch::indexing::Slice(0, kLength * kVocab)},
               torch::one_hot(tokens, kVocab).reshape({count, kLength * kVocab}).to(torch::kFloat));
  x.index_put_({torch::indexing::Slice(), kLength * kVocab + task}, 1.0);
  return {x, target};
}

struct Layer {
  torch::Tensor w, b;
};
using Model = std::vector<Layer>;

torch::Tensor forward(const Model& m, torch::Tensor x) {
  for (std::size_t i = 0; i < m.size(); ++i) {
    x = torch::addmm(m[i].b, x, m[i].w.t());
    if (i + 1 < m.size()) x = torch::relu(x);
  }
  return x;
}

double paramCount(const Model& m) {
  double n = 0;
  for (const Layer& l : m) n += static_cast<double>(l.w.numel() + l.b.numel());
  return n;
}
double weightCount(const Model& m) {
  double n = 0;
  for (const Layer& l : m) n += static_cast<double>(l.w.numel());
  return n;
}
double biasBits(const Model& m) {
  double n = 0;
  for (const Layer& l : m) n += 16.0 * static_cast<double>(l.b.numel());
  return n;
}

Model train(const ModelSpec& spec, std::int64_t seed, int steps, torch::Device device, double& tokensSeen) {
  torch::AutoGradMode gradients(true);  // whatever mode the caller is in
  torch::manual_seed(static_cast<std::uint64_t>(seed));
  Model m;
  int in = kInput;
  for (int i = 0; i <= spec.layers; ++i) {
    const int out = i == spec.layers ? kVocab : spec.hidden;
    auto lin = torch::nn::Linear(in, out);  // PyTorch's default initialisation
    m.push_back({lin->weight.detach().clone().to(device).requires_grad_(true), lin->bias.detach().clone().to(device).requires_grad_(true)});
    in = out;
  }
  std::vector<torch::Tensor> params;
  for (Layer& l : m) params.insert(params.end(), {l.w, l.b});
  torch::optim::Adam opt(params, torch::optim::AdamOptions(2e-3));
  auto gen = at::detail::createCPUGenerator(static_cast<std::uint64_t>(seed) * 7919 + 1);
  const int batch = 256;
  for (int step = 0; step < steps; ++step) {
    const int task = step % kTasks;
    Batch b = makeBatch(task, batch, gen);
    auto loss = torch::nn::functional::cross_entropy(forward(m, b.x.to(device)), b.y.to(device));
    opt.zero_grad();
    loss.backward();
    opt.step();
  }
  tokensSeen = static_cast<double>(steps) * batch * kLength;
  for (Layer& l : m) {
    l.w = l.w.detach();
    l.b = l.b.detach();
  }
  return m;
}

// Held-out evaluation: a fixed seed, disjoint from training's generators.
std::vector<TaskResult> evaluate(const Model& m, torch::Device device, double& latencyMs) {
  torch::NoGradGuard noGrad;
  auto gen = at::detail::createCPUGenerator(424242);
  const int n = 2000;
  std::vector<TaskResult> out;
  double lossSum = 0;
  double seconds = 0;
  for (int t = 0; t < kTasks; ++t) {
    Batch b = makeBatch(t, n, gen);
    const auto start = std::chrono::steady_clock::now();
    auto logits = forward(m, b.x.to(device));
    if (device.is_cuda()) torch::cuda::synchronize();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double acc = logits.argmax(1).eq(b.y.to(device)).to(torch::kFloat).mean().item<double>();
    lossSum += torch::nn::functional::cross_entropy(logits, b.y.to(device)).item<double>();
    out.push_back({kTaskNames[t], acc, std::sqrt(acc * (1 - acc) / n), n});
  }
  out.push_back({"loss", lossSum / kTasks, std::nullopt, static_cast<std::int64_t>(n) * kTasks});
  latencyMs = seconds * 1e3 / (n * kTasks);
  return out;
}

// --- compression, each returning the compressed weights and their stored bits ---

struct Compressed {
  Model model;
  double weightBits = 0;  // stored bits of the weights (biases counted separately)
  double keptParams = 0;
  std::optional<double> bits, sparsity, rank;
};

Compressed magnitude(const Model& m, double sparsity) {
  std::vector<torch::Tensor> all;
  for (const Layer& l : m) all.push_back(l.w.abs().flatten());
  const auto flat = torch::cat(all);
  const std::int64_t prune = static_cast<std::int64_t>(std::llround(sparsity * static_cast<double>(flat.numel())));
  Compressed c{m, 0, 0, 16.0, sparsity, std::nullopt};
  if (prune > 0) {
    // Global threshold: the prune-th smallest magnitude.
    const double threshold = std::get<0>(flat.kthvalue(prune)).item<double>();
    for (Layer& l : c.model) l.w = l.w * (l.w.abs() > threshold);
  }
  const double total = weightCount(m);
  double kept = 0;
  for (const Layer& l : c.model) kept += static_cast<double>(l.w.ne(0).sum().item<std::int64_t>());
  c.keptParams = kept + (paramCount(m) - total);
  c.sparsity = 1 - kept / total;
  c.weightBits = kept * 16 + total * 1;  // values + bitmask
  return c;
}

Compressed nm24(const Model& m) {
  Compressed c{m, 0, 0, 16.0, 0.5, std::nullopt};
  for (Layer& l : c.model) {
    auto w = l.w.reshape({-1, 4});  // input sizes here are multiples of 4
    auto idx = std::get<1>(w.abs().topk(2, 1));
    auto mask = torch::zeros_like(w).scatter_(1, idx, 1.0);
    l.w = (w * mask).reshape(l.w.sizes());
  }
  const double total = weightCount(m);
  c.keptParams = total / 2 + (paramCount(m) - total);
  c.weightBits = total / 2 * (16 + 2);  // kept values + 2-bit position each
  return c;
}

Compressed rtn(const Model& m, int bits, int group) {
  Compressed c{m, 0, paramCount(m), static_cast<double>(bits), 0.0, std::nullopt};
  const double levels = bits >= 2 ? std::pow(2.0, bits - 1) - 1 : 1;
  for (Layer& l : c.model) {
    auto w = l.w.reshape({-1, group});
    if (bits >= 2) {
      auto scale = w.abs().amax(1, true).clamp_min(1e-12) / levels;
      w = (w / scale).round().clamp(-levels, levels) * scale;
    } else {
      w = w.sign() * w.abs().mean(1, true);
    }
    l.w = w.reshape(l.w.sizes());
  }
  c.weightBits = weightCount(m) * (bits + 16.0 / group);
  return c;
}

Compressed lowrank(const Model& m, double ratio) {
  Compressed c{m, 0, 0, 16.0, std::nullopt, std::nullopt};
  double bits = 0, kept = 0, rankSum = 0;
  for (Layer& l : c.model) {
    const double rows = static_cast<double>(l.w.size(0)), cols = static_cast<double>(l.w.size(1));
    const std::int64_t k = std::max<std::int64_t>(1, static_cast<std::int64_t>((1 - ratio) * rows * cols / (rows + cols)));
    if (k >= std::min(l.w.size(0), l.w.size(1))) {
      bits += rows * cols * 16;
      kept += rows * cols;
      rankSum += static_cast<double>(std::min(l.w.size(0), l.w.size(1)));
      continue;
    }
    auto [u, s, vh] = torch::linalg::svd(l.w, false, c10::nullopt);
    l.w = torch::matmul(u.index({torch::indexing::Slice(), torch::indexing::Slice(0, k)}) * s.index({torch::indexing::Slice(0, k)}),
                        vh.index({torch::indexing::Slice(0, k)}));
    bits += (rows + cols) * static_cast<double>(k) * 16;
    kept += (rows + cols) * static_cast<double>(k);
    rankSum += static_cast<double>(k);
  }
  c.weightBits = bits;
  c.keptParams = kept + (paramCount(m) - weightCount(m));
  c.rank = rankSum / static_cast<double>(m.size());  // mean rank over layers
  return c;
}

// Removes whole hidden neurons, lowest |in-weights|·|out-weights| first,
// until the stored size is at most (1 − ratio) of the dense size.
Compressed structured(const Model& m, double ratio) {
  Compressed c{m, 0, 0, 16.0, std::nullopt, std::nullopt};
  // Tensors are shared handles: clone before zeroing in place, or the dense
  // model (the teacher, and the start of every other method) changes too.
  for (Layer& l : c.model) {
    l.w = l.w.clone();
    l.b = l.b.clone();
  }
  struct Neuron { std::size_t layer; std::int64_t index; double score, bits; };
  std::vector<Neuron> neurons;
  for (std::size_t l = 0; l + 1 < m.size(); ++l) {
    const auto in = m[l].w.norm(2, {1});       // per neuron of layer l's output
    const auto out = m[l + 1].w.norm(2, {0});  // its weights into the next layer
    const double cost = 16.0 * static_cast<double>(m[l].w.size(1) + 1 + m[l + 1].w.size(0));
    for (std::int64_t i = 0; i < m[l].w.size(0); ++i)
      neurons.push_back({l, i, (in[i] * out[i]).item<double>(), cost});
  }
  std::stable_sort(neurons.begin(), neurons.end(), [](const Neuron& a, const Neuron& b) { return a.score < b.score; });
  const double denseBits = weightCount(m) * 16 + biasBits(m);
  double bits = denseBits, removed = 0;
  std::vector<std::vector<bool>> gone(m.size());
  for (std::size_t l = 0; l < m.size(); ++l) gone[l].assign(static_cast<std::size_t>(m[l].w.size(0)), false);
  for (const Neuron& n : neurons) {
    if (bits <= (1 - ratio) * denseBits) break;
    // Keep at least one neuron per layer so the network stays connected.
    const auto& g = gone[n.layer];
    if (std::count(g.begin(), g.end(), false) <= 1) continue;
    gone[n.layer][static_cast<std::size_t>(n.index)] = true;
    bits -= n.bits;
    removed += n.bits / 16;
    c.model[n.layer].w[n.index].zero_();
    c.model[n.layer].b[n.index].zero_();
    c.model[n.layer + 1].w.index_put_({torch::indexing::Slice(), n.index}, 0.0);
  }
  c.weightBits = bits - biasBits(m);  // biases are added back by the caller
  c.keptParams = paramCount(m) - removed;
  c.sparsity = removed / paramCount(m);
  return c;
}

// Recovery fine-tuning with the pruning mask held (zeros stay zero). With
// `holdNeurons` (structured pruning) a removed neuron's bias stays zero too.
void recover(Model& m, const Model& teacher, int steps, bool distill, std::int64_t seed, torch::Device device, bool holdNeurons) {
  torch::AutoGradMode gradients(true);
  std::vector<torch::Tensor> masks, biasMasks, params;
  for (Layer& l : m) {
    masks.push_back(l.w.ne(0).to(torch::kFloat));
    biasMasks.push_back(holdNeurons ? l.w.ne(0).any(1).to(torch::kFloat) : torch::ones_like(l.b));
    l.w = l.w.clone().requires_grad_(true);
    l.b = l.b.clone().requires_grad_(true);
    params.insert(params.end(), {l.w, l.b});
  }
  torch::optim::Adam opt(params, torch::optim::AdamOptions(5e-4));
  auto gen = at::detail::createCPUGenerator(static_cast<std::uint64_t>(seed) * 104729 + 3);
  for (int step = 0; step < steps; ++step) {
    Batch b = makeBatch(step % kTasks, 256, gen);
    const auto x = b.x.to(device);
    const auto logits = forward(m, x);
    torch::Tensor loss;
    if (distill) {
      torch::Tensor target;
      {
        torch::NoGradGuard noGrad;  // the teacher only supplies targets
        target = torch::softmax(forward(teacher, x), 1);
      }
      // KL(teacher || student), averaged over the batch ("batchmean").
      loss = torch::kl_div(torch::log_softmax(logits, 1), target, at::Reduction::Sum) / static_cast<double>(logits.size(0));
    } else {
      loss = torch::nn::functional::cross_entropy(logits, b.y.to(device));
    }
    opt.zero_grad();
    loss.backward();
    opt.step();
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < m.size(); ++i) {
      m[i].w.mul_(masks[i]);
      m[i].b.mul_(biasMasks[i]);
    }
  }
  for (Layer& l : m) {
    l.w = l.w.detach();
    l.b = l.b.detach();
  }
}

}  // namespace

const std::vector<ModelSpec>& modelCatalogue() {
  static const std::vector<ModelSpec> models = {
      {"mlp-tiny", "MLP, 2 hidden layers of 64 (~13k parameters)", 64, 2},
      {"mlp-small", "MLP, 2 hidden layers of 256 (~103k parameters)", 256, 2},
      {"mlp-medium", "MLP, 3 hidden layers of 512 (~600k parameters)", 512, 3},
  };
  return models;
}

int plannedRuns(const TrialOptions& o) {
  int perSeed = 1;  // the dense run
  for (const std::string& m : o.methods) {
    if (m == "nm24") perSeed += 1;
    else if (m == "rtn") perSeed += static_cast<int>(o.bits.size());
    else
      for (double r : o.ratios) perSeed += r > 0 && (m != "magnitude" || r + 1.0 / 16 <= 1);
  }
  return perSeed * static_cast<int>(o.seeds.size());
}

std::vector<std::string> methodCatalogue() { return {"magnitude", "structured", "nm24", "rtn", "lowrank"}; }

namespace {
std::string runTrialsUnchecked(const TrialOptions& o, const std::function<void(const TrialRun&)>& onRun);
}

std::string runTrials(const TrialOptions& o, const std::function<void(const TrialRun&)>& onRun) {
  // LibTorch reports failures (out of memory, a CUDA error) as exceptions:
  // they become the sweep's message, never a crash.
  try {
    return runTrialsUnchecked(o, onRun);
  } catch (const std::exception& e) {
    const std::string what = e.what();
    return "LibTorch failed: " + what.substr(0, what.find('\n'));
  }
}

namespace {
std::string runTrialsUnchecked(const TrialOptions& o, const std::function<void(const TrialRun&)>& onRun) {
  const ModelSpec* spec = nullptr;
  for (const ModelSpec& m : modelCatalogue())
    if (m.name == o.model) spec = &m;
  if (!spec) return "unknown model '" + o.model + "'; see trial --list";
  const std::vector<std::string> methods = methodCatalogue();
  for (const std::string& method : o.methods)
    if (std::find(methods.begin(), methods.end(), method) == methods.end())
      return "unknown method '" + method + "'; methods: magnitude, structured, nm24, rtn, lowrank";
  for (double r : o.ratios)
    if (!(r >= 0 && r < 1)) return "ratio " + std::to_string(r) + " is outside [0, 1)";
  for (int b : o.bits)
    if (b < 1 || b > 8) return "bits must be between 1 and 8";
  const bool cuda = torch::cuda::is_available();
  if (o.device == "cuda" && !cuda) return "--device cuda: no CUDA device is available to LibTorch";
  if (o.device != "auto" && o.device != "cpu" && o.device != "cuda") return "--device must be auto, cpu or cuda";
  const torch::Device device = (o.device == "cuda" || (o.device == "auto" && cuda)) ? torch::kCUDA : torch::kCPU;
  // LibTorch starts with one intra-op thread here; use the cores we have.
  at::set_num_threads(o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));

  for (std::int64_t seed : o.seeds) {
    double tokens = 0;
    const Model dense = train(*spec, seed, o.train_steps, device, tokens);
    const double denseBits = weightCount(dense) * 16 + biasBits(dense);
    auto emit = [&](const std::string& baseMethod, const Compressed* input) {
      if (o.cancelled && o.cancelled()) return;
      // Pruned models may get recovery fine-tuning with the mask held.
      std::optional<Compressed> recovered;
      std::string method = baseMethod;
      const bool prunes = baseMethod == "magnitude" || baseMethod == "structured" || baseMethod == "nm24";
      if (input && prunes && o.rft_steps > 0) {
        recovered = *input;
        recover(recovered->model, dense, o.rft_steps, o.distill, seed, device, baseMethod == "structured");
        method += o.distill ? "+kd" : "+rft";
      }
      const Compressed* c = recovered ? &*recovered : input;
      TrialRun run;
      run.family = "suite-mlp";
      run.model = spec->name;
      run.method = method;
      run.params = paramCount(dense);
      run.tokens = tokens;
      run.seed = seed;
      run.device = device.is_cuda() ? "cuda" : "cpu";
      const Model& m = c ? c->model : dense;
      run.metrics = evaluate(m, device, run.latency_ms);
      const double bits = c ? c->weightBits + biasBits(dense) : denseBits;
      run.size_bytes = bits / 8;
      run.ratio = 1 - bits / denseBits;
      run.kept_params = c ? c->keptParams : paramCount(dense);
      if (c) {
        run.bits = c->bits;
        run.sparsity = c->sparsity;
        run.rank = c->rank;
      }
      if (recovered) {
        run.rft_tokens = static_cast<double>(o.rft_steps) * 256 * kLength;
        run.distilled = o.distill;
      }
      onRun(run);
    };
    emit("dense", nullptr);
    for (const std::string& method : o.methods) {
      if (method == "nm24") {
        const Compressed c = nm24(dense);
        emit(method, &c);
      } else if (method == "rtn") {
        for (int b : o.bits) {
          const Compressed c = rtn(dense, b, o.group_size);
          emit(method, &c);
        }
      } else {
        for (double r : o.ratios) {
          if (r == 0) continue;  // the dense run
          if (method == "magnitude") {
            const double sparsity = r + 1.0 / 16;  // the mask costs 1 of 16 bits per weight
            if (sparsity > 1) continue;
            const Compressed c = magnitude(dense, sparsity);
            emit(method, &c);
          } else if (method == "structured") {
            const Compressed c = structured(dense, r);
            emit(method, &c);
          } else {
            const Compressed c = lowrank(dense, r);
            emit(method, &c);
          }
        }
      }
    }
  }
  return "";
}

}  // namespace

}  // namespace rs::trials
