// The trial sweep: obtain each dense model (cache or training), compress it
// with every requested method and ratio, evaluate, and hand each run over as
// it lands. No Qt header may appear here (README, Architecture).
#include "core/trials/trials.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <thread>

#include "core/trials/checkpoint_cache.h"
#include "core/trials/compress.h"
#include "core/trials/suite.h"
#include "core/trials/training.h"

namespace rs::trials {
namespace {

constexpr double kRecoveryLearningRate = 5e-4;
const std::vector<std::string> kMethods = {"magnitude", "magnitude-layer", "structured", "heads", "nm24", "rtn", "lowrank", "imp"};
bool ratioMethod(const std::string& m) { return m != "nm24" && m != "rtn"; }

const ModelSpec* findModel(const std::string& name) {
  for (const ModelSpec& m : modelCatalogue())
    if (m.name == name) return &m;
  return nullptr;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string validate(const TrialOptions& o) {
  const ModelSpec* spec = findModel(o.model);
  if (!spec) return "unknown model '" + o.model + "'; see trial --list";
  for (const std::string& b : o.baselines) {
    const ModelSpec* base = findModel(b);
    if (!base) return "unknown baseline model '" + b + "'; see trial --list";
    if (base->kind != spec->kind) return "baseline '" + b + "' is not a " + spec->kind + " like '" + o.model + "': native baselines share the family";
  }
  for (const std::string& method : o.methods) {
    if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end())
      return "unknown method '" + method + "'; methods: " + join(kMethods);
    if (method == "heads" && spec->kind != "transformer") return "method 'heads' prunes attention heads: '" + o.model + "' has none";
  }
  for (double r : o.ratios)
    if (!(r >= 0 && r < 1)) return "ratio " + std::to_string(r) + " is outside [0, 1)";
  for (int b : o.bits)
    if (b < 1 || b > 8) return "bits must be between 1 and 8";
  if (o.group_size < 1) return "the RTN group size must be positive";
  if (o.seeds.empty()) return "give at least one seed";
  if (o.learning_rate != kModelsLearningRate && !validLearningRate(o.learning_rate)) return "the learning rate must be in (0, 1]";
  if (o.train_steps < 1 && o.tokens_per_param <= 0) return "training needs at least one step";
  if (o.device != "auto" && o.device != "cpu" && o.device != "cuda") return "--device must be auto, cpu or cuda";
  if (o.device == "cuda" && !torch::cuda::is_available()) return "--device cuda: no CUDA device is available to LibTorch";
  return "";
}

int stepsFor(const TrialOptions& o, const Net& net) {
  if (o.tokens_per_param <= 0) return o.train_steps;
  return std::max(1, static_cast<int>(std::ceil(o.tokens_per_param * paramCount(net) / tokensPerStep())));
}

// Everything that determines the trained weights, for the cache key.
std::string configuration(const Net& net, std::int64_t seed, int steps, double lr, int rewindStep) {
  std::ostringstream key;
  key << "suite-v" << suite::kVersion << " " << net.spec.kind << " " << net.spec.hidden << "x" << net.spec.layers << " heads " << net.spec.heads << " seed " << seed
      << " steps " << steps << " lr " << lr << " batch " << kExamplesPerTask << " rewind " << rewindStep;
  // The transformer's initialisation changed (network.cpp); a checkpoint of
  // the old one must train again.
  if (net.spec.kind == "transformer") key << " init 1/sqrt(width)";
  return key.str();
}

// The IMP rewind point: early in training (Frankle et al. rewind to a few
// percent of it), where the weights are no longer their initialisation.
int rewindStepFor(int steps) { return std::max(1, steps / 20); }

// Methods whose runs are retrained under their pruning mask when recovery is
// asked for (emitPruned); low-rank and RTN runs keep no mask.
bool recoverable(const std::string& m) { return m == "magnitude" || m == "magnitude-layer" || m == "structured" || m == "heads" || m == "nm24"; }

struct Sweep {
  const TrialOptions& o;
  const std::function<void(const TrialRun&)>& onRun;
  torch::Device device;
  // Progress in parameter-weighted training steps (a step of a model with N
  // parameters costs N; an evaluation evaluationCostInSteps() steps).
  double total = 0, done = 0, reported = -1;

  void note(const std::string& text) const {
    if (o.on_note) o.on_note(text);
  }
  bool cancelled() const { return o.cancelled && o.cancelled(); }
  // The sweep's rate when it names one, else the model's own.
  double learningRate(const ModelSpec& spec) const { return o.learning_rate == kModelsLearningRate ? spec.learning_rate : o.learning_rate; }

