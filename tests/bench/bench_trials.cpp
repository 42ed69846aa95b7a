// Trials throughput: training the dense mlp-small (examples per second) and
// the default compression sweep, against a reference in the same run: raw
// LibTorch matmuls of the same shapes (forward, and the two backward products
// per layer) with no autograd, optimiser or data generation. The ratio says
// what the training loop costs over the arithmetic it cannot avoid.
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
}  // namespace

int main() {
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  const int steps = 1000, batch = 256;
  rs::trials::TrialOptions o;
  o.model = "mlp-small";
  o.methods = {};
  o.train_steps = steps;
  o.device = "cpu";
  // Dense only: training dominates (evaluation is 6,000 examples once).
  const double train = seconds([&] { rs::trials::runTrials(o, [](const rs::trials::TrialRun&) {}); });

  // Reference: the same shapes as raw matmuls (mlp-small: 131 -> 256 -> 256 -> 16).
  const std::vector<std::pair<int, int>> shapes = {{131, 256}, {256, 256}, {256, 16}};
  std::vector<torch::Tensor> w, x, g;
  for (auto [in, out] : shapes) {
    w.push_back(torch::randn({out, in}));
    x.push_back(torch::randn({batch, in}));
    g.push_back(torch::randn({batch, out}));
  }
  const double raw = seconds([&] {
    torch::NoGradGuard noGrad;
    for (int s = 0; s < steps; ++s)
      for (std::size_t l = 0; l < shapes.size(); ++l) {
        auto y = torch::matmul(x[l], w[l].t());  // forward
        auto gw = torch::matmul(g[l].t(), x[l]);  // weight gradient
        auto gx = torch::matmul(g[l], w[l]);      // input gradient
        (void)y, (void)gw, (void)gx;
      }
  });
  rs::trials::TrialOptions sweep;
  sweep.model = "mlp-small";
  sweep.device = "cpu";
  int runs = 0;
  const double sweepSeconds = seconds([&] { rs::trials::runTrials(sweep, [&](const rs::trials::TrialRun&) { ++runs; }); });

  std::printf("bench_trials: mlp-small, %d threads, CPU\n", threads);
  std::printf("  training            %7.3f s  %9.0f examples/s  (%d steps x %d)\n", train, steps * batch / train, steps, batch);
  std::printf("  raw matmul reference %7.3f s  %9.0f examples/s\n", raw, steps * batch / raw);
  std::printf("  ratio training / raw matmuls = %.1fx\n", train / raw);
  std::printf("  default sweep        %7.3f s  (%d runs: magnitude, structured, nm24, rtn, lowrank)\n", sweepSeconds, runs);
  return 0;
}
