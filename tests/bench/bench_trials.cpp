// Trials throughput: training and evaluation of the dense mlp-small and
// tf-small, each against a reference in the same run: raw LibTorch matmuls
// of the same shapes (training: the forward product and the two backward
// products; evaluation: the forward product) with no autograd, optimiser,
// norms, softmax or data generation. The ratio says what the loop costs over
// the arithmetic it cannot avoid. Then the bundled example's first sweep
// (datasets/README.md) with its training shortened, cache off.
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "core/trials/trials.h"

namespace {
double seconds(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Shape {
  std::int64_t batch, rows, inner, cols;  // batch x [rows x inner] . [inner x cols]
};

// Raw matmuls for `steps` steps; `backward` adds the two gradient products.
double rawMatmuls(const std::vector<Shape>& shapes, int steps, bool backward) {
  std::vector<torch::Tensor> a, b, g;
  for (const Shape& s : shapes) {
    a.push_back(torch::randn({s.batch, s.rows, s.inner}));
    b.push_back(torch::randn({s.batch, s.inner, s.cols}));
    g.push_back(torch::randn({s.batch, s.rows, s.cols}));
  }
  torch::NoGradGuard noGrad;
  return seconds([&] {
    for (int step = 0; step < steps; ++step)
      for (std::size_t i = 0; i < shapes.size(); ++i) {
        auto y = torch::bmm(a[i], b[i]);
        if (backward) {
          auto gb = torch::bmm(a[i].transpose(1, 2), g[i]);
          auto ga = torch::bmm(g[i], b[i].transpose(1, 2));
          (void)gb, (void)ga;
        }
        (void)y;
      }
  });
}

// The matmuls of one step of each model for `examples` sequences.
std::vector<Shape> mlpShapes(std::int64_t examples) {
  return {{1, examples, 32 * 23, 256}, {1, examples, 256, 256}, {1, examples, 256, 23}};
}
std::vector<Shape> transformerShapes(std::int64_t examples) {
  const std::int64_t tokens = examples * 32, d = 64, heads = 4, dh = 16, T = 32;
  std::vector<Shape> s;
  for (int layer = 0; layer < 2; ++layer) {
    s.push_back({1, tokens, d, 3 * d});                // qkv
    s.push_back({examples * heads, T, dh, T});         // scores
    s.push_back({examples * heads, T, T, dh});         // weights x values
    s.push_back({1, tokens, d, d});                    // output projection
    s.push_back({1, tokens, d, 4 * d});                // fc1
    s.push_back({1, tokens, 4 * d, d});                // fc2
  }
  s.push_back({1, tokens, d, 23});  // unembedding
  return s;
}

void measure(const char* model, int steps, const std::vector<Shape>& trainShapes, const std::vector<Shape>& evalShapes) {
  rs::trials::TrialOptions o;
  o.model = model;
  o.methods = {};
  o.train_steps = steps;
  o.device = "cpu";
  o.cache_dir = "none";
  double latencyMs = 0;
  const double total = seconds([&] { rs::trials::runTrials(o, [&](const rs::trials::TrialRun& r) { latencyMs = r.latency_ms; }); });
  const double evalSeconds = latencyMs * 5000 / 1e3;  // 1,000 held-out examples of each of 5 tasks
  const double train = total - evalSeconds;             // less the one evaluation
  const int examples = 40;                              // per step: 8 of each task
  const double rawTrain = rawMatmuls(trainShapes, steps, true);
  const double rawEval = rawMatmuls(evalShapes, 5, false);
  std::printf("  %-10s training   %8.0f examples/s   raw matmuls %8.0f examples/s   ratio %.1fx  (%d steps x %d)\n", model,
              steps * examples / train, steps * examples / rawTrain, train / rawTrain, steps, examples);
  std::printf("  %-10s evaluation %8.0f examples/s   raw matmuls %8.0f examples/s   ratio %.1fx\n", model, 1e3 / latencyMs,
              5000 / rawEval, (latencyMs / 1e3) / (rawEval / 5000));
}
}  // namespace

int main() {
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  std::printf("bench_trials: %d threads, CPU\n", threads);
  measure("mlp-small", 1000, mlpShapes(40), mlpShapes(1000));
  measure("tf-small", 240, transformerShapes(40), transformerShapes(1000));

  // The bundled example's first sweep (datasets/make_trials_example.sh) at 1/20 of its training.
  rs::trials::TrialOptions sweep;
  sweep.model = "tf-base";
  sweep.baselines = {"tf-femto", "tf-pico", "tf-nano", "tf-micro", "tf-tiny", "tf-small"};
  sweep.methods = {"magnitude", "structured", "heads", "nm24", "rtn", "lowrank"};
  sweep.ratios = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.87, 0.88, 0.9};
  sweep.tokens_per_param = 1;
  sweep.device = "cpu";
  sweep.cache_dir = "none";
  int runs = 0;
  const double sweepSeconds = seconds([&] { rs::trials::runTrials(sweep, [&](const rs::trials::TrialRun&) { ++runs; }); });
  std::printf("  bundled sweep, training at 1/20: %.1f s for %d runs\n", sweepSeconds, runs);
  return 0;
}