  // A recovery step's work in training steps: distilling adds the teacher's
  // forward pass (a third of a step).
  double recoveryStep() const { return o.distill ? 4.0 / 3 : 1.0; }

  void advance(double work) {
    done += work;
    if (!o.on_progress || total <= 0) return;
    const double f = std::min(1.0, done / total);
    // About a thousand reports a sweep: each one crosses to the GUI thread.
    if (f - reported >= 1e-3 || (f >= 1 && reported < 1)) {
      reported = f;
      o.on_progress(f);
    }
  }

  // The work of one seed, planned as the sweep will do it (runs a method
  // cannot reach count too: advance() adds them when they are skipped).
  double plannedWork(const ModelSpec& spec) const {
    const Net net = initNet(spec, 1, torch::kCPU);
    const double n = paramCount(net), steps = stepsFor(o, net), eval = evaluationCostInSteps();
    const double rft = o.rft_steps * recoveryStep();
    double work = (steps + eval) * n;
    for (const std::string& m : o.methods) {
      const double ratios = static_cast<double>(std::count_if(o.ratios.begin(), o.ratios.end(), [](double r) { return r > 0; }));
      if (m == "rtn") work += o.bits.size() * eval * n;
      else if (m == "nm24") work += (eval + rft) * n;
      else if (m == "imp") work += ratios * (steps - rewindStepFor(static_cast<int>(steps)) + eval) * n;
      else work += ratios * (eval + (recoverable(m) ? rft : 0)) * n;
    }
    return work;
  }
  double plannedBaselineWork(const ModelSpec& spec) const {
    const Net net = initNet(spec, 1, torch::kCPU);
    return (stepsFor(o, net) + evaluationCostInSteps()) * paramCount(net);
  }

  // The dense model and its rewind point, from the cache or trained now.
  std::optional<DenseCheckpoint> dense(const ModelSpec& spec, std::int64_t seed, int& steps) {
    Net net = initNet(spec, seed, device);
    steps = stepsFor(o, net);
    const int rewind = rewindStepFor(steps);
    const std::string directory = checkpointDirectory(o.cache_dir);
    const std::string trainedWith = configuration(net, seed, steps, learningRate(spec), rewind);
    const std::string path = directory.empty() ? "" : checkpointPath(directory, trainedWith, spec.name, seed);
    std::string distrust;
    if (auto cached = loadCheckpoint(path, net, trainedWith, distrust)) {
      note(spec.name + " seed " + std::to_string(seed) + ": trained checkpoint loaded from " + path);
      advance(steps * paramCount(net));
      return cached;
    }
    if (!distrust.empty()) note("warning: the cached checkpoint " + path + " " + distrust + "; training " + spec.name + " again");
    note(spec.name + " seed " + std::to_string(seed) + ": training " + std::to_string(steps) + " steps");
    DenseCheckpoint c{net, cloneNet(net)};
    TrainSettings s;
    s.steps = steps;
    s.lr = learningRate(spec);
    s.dataSeed = static_cast<std::uint64_t>(seed) * 7919 + 1;
    s.snapshotAt = rewind;
    s.snapshot = &c.rewind;
    s.cancelled = o.cancelled;
    s.stepped = [this, n = paramCount(net)] { advance(n); };
    if (!train(c.final, s)) return std::nullopt;
    if (std::string why = saveCheckpoint(path, c, trainedWith); !why.empty()) note("warning: " + spec.name + " seed " + std::to_string(seed) + ": " + why);
    return c;
  }

  // `retrainedTokens`: training after compression that is not recovery
  // fine-tuning (IMP's retraining rounds), recorded as rft_tokens so the
  // data-confound check sees training the native baseline did not get.
  void emit(const Net& dense, std::int64_t seed, int steps, const std::string& method, const Compressed* c, bool recovered,
            double retrainedTokens = 0) {
    if (cancelled()) return;
    TrialRun run;
    run.family = "suite-" + dense.spec.kind;
    run.model = dense.spec.name;
    run.method = method;
    run.params = paramCount(dense);
    run.tokens = steps * tokensPerStep();
    run.seed = seed;
    run.learning_rate = learningRate(dense.spec);
    run.models_learning_rate = run.learning_rate == dense.spec.learning_rate;
    run.device = device.is_cuda() ? "cuda" : "cpu";
    run.metrics = evaluate(c ? c->net : dense, run.latency_ms);
    advance(evaluationCostInSteps() * paramCount(dense));
    const double bits = c ? c->storedBits : denseBits(dense);
    run.size_bytes = bits / 8;
    run.ratio = ratioOf(dense, bits);
    run.kept_params = c ? c->keptParams : paramCount(dense);
    if (c) {
      if (method == "rtn") run.group_size = o.group_size;
      run.bits = c->bits;
      run.sparsity = c->sparsity;
      run.rank = c->rank;
    }
    if (recovered) {
      run.rft_tokens = o.rft_steps * tokensPerStep();
      run.distilled = o.distill;
    }
    if (retrainedTokens > 0) run.rft_tokens = retrainedTokens;
    onRun(run);
  }

