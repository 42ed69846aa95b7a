#include "core/fit/bands.h"

#include <unordered_map>

#include "core/fit/statistics.h"
#include "core/fit/student_t.h"

#include <algorithm>
#include <cmath>

namespace rs::fit {
namespace {

double inSpace(laws::ResidualSpace space, double y) { return space == laws::ResidualSpace::Log ? std::log(y) : y; }
double fromSpace(laws::ResidualSpace space, double g) { return space == laws::ResidualSpace::Log ? std::exp(g) : g; }
}  // namespace

namespace {
// Student's t 97.5% quantile, remembered per degrees of freedom: a drawn
// curve asks it at every one of its points (12,000 runs: ~9,000 times per
// figure), and each answer is a root search.
double studentT975(int dof) {
  thread_local std::unordered_map<int, double> known;
  const auto it = known.find(dof);
  if (it != known.end()) return it->second;
  return known[dof] = studentTQuantile(0.975, dof);
}
}  // namespace

BandPoint predictWithBand(const laws::Law& catalogueLaw, const FitResult& fit, const double* x) {
  const laws::Law& law = fittedLaw(catalogueLaw, fit);
  BandPoint b;
  b.y = law.predict(fit.theta.data(), x);
  b.conf_low = b.conf_high = b.pred_low = b.pred_high = b.y;
  const int p = static_cast<int>(fit.theta.size());
  if (!std::isfinite(b.y) || (fit.space == laws::ResidualSpace::Log && b.y <= 0)) return b;
  const double g = inSpace(fit.space, b.y);
  // A new run's scatter s is estimated from n − p residuals: its quantile is
  // Student's t, 2.57 for the five spare points of eight sizes and a
  // three-parameter law, not 1.96 (bench_effective_params: predicted natives
  // covered a fresh native 93% with z on such data).
  const int dof = fit.n_points - p;
  const double tPred = dof >= 1 ? studentT975(dof) : kZ95;
  if (fit.bootstrap_thetas.size() >= 20) {
    // The resamples' own spread, not a linearisation of their covariance:
    // for Chinchilla log A and α move together along a curved valley, and
    // the delta method through that covariance gave ±3 nats where the
    // resampled curves differ by hundredths (the bundled trials example).
    std::vector<double> gs;
    for (const auto& t : fit.bootstrap_thetas) {
      const double y = law.predict(t.data(), x);
      if (std::isfinite(y) && (fit.space == laws::ResidualSpace::Linear || y > 0)) gs.push_back(inSpace(fit.space, y));
    }
    if (gs.size() < 20) return b;
    const double lo = std::min(g, percentile(gs, 0.025)), hi = std::max(g, percentile(gs, 0.975));
    b.conf_low = fromSpace(fit.space, lo);
    b.conf_high = fromSpace(fit.space, hi);
    // A new run: the curve's uncertainty on each side and the points'
    // scatter s about the curve, added in quadrature.
    const double scatter = tPred * std::sqrt(std::max(0.0, fit.residual_variance));
    b.pred_low = fromSpace(fit.space, g - std::hypot(g - lo, scatter));
    b.pred_high = fromSpace(fit.space, g + std::hypot(hi - g, scatter));
    b.has_band = true;
    return b;
  }
  if (fit.covariance.empty()) return b;
  // Delta-method variance in the residual space.
  std::vector<double> grad(static_cast<std::size_t>(p)), theta = fit.theta;
  for (int i = 0; i < p; ++i) {
    const double h = 1e-6 * std::max(1.0, std::fabs(theta[static_cast<std::size_t>(i)]));
    theta[static_cast<std::size_t>(i)] += h;
    const double up = inSpace(fit.space, law.predict(theta.data(), x));
    theta[static_cast<std::size_t>(i)] -= 2 * h;
    const double down = inSpace(fit.space, law.predict(theta.data(), x));
    theta[static_cast<std::size_t>(i)] += h;
    grad[static_cast<std::size_t>(i)] = (up - down) / (2 * h);
  }
  double var = 0;
  for (int i = 0; i < p; ++i)
    for (int j = 0; j < p; ++j)
      var += grad[static_cast<std::size_t>(i)] * fit.covariance[static_cast<std::size_t>(i * p + j)] * grad[static_cast<std::size_t>(j)];
  if (!std::isfinite(var) || var < 0) return b;
  const double se = std::sqrt(var), sePred = std::sqrt(var + fit.residual_variance);
  b.conf_low = fromSpace(fit.space, g - kZ95 * se);
  b.conf_high = fromSpace(fit.space, g + kZ95 * se);
  b.pred_low = fromSpace(fit.space, g - tPred * sePred);
  b.pred_high = fromSpace(fit.space, g + tPred * sePred);
  b.has_band = true;
  return b;
}

}  // namespace rs::fit
