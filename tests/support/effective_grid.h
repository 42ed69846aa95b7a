#pragma once
// A Chinchilla grid with known effective parameters, for checking that the
// intervals `analyze` gives cover the truth: dense runs of five sizes, each
// at 10, 20 and 40 tokens per parameter, and compressed runs of the largest
// whose losses are those of known smaller dense models. Losses come from the
// published law (E 1.69, A 406.4, B 410.7, α 0.34, β 0.28) plus Normal(0, sd)
// nats, and every run records sd as its standard error, as an evaluation on
// a held-out set would.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "tests/support/fit_test_support.h"

namespace rs::testing {

inline double chinchillaLoss(double n, double d) { return 1.69 + 406.4 / std::pow(n, 0.34) + 410.7 / std::pow(d, 0.28); }

struct EffectiveGrid {
  std::vector<Run> runs;
  // Per compressed run (by id): its true effective size.
  std::vector<std::pair<std::int64_t, double>> truth;
  double parent_params = 1.6e10, parent_tokens = 3.2e11;
};

// Compressed runs of the grid's parent (`model`), one per true N_eff, at
// ratios 0.3, 0.5, 0.7: the loss of a dense model of that size plus the
// grid's own noise stream (continued, so the draws stay the grid's).
template <typename Loss>
void addCompressed(EffectiveGrid& g, std::int64_t& id, const std::string& model, std::vector<double> nEffs, Loss loss, std::mt19937_64& rng,
                   std::normal_distribution<double>& noise, double sd) {
  double ratio = 0.3;
  for (double nEff : nEffs) {
    Run c = makeRun(id, model, g.parent_params, g.parent_tokens, "magnitude", ratio);
    c.seed = 1;
    c.sparsity = ratio;
    c.metrics.push_back({"loss", loss(nEff) + noise(rng), sd, {}});
    g.runs.push_back(c);
    g.truth.push_back({id++, nEff});
    ratio += 0.2;
  }
}

// The compressed runs are worth 2e9, 5e9 and 1e10 dense parameters.
inline EffectiveGrid effectiveGrid(std::uint64_t seed, double sd = 0.01) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, sd);
  EffectiveGrid g;
  std::int64_t id = 1;
  for (double n : {1e9, 2e9, 4e9, 8e9, 1.6e10})
    for (double tpp : {10.0, 20.0, 40.0}) {
      Run r = makeRun(id++, "m" + std::to_string(static_cast<long long>(n)), n, tpp * n);
      r.seed = 1;
      r.metrics.push_back({"loss", chinchillaLoss(n, tpp * n) + noise(rng), sd, {}});
      g.runs.push_back(r);
    }
  addCompressed(g, id, "m16000000000", {1e10, 5e9, 2e9}, [&](double n) { return chinchillaLoss(n, g.parent_tokens); }, rng, noise, sd);
  return g;
}

// The same for dense runs that share one token count (1e9), where the
// law is L = a + b·N^c (2 + 50·N^−0.3 here): eight sizes 1e6 to 1.28e8,
// and compressed runs of the largest worth 3e6, 1e7 and 3e7.
inline double powerLoss(double n) { return 2 + 50 * std::pow(n, -0.3); }

inline EffectiveGrid powerGrid(std::uint64_t seed, double sd = 0.01) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, sd);
  EffectiveGrid g;
  g.parent_params = 1.28e8;
  g.parent_tokens = 1e9;
  std::int64_t id = 1;
  for (double n : logspace(1e6, 1.28e8, 8)) {
    Run r = makeRun(id++, "m" + std::to_string(static_cast<long long>(n)), n, g.parent_tokens);
    r.seed = 1;
    r.metrics.push_back({"loss", powerLoss(n) + noise(rng), sd, {}});
    g.runs.push_back(r);
  }
  addCompressed(g, id, "m128000000", {3e7, 1e7, 3e6}, powerLoss, rng, noise, sd);
  return g;
}

}  // namespace rs::testing