  // A pruned model, with recovery fine-tuning when asked (mask held).
  void emitPruned(const Net& dense, std::int64_t seed, int steps, const std::string& method, Compressed c) {
    if (o.rft_steps <= 0 || c.masks.empty()) return emit(dense, seed, steps, method, &c, false);
    TrainSettings s;
    s.steps = o.rft_steps;
    s.lr = kRecoveryLearningRate;
    s.dataSeed = static_cast<std::uint64_t>(seed) * 104729 + 3;
    s.masks = &c.masks;
    s.teacher = o.distill ? &dense : nullptr;
    s.cancelled = o.cancelled;
    s.stepped = [this, n = paramCount(dense) * recoveryStep()] { advance(n); };
    if (!train(c.net, s)) return;
    emit(dense, seed, steps, method + (o.distill ? "+kd" : "+rft"), &c, true);
  }

  // A ratio the method cannot reach: its planned work (`work`) is done.
  void skip(const std::string& method, double ratio, const char* why, double work) {
    advance(work);
    std::ostringstream text;
    text << method << " cannot reach ratio " << ratio << " (" << why << "): skipped";
    note(text.str());
  }

  // Iterative magnitude pruning with weight rewinding (Frankle et al. 2020):
  // prune the trained weights to the next sparsity, rewind the survivors to
  // their values early in training, retrain under the mask; one run per
  // requested ratio along the way. Only the weights rewind: each retraining
  // starts a fresh optimiser and learning-rate schedule of steps − rewind.
  void imp(const DenseCheckpoint& d, std::int64_t seed, int steps, std::vector<double> ratios) {
    std::sort(ratios.begin(), ratios.end());
    Net trained = d.final;
    int round = 0;
    double retrained = 0;  // tokens of every retraining round so far
    for (double r : ratios) {
      if (r <= 0 || cancelled()) continue;
      const auto target = magnitudePrune(d.final, r, false);  // for its sparsity
      if (!target) {
        skip("imp", r, "the mask alone costs 1/16 of every weight",
             (steps - rewindStepFor(steps) + evaluationCostInSteps()) * paramCount(d.final));
        continue;
      }
      const Compressed pruned = pruneToSparsity(trained, *target->sparsity);
      Compressed c = maskedCopy(d.rewind, pruned.masks);
      TrainSettings s;
      s.steps = steps - rewindStepFor(steps);
      s.lr = learningRate(d.final.spec);
      s.dataSeed = static_cast<std::uint64_t>(seed) * 15485863 + static_cast<std::uint64_t>(++round);
      s.masks = &c.masks;
      s.cancelled = o.cancelled;
      s.stepped = [this, n = paramCount(d.final)] { advance(n); };
      if (!train(c.net, s)) return;
      trained = c.net;
      retrained += s.steps * tokensPerStep();
      emit(d.final, seed, steps, "imp", &c, false, retrained);
    }
  }

  void compress(const DenseCheckpoint& d, std::int64_t seed, int steps) {
    const Net& dense = d.final;
    for (const std::string& method : o.methods) {
      if (cancelled()) return;
      if (method == "nm24") {
        emitPruned(dense, seed, steps, method, nm24(dense));
      } else if (method == "rtn") {
        for (int b : o.bits) {
          const Compressed c = roundToNearest(dense, b, o.group_size);
          emit(dense, seed, steps, method, &c, false);
        }
      } else if (method == "imp") {
        imp(d, seed, steps, o.ratios);
      } else {
        for (double r : o.ratios) {
          if (r == 0 || cancelled()) continue;  // ratio 0 is the dense run
          std::optional<Compressed> c;
          const char* why = "";
          if (method == "magnitude" || method == "magnitude-layer") {
            c = magnitudePrune(dense, r, method == "magnitude-layer");
            why = "the mask alone costs 1/16 of every weight";
          } else if (method == "structured") {
            c = removeUnits(dense, r, neuronUnits(dense));
            why = "one neuron per layer stays";
          } else if (method == "heads") {
            c = removeUnits(dense, r, headUnits(dense));
            why = "heads are a third of a block and one per layer stays";
          } else {
            c = lowRank(dense, r);
            why = "the uncompressed layers alone are larger";
          }
          if (!c) skip(method, r, why, (evaluationCostInSteps() + (recoverable(method) ? o.rft_steps * recoveryStep() : 0)) * paramCount(dense));
          else if (c->masks.empty()) emit(dense, seed, steps, method, &*c, false);
          else emitPruned(dense, seed, steps, method, std::move(*c));
        }
      }
    }
  }

