// Which standard errors hold for a robust (Huber δ = 1e-3, log residuals)
// Chinchilla fit? On generated IsoFLOP-like data (tests/support/isoflop_data.h),
// for several seeds, prints per parameter the standard error of
//   wald       s²(JᵀJ)⁻¹ of the plain residuals (the old default),
//   sandwich   the robust objective's sandwich (--errors sandwich),
//   boot-200   the default: a seeded bootstrap of 200 resamples,
//   boot-ref   the reference: a 4,000-resample bootstrap, another seed,
// each over the reference, in the fitted space (log A, log B, log E, α, β)
// where the covariance lives and on the reported scale (A, B, E, α, β).
// The bootstrap's standard deviation on the reported scale is dominated by
// a few resamples for A and B (their distribution is skewed), so the last
// line counts agreement within 25% on both scales.
//
// usage: bench_robust_errors [--seeds K] [--resamples B]   (defaults 3, 4000)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/fit/fitter.h"
#include "core/laws/catalogue.h"
#include "tests/support/isoflop_data.h"

using namespace rs;

namespace {
std::vector<double> fittedSe(const fit::FitResult& r) {
  std::vector<double> se;
  const std::size_t p = r.params.size();
  for (std::size_t i = 0; i < p; ++i) se.push_back(r.covariance.empty() ? NAN : std::sqrt(r.covariance[i * p + i]));
  return se;
}
double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
  int seeds = 3, resamples = 4000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--resamples") == 0) resamples = std::atoi(argv[i + 1]);
  }
  const auto law = laws::findLaw("chinchilla");
  fit::FitDataSpec spec;
  spec.metric = "loss";
  struct Variant {
    const char* name;
    int outliers;
    double scale;
    bool heavy;
  };
  const Variant variants[] = {{"t4 noise (sd 1.4%) + 5 high-loss outliers", 5, 0.01, true},
                              {"normal noise (sd 1.5%), no outliers", 0, 0.015, false},
                              {"t4 noise (sd 2.8%) + 8 high-loss outliers", 8, 0.02, true}};
  int within = 0, total = 0, withinReported = 0, bootWithin = 0, bootWithinReported = 0;
  for (const Variant& variant : variants)
  for (int seed = 1; seed <= seeds; ++seed) {
    const fit::FitData data =
        fit::buildFitData(*law, testing::isoflopRuns(static_cast<std::uint64_t>(seed), variant.outliers, variant.scale, variant.heavy), spec,
                          laws::ResidualSpace::Log);
    fit::FitOptions base;
    base.influence = false;
    fit::FitOptions o = base;
    o.errors = fit::ErrorMethod::Sandwich;
    auto t0 = std::chrono::steady_clock::now();
    const fit::FitResult sandwich = fit::fitLaw(*law, data, o);
    const double tSandwich = seconds(t0);
    o.errors = fit::ErrorMethod::Wald;
    const fit::FitResult wald = fit::fitLaw(*law, data, o);
    t0 = std::chrono::steady_clock::now();
    const fit::FitResult boot200 = fit::fitLaw(*law, data, base);  // the default
    const double t200 = seconds(t0);
    o.bootstrap = resamples;
    o.seed = 1000 + static_cast<std::uint64_t>(seed);
    t0 = std::chrono::steady_clock::now();
    const fit::FitResult reference = fit::fitLaw(*law, data, o);
    const double tRef = seconds(t0);
    if (!sandwich.ok || !wald.ok || !boot200.ok || !reference.ok) {
      std::fprintf(stderr, "seed %d: a fit failed\n", seed);
      return 1;
    }
    std::printf("%s, seed %d: %d points; default errors: %s (%d resamples); fit+sandwich %.2f s, fit+default %.2f s, fit+bootstrap-%d %.2f s (%d fitted)\n",
                variant.name, seed, data.size(), fit::errorMethodId(boot200.error_method), boot200.bootstrap_resamples, tSandwich, t200, resamples,
                tRef, reference.bootstrap_succeeded);
    std::printf("  %-6s %11s | %9s %9s %9s %9s | %6s %6s %6s | %10s %10s %10s %10s\n", "param", "value", "wald", "sandwich", "boot-200",
                "boot-ref", "W/ref", "S/ref", "B/ref", "wald", "sandwich", "boot-200", "boot-ref");
    std::printf("  %-6s %11s | %-39s | %-20s | %s\n", "", "", "fitted-space standard errors", "ratio to reference", "reported-scale standard errors");
    const auto w = fittedSe(wald), s = fittedSe(sandwich), b = fittedSe(boot200), ref = fittedSe(reference);
    for (std::size_t i = 0; i < sandwich.params.size(); ++i) {
      const auto& p = sandwich.params[i];
      std::printf("  %-6s %11.5g | %9.4g %9.4g %9.4g %9.4g | %6.2f %6.2f %6.2f | %10.4g %10.4g %10.4g %10.4g\n", p.name.c_str(), p.value, w[i], s[i],
                  b[i], ref[i], w[i] / ref[i], s[i] / ref[i], b[i] / ref[i], wald.params[i].std_error, p.std_error, boot200.params[i].std_error,
                  reference.params[i].std_error);
      ++total;
      within += std::fabs(s[i] / ref[i] - 1) <= 0.25;
      bootWithin += std::fabs(b[i] / ref[i] - 1) <= 0.25;
      withinReported += std::fabs(p.std_error / reference.params[i].std_error - 1) <= 0.25;
      bootWithinReported += std::fabs(boot200.params[i].std_error / reference.params[i].std_error - 1) <= 0.25;
    }
  }
  std::printf("within 25%% of the %d-resample bootstrap, of %d parameter estimates: sandwich %d (fitted space), %d (reported scale); "
              "bootstrap-200 %d (fitted space), %d (reported scale)\n",
              resamples, total, within, withinReported, bootWithin, bootWithinReported);
  return 0;
}
