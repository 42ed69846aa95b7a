#pragma once
// Local compression trials on LibTorch: train a small model on a seeded
// capability suite (core/trials/suite.h), compress it with several methods at
// several ratios, and evaluate every task after each. Plain C++ interface: no
// Torch or Qt types, so the CLI and GUI include it without Torch headers
// (README, Architecture).
//
// The ratio of a compressed run is always the fraction of the dense model's
// STORED size removed, with the dense model stored at 16 bits per parameter,
// so pruning, quantisation and low-rank runs share one axis. Methods compress
// the weight matrices (the MLP's layers; the transformer's attention and FFN
// projections); biases, norms, embeddings and the transformer's output layer
// stay at 16 bits and count in every size:
//   magnitude(-layer) kept weights at 16 bits + a 1-bit mask per weight
//   imp               the same storage, after iterative pruning with rewinding
//   nm24              2 of every 4 weights at 16 bits + 2 index bits per kept weight
//   rtn               `bits` per weight + one 16-bit scale per group of `group` weights
//   lowrank           rank-k factors (m + n)·k at 16 bits
//   structured, heads whole FFN/hidden neurons or attention heads removed (not
//                     stored; no index)
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rs::trials {

// The peak learning rate of a model the catalogue has no tuned rate for,
// and the rates a sweep accepts, (0, 1] (the CLIs' and the core's check).
// TrialOptions::learning_rate kModelsLearningRate trains each model at its
// own rate (ModelSpec::learning_rate).
inline constexpr double kDefaultLearningRate = 2e-3;
inline constexpr double kModelsLearningRate = 0;
inline bool validLearningRate(double lr) { return lr > 0 && lr <= 1; }

struct TaskResult {
  std::string task;            // metric name: a task id, or "loss"
  double value = 0;            // accuracy, or mean cross-entropy for "loss"
  std::optional<double> std_error;
  std::int64_t n = 0;          // evaluated examples
};

struct TrialRun {
  std::string family, model, method;  // method "dense" for the uncompressed model
  double params = 0;                  // dense parameter count (weights + biases)
  double tokens = 0;                  // training examples x sequence length
  double ratio = 0, kept_params = 0, size_bytes = 0;
  std::optional<double> bits, sparsity, rank;  // sparsity: of the weight matrices
  int group_size = 0;                          // RTN's scale group (0: not quantised)
  std::int64_t seed = 1;
  double latency_ms = 0;              // measured forward pass over the evaluation set, per example
  double rft_tokens = 0;
  bool distilled = false;
  double learning_rate = kDefaultLearningRate;  // of the dense model's training
  bool models_learning_rate = true;             // the model's own rate (the run's key does not name it)
  std::string device;
  std::vector<TaskResult> metrics;
};

struct TrialOptions {
  std::string model = "mlp-small";
  // Native models trained dense only, for the "native-small" baselines the
  // analysis pairs compressed runs with (same family, smaller size).
  std::vector<std::string> baselines;
  std::vector<std::string> methods = {"magnitude", "structured", "nm24", "rtn", "lowrank"};
  std::vector<double> ratios = {0, 0.25, 0.5, 0.75, 0.9};
  std::vector<int> bits = {8, 4, 3, 2};
  int group_size = 32;
  std::vector<std::int64_t> seeds = {1};
  std::string device = "auto";  // auto | cpu | cuda
  int threads = 0;              // CPU intra-op threads; 0: every core
  int train_steps = 600;
  // Peak learning rate of dense training and IMP's retraining (Adam; linear
  // warm-up, cosine decay to a tenth), for every model of the sweep;
  // kModelsLearningRate: each model's own, tuned per size in the catalogue
  // (the smallest want the largest; datasets/README.md, "Initialisation,
  // family and learning rate").
  double learning_rate = kModelsLearningRate;
  // Training budget in tokens per parameter (compute-optimal is about 20);
  // when positive it sets each model's steps instead of train_steps.
  double tokens_per_param = 0;
  // Where trained dense checkpoints are cached: "" the user's cache
  // directory, "none" no cache.
  std::string cache_dir;
  // Recovery fine-tuning after pruning (magnitude, magnitude-layer, structured,
  // heads, nm24; imp retrains by itself): this
  // many steps with the pruning mask held, on the same task mixture; with
  // `distill`, against the dense teacher's outputs (KL) instead of the labels.
  // Such runs are named "<method>+rft" or "<method>+kd".
  int rft_steps = 0;
  bool distill = false;
  // Polled before each run and every training step: true ends the sweep
  // without writing the run in flight.
  std::function<bool()> cancelled;
  // Messages along the way: a checkpoint loaded from the cache, a ratio a
  // method cannot reach (skipped), training progress.
  std::function<void(const std::string&)> on_note;
  // The sweep's progress as the fraction of its work done, 0..1: training
  // steps, recovery and IMP retraining, evaluations, each weighted by the
  // size of the model it runs on, so it moves during training too and an
  // ETA (elapsed × (1 − f) / f) holds across a sweep. Called from the
  // sweep's thread, at most about a thousand times per sweep, last with 1.
  std::function<void(double)> on_progress;
};

// Tokens one training step trains on (every task's examples, padding not
// counted): turns a token budget (--rft-tokens) into steps.
double tokensPerTrainingStep();

// How many runs the sweep will produce (for progress and ETA).
int plannedRuns(const TrialOptions& options);

// Where trained checkpoints are cached for a TrialOptions::cache_dir value
// ("" when caching is off), for the places that tell the user.
std::string checkpointCacheDirectory(const std::string& cacheDirOption);

struct ModelSpec {
  std::string name, description;
  std::string kind;  // "mlp" or "transformer"
  int hidden = 0, layers = 0, heads = 0;  // width, depth, attention heads
  double learning_rate = kDefaultLearningRate;  // peak rate of its training, tuned per size where measured
};
const std::vector<ModelSpec>& modelCatalogue();
std::vector<std::string> methodCatalogue();

// Runs the sweep; `onRun` receives each run as it lands (to store it at once).
// Returns "" or why the sweep could not run (unknown model or method, no CUDA).
// A cancelled sweep returns "" after the runs that landed.
std::string runTrials(const TrialOptions& options, const std::function<void(const TrialRun&)>& onRun);

}  // namespace rs::trials
