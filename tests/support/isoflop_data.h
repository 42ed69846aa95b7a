#pragma once
// Generated data with the structure of a real IsoFLOP sweep (Hoffmann et
// al. 2022, Approach 2/3), for tests and benchmarks of robust fits. Nothing
// here is copied from a published extraction: the points come from a seeded
// generator.
//
//  - nine compute budgets C = 6ND, log-spaced over 6e18 .. 3e21 FLOPs;
//  - on each, the model sizes of one shared ladder (44M .. 16B, 40 sizes,
//    each jittered by up to ±4%) that lie within 12× of that budget's
//    loss-optimal size, so each budget holds a different window of sizes
//    and budgets at the ends hold fewer (about 260 points in all);
//  - loss from L = E + A/N^α + B/D^β with constants of the published order
//    (E 1.82, A 482, B 2085, α 0.35, β 0.37), times exp(noise) with noise
//    Student-t with 4 degrees of freedom, scale 0.01 (sd ≈ 1.4%): the
//    heavier-than-normal tails of extracted points;
//  - `outliers` high-loss points (+12% .. +30%): the smallest models of the
//    largest budgets, trained far past their optimum, where published
//    extractions show them; they sit where D is largest, so they pull B and β.

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/model/run.h"

namespace rs::testing {

struct IsoflopTruth {
  double E = 1.82, A = 482.0, B = 2085.0, alpha = 0.35, beta = 0.37;
  double loss(double n, double d) const { return E + A / std::pow(n, alpha) + B / std::pow(d, beta); }
};

// `heavyTails` false: normal noise of sd `scale` instead of t₄.
// `farOutliers` adds that many more high-loss runs: the two smallest sizes
// of the ladder at the largest budgets, far outside those budgets' windows
// (D up to ~1e13), the only points out there — the few a fit can hang on.
// Every outlier's key ends in "-outlier".
inline std::vector<Run> isoflopRuns(std::uint64_t seed = 1, int outliers = 5, double scale = 0.01, bool heavyTails = true,
                                    int farOutliers = 0) {
  const IsoflopTruth truth;
  std::mt19937_64 rng(seed);
  std::student_t_distribution<double> t4(4.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> jitter(-0.04, 0.04), bump(0.12, 0.30);
  std::vector<double> ladder;
  for (int i = 0; i < 40; ++i) ladder.push_back(4.4e7 * std::pow(1.6e10 / 4.4e7, i / 39.0) * (1 + jitter(rng)));
  std::vector<Run> runs;
  std::vector<std::pair<int, std::size_t>> smallAtLargeBudgets;  // (rank by size within its budget, index): outlier candidates
  std::int64_t id = 1;
  for (int b = 0; b < 9; ++b) {
    const double c = 6e18 * std::pow(3e21 / 6e18, b / 8.0);
    // The loss-optimal size for this budget, by a scan of the truth.
    double nOpt = ladder.front(), best = 1e300;
    for (double n = 1e7; n < 1e12; n *= 1.01)
      if (const double l = truth.loss(n, c / (6 * n)); l < best) best = l, nOpt = n;
    int kept = 0;
    for (double n : ladder) {
      if (n < nOpt / 12 || n > nOpt * 12) continue;
      const double d = c / (6 * n);
      Run r;
      r.id = id;
      r.key = "isoflop-" + std::to_string(id);
      r.family = "isoflop";
      r.model = "C" + std::to_string(b + 1) + "-N" + std::to_string(static_cast<long long>(n / 1e6)) + "M";
      r.params = n;
      r.tokens = d;
      r.metrics.push_back({"loss", truth.loss(n, d) * std::exp(scale * (heavyTails ? t4(rng) : normal(rng))), {}, {}});
      if (b >= 6 && kept < 3) smallAtLargeBudgets.emplace_back(kept, runs.size());
      runs.push_back(r);
      ++id;
      ++kept;
    }
  }
  // The smallest model of each of the three largest budgets first, then the next smallest.
  std::stable_sort(smallAtLargeBudgets.begin(), smallAtLargeBudgets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (int k = 0; k < outliers && k < static_cast<int>(smallAtLargeBudgets.size()); ++k) {
    Metric& m = runs[smallAtLargeBudgets[static_cast<std::size_t>(k)].second].metrics.front();
    m.value *= 1 + bump(rng);
    runs[smallAtLargeBudgets[static_cast<std::size_t>(k)].second].key += "-outlier";
  }
  for (int k = 0; k < farOutliers; ++k) {
    const int b = 8 - k / 2;
    const double c = 6e18 * std::pow(3e21 / 6e18, b / 8.0), n = 1e7 * (1 + k % 2), d = c / (6 * n);
    Run r;
    r.id = id++;
    r.key = "isoflop-" + std::to_string(r.id) + "-outlier";
    r.family = "isoflop";
    r.model = "C" + std::to_string(b + 1) + "-N" + std::to_string(static_cast<long long>(n / 1e6)) + "M-far";
    r.params = n;
    r.tokens = d;
    r.metrics.push_back({"loss", truth.loss(n, d) * (1 + 2 * bump(rng)), {}, {}});
    runs.push_back(r);
  }
  return runs;
}

// The run ids isoflopRuns made outliers.
inline std::vector<std::int64_t> isoflopOutlierIds(const std::vector<Run>& runs) {
  std::vector<std::int64_t> ids;
  for (const Run& r : runs)
    if (r.key.size() > 8 && r.key.compare(r.key.size() - 8, 8, "-outlier") == 0) ids.push_back(r.id);
  return ids;
}

}  // namespace rs::testing