  void run() {
    const ModelSpec& spec = *findModel(o.model);
    total = plannedWork(spec);
    for (const std::string& name : o.baselines) total += plannedBaselineWork(*findModel(name));
    total *= static_cast<double>(o.seeds.size());
    for (std::int64_t seed : o.seeds) {
      int steps = 0;
      const auto d = dense(spec, seed, steps);
      if (!d) return;  // cancelled while training
      emit(d->final, seed, steps, "dense", nullptr, false);
      compress(*d, seed, steps);
      for (const std::string& name : o.baselines) {
        if (cancelled()) return;
        int baseSteps = 0;
        const auto base = dense(*findModel(name), seed, baseSteps);
        if (!base) return;
        emit(base->final, seed, baseSteps, "dense", nullptr, false);
      }
    }
    if (!cancelled()) advance(std::max(0.0, total - done));  // rounding: the sweep ends at 1
  }
};

}  // namespace

const std::vector<ModelSpec>& modelCatalogue() {
  static const std::vector<ModelSpec> models = {
      {"mlp-tiny", "MLP over the one-hot sequence, 2 hidden layers of 64 (~53k parameters)", "mlp", 64, 2, 0},
      {"mlp-small", "MLP over the one-hot sequence, 2 hidden layers of 256 (~260k parameters)", "mlp", 256, 2, 0},
      // The transformer family from tf-femto to tf-base spans 34x in
      // parameters, every size two blocks of four heads, so only the width
      // grows: the native sizes a scaling law is fitted over. Each trains
      // at the peak learning rate measured best for its size at 20 tokens
      // per parameter (datasets/README.md, "Initialisation, family and
      // learning rate").
      {"tf-femto", "transformer, width 12, 2 blocks, 4 heads (~4.8k parameters)", "transformer", 12, 2, 4, 8e-3},
      {"tf-pico", "transformer, width 16, 2 blocks, 4 heads (~7.9k parameters)", "transformer", 16, 2, 4, 8e-3},
      {"tf-nano", "transformer, width 24, 2 blocks, 4 heads (~16k parameters)", "transformer", 24, 2, 4, 8e-3},
      {"tf-micro", "transformer, width 32, 2 blocks, 4 heads (~28k parameters)", "transformer", 32, 2, 4, 4e-3},
      {"tf-tiny", "transformer, width 48, 2 blocks, 4 heads (~60k parameters)", "transformer", 48, 2, 4, 4e-3},
      {"tf-small", "transformer, width 64, 2 blocks, 4 heads (~105k parameters)", "transformer", 64, 2, 4, 2e-3},
      {"tf-base", "transformer, width 80, 2 blocks, 4 heads (~162k parameters)", "transformer", 80, 2, 4, 2e-3},
      {"tf-medium", "transformer, width 128, 3 blocks, 4 heads (~600k parameters)", "transformer", 128, 3, 4},
      {"tf-large", "transformer, width 256, 4 blocks, 8 heads (~3.2M parameters)", "transformer", 256, 4, 8},
  };
  return models;
}

std::vector<std::string> methodCatalogue() { return kMethods; }

double tokensPerTrainingStep() { return tokensPerStep(); }

std::string checkpointCacheDirectory(const std::string& option) { return checkpointDirectory(option); }

int plannedRuns(const TrialOptions& o) {
  int perSeed = 1 + static_cast<int>(o.baselines.size());  // the dense runs
  for (const std::string& m : o.methods) {
    if (m == "nm24") perSeed += 1;
    else if (m == "rtn") perSeed += static_cast<int>(o.bits.size());
    else if (ratioMethod(m))
      for (double r : o.ratios) perSeed += r > 0;
  }
  return perSeed * static_cast<int>(o.seeds.size());
}

std::string runTrials(const TrialOptions& o, const std::function<void(const TrialRun&)>& onRun) {
  // LibTorch reports failures (out of memory, a CUDA error) as exceptions:
  // they become the sweep's message, never a crash.
  try {
    if (std::string why = validate(o); !why.empty()) return why;
    const bool cuda = o.device != "cpu" && torch::cuda::is_available();
    // LibTorch starts with one intra-op thread here; use the cores we have.
    at::set_num_threads(o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    Sweep{o, onRun, cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU)}.run();
    return "";
  } catch (const std::exception& e) {
    const std::string what = e.what();
    return "LibTorch failed: " + what.substr(0, what.find('\n'));
  }
}

}  // namespace rs::trials
