// How often the effective-parameter intervals and the native-small
// frontier's prediction intervals cover the truth, over 200 synthetic data
// sets of each dense design (tests/support/effective_grid.h): a Chinchilla
// grid (15 dense runs, five sizes at three budgets: `auto` fits chinchilla)
// and eight sizes at one token count (`auto` fits the power law in N), each
// with three compressed runs of known N_eff and 0.01 nats of evaluation
// noise, for each way of fitting the dense law. A 95% interval should cover
// about 95%; the Monte Carlo error of that rate over 600 intervals is about
// ±0.9%. Prints figures; asserts nothing.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/analysis/effective_params.h"
#include "core/analysis/native_frontier.h"
#include "tests/support/effective_grid.h"

using namespace rs;

namespace {

struct Way {
  const char* name;
  fit::FitOptions options;
};

struct Design {
  const char* name;
  std::string law;
  std::function<testing::EffectiveGrid(std::uint64_t)> grid;
  std::function<double(double n, double d)> truth;  // the dense loss of a fresh native model
};

void measure(const Design& design, std::vector<Way> ways, int datasets) {
  std::printf("\n%s: %d data sets, 3 compressed runs each, noise 0.01 nats\n", design.name, datasets);
  std::printf("%-46s %10s %10s %12s %10s %8s\n", "dense fit", "N_eff cov", "open/none", "median hi/lo", "pred cov", "s/set");
  for (Way& way : ways) {
    way.options.influence = false;
    int covered = 0, intervals = 0, missing = 0, predCovered = 0, predictions = 0;
    std::vector<double> widths;
    const auto start = std::chrono::steady_clock::now();
    for (int s = 0; s < datasets; ++s) {
      const testing::EffectiveGrid g = design.grid(1000 + static_cast<std::uint64_t>(s));
      const auto res = analysis::effectiveParameters(g.runs, "loss", design.law, way.options);
      for (const auto& [id, truth] : g.truth)
        for (const auto& e : res.front().runs) {
          if (e.run != id) continue;
          ++intervals;
          if (!e.n_eff_low || !e.n_eff_high) ++missing;
          if (!e.n_eff_low) continue;
          const double hi = e.n_eff_high.value_or(INFINITY);
          if (e.n_eff_high) widths.push_back(hi / *e.n_eff_low);
          covered += *e.n_eff_low <= truth && truth <= hi;
        }
      // The frontier: a native model at each compressed run's kept size,
      // drawn fresh from the true law, against the predicted interval.
      const analysis::NativeFrontier frontier(g.runs, "loss", way.options);
      std::mt19937_64 rng(77 + static_cast<std::uint64_t>(s));
      std::normal_distribution<double> noise(0.0, 0.01);
      for (const Run& c : g.runs) {
        if (c.isDense()) continue;
        std::string why;
        const auto p = frontier.predict(c, analysis::Budget::Params, why);
        if (!p || !p->metrics[0].std_error) continue;
        const double fresh = design.truth(*p->params, *p->tokens) + noise(rng);
        ++predictions;
        predCovered += std::fabs(fresh - p->metrics[0].value) <= 1.959964 * *p->metrics[0].std_error;
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::sort(widths.begin(), widths.end());
    std::printf("%-46s %9.1f%% %10d %12.2f %9.1f%% %8.3f\n", way.name, 100.0 * covered / std::max(1, intervals), missing,
                widths.empty() ? NAN : widths[widths.size() / 2], 100.0 * predCovered / std::max(1, predictions), seconds / datasets);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int datasets = argc > 1 ? std::atoi(argv[1]) : 200;
  Way def{"analysis default", {}};
  Way published{"Huber 1e-3 on log L, bootstrap", {}};
  published.options.robust = laws::RobustLoss{laws::RobustLoss::Kind::Huber, 1e-3};
  published.options.space = laws::ResidualSpace::Log;
  published.options.errors = fit::ErrorMethod::Bootstrap;
  Way lsLog{"least squares on log L (Wald draws)", {}};
  lsLog.options.robust = laws::RobustLoss{};
  lsLog.options.space = laws::ResidualSpace::Log;
  lsLog.options.errors = fit::ErrorMethod::Wald;
  Way lsLinear{"least squares on L (Wald draws)", {}};
  lsLinear.options.robust = laws::RobustLoss{};
  lsLinear.options.space = laws::ResidualSpace::Linear;
  lsLinear.options.errors = fit::ErrorMethod::Wald;
  Way lsLinearBoot = lsLinear, lsLogBoot = lsLog;
  lsLinearBoot.name = "least squares on L (bootstrap)";
  lsLinearBoot.options.bootstrap = fit::kDefaultBootstrap;
  lsLogBoot.name = "least squares on log L (bootstrap)";
  lsLogBoot.options.bootstrap = fit::kDefaultBootstrap;
  const std::vector<Way> ways{def, published, lsLog, lsLinear, lsLogBoot, lsLinearBoot};
  measure({"Chinchilla grid (chinchilla; N_eff 1e10, 5e9, 2e9 of a 1.6e10 parent)", "chinchilla",
           [](std::uint64_t s) { return testing::effectiveGrid(s); }, [](double n, double d) { return testing::chinchillaLoss(n, d); }},
          ways, datasets);
  measure({"one token count (power; N_eff 3e7, 1e7, 3e6 of a 1.28e8 parent)", "power", [](std::uint64_t s) { return testing::powerGrid(s); },
           [](double n, double) { return testing::powerLoss(n); }},
          ways, datasets);
  return 0;
}
