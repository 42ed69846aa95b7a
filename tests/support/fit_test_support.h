#pragma once
// Shared by the fitting tests: runs generated from known laws with seeded noise.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/model/run.h"

namespace rs::testing {

inline Run makeRun(std::int64_t id, const std::string& model, double params, double tokens, const std::string& method = "dense",
                   double ratio = 0, double rft = 0) {
  Run r;
  r.id = id;
  r.family = std::string(1, 'f');  // not = "f": GCC 12 warns falsely (-Wrestrict) on that assignment once inlined
  r.model = model;
  r.method = method;
  r.params = params;
  r.tokens = tokens;
  if (method != "dense") r.ratio = ratio;
  r.rft_tokens = rft;
  return r;
}

inline std::vector<double> logspace(double lo, double hi, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(lo * std::pow(hi / lo, n == 1 ? 0.0 : static_cast<double>(i) / (n - 1)));
  return v;
}

// The synthetic Chinchilla-shaped set of the issue: 16 N values over
// 7e7..1.6e10 x 15 D values over 5e9..5e11 = 240 points, loss from the
// published fit (E 1.69, A 406.4, B 410.7, α 0.34, β 0.28) times
// exp(Normal(0, sd)) with a fixed seed.
inline std::vector<Run> chinchillaRuns(double sd = 0.01, std::uint64_t seed = 240) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, sd);
  std::vector<Run> runs;
  std::int64_t id = 1;
  for (double n : logspace(7e7, 1.6e10, 16))
    for (double d : logspace(5e9, 5e11, 15)) {
      Run r = makeRun(id, "m" + std::to_string(id), n, d);
      ++id;
      const double loss = 1.69 + 406.4 / std::pow(n, 0.34) + 410.7 / std::pow(d, 0.28);
      r.metrics.push_back({"loss", loss * std::exp(noise(rng)), {}, {}});
      runs.push_back(r);
    }
  return runs;
}

}  // namespace rs::testing
