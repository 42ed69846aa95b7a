#pragma once
// A generated data set with the structure of a real IsoFLOP extraction
// (Hoffmann et al. 2022, Approach 2/3), for bench_chinchilla. Nothing is
// copied from published data: every point comes from a seeded generator.
//
// Why not a grid of N x D: on a full grid every term of the law is pinned
// down at every scale and the fit is easy (0.2 s). A real sweep fixes the
// compute C = 6ND per curve, so N and D move together along each curve, the
// two power-law terms trade off against each other, and the Huber loss
// (δ = 1e-3 on log residuals, far below the ~1.5% noise) leaves almost
// every point in its linear part: the objective is nearly piecewise
// linear, which is what makes the real case 17x slower.
//
//  - nine compute budgets, log-spaced over 6e18 .. 3e21 FLOPs;
//  - on each, 27 model sizes log-spaced over 1/15 .. 15 times that budget's
//    loss-optimal size (each jittered by up to ±4%), D = C / 6N;
//  - loss from L = E + A/N^α + B/D^β with the published constants
//    (E 1.69, A 406.4, B 410.7, α 0.34, β 0.28), times exp(noise), noise
//    normal with sd 1.5% (the scatter of points extracted from plots);
//  - five high-loss outliers (+10% .. +25%): small models at the largest
//    budgets, trained far past their optimum, where extractions show them.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/model/run.h"

namespace rs::bench {

struct IsoflopSweep {
  int budgets = 9, sizes_per_budget = 27, outliers = 5;
  double c_min = 6e18, c_max = 3e21, span = 15, noise_sd = 0.015;
  double E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28;
  double loss(double n, double d) const { return E + A / std::pow(n, alpha) + B / std::pow(d, beta); }
};

inline std::vector<Run> isoflopSweepRuns(const IsoflopSweep& s = {}, std::uint64_t seed = 11) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, s.noise_sd);
  std::uniform_real_distribution<double> jitter(-0.04, 0.04), bump(0.10, 0.25);
  std::vector<Run> runs;
  std::vector<std::size_t> candidates;  // the smallest models of the three largest budgets
  for (int b = 0; b < s.budgets; ++b) {
    const double c = s.c_min * std::pow(s.c_max / s.c_min, b / (s.budgets - 1.0));
    double nOpt = 1e7, best = 1e300;  // by a scan of the law along the budget
    for (double n = 1e7; n < 1e12; n *= 1.005)
      if (const double l = s.loss(n, c / (6 * n)); l < best) best = l, nOpt = n;
    for (int k = 0; k < s.sizes_per_budget; ++k) {
      const double n = nOpt / s.span * std::pow(s.span * s.span, k / (s.sizes_per_budget - 1.0)) * (1 + jitter(rng));
      const double d = c / (6 * n);
      Run r;
      r.id = static_cast<std::int64_t>(runs.size()) + 1;
      r.key = "sweep-" + std::to_string(r.id);
      r.family = "isoflop";
      r.model = "C" + std::to_string(b + 1) + "-" + std::to_string(k + 1);
      r.params = n;
      r.tokens = d;
      r.metrics.push_back({"loss", s.loss(n, d) * std::exp(noise(rng)), {}, {}});
      if (b >= s.budgets - 3 && k < 2) candidates.push_back(runs.size());
      runs.push_back(r);
    }
  }
  for (int k = 0; k < s.outliers && k < static_cast<int>(candidates.size()); ++k)
    runs[candidates[static_cast<std::size_t>(k)]].metrics.front().value *= 1 + bump(rng);
  return runs;
}

}  // namespace rs::bench
