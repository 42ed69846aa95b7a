#include "core/fit/bands.h"

#include "core/fit/statistics.h"

#include <algorithm>
#include <cmath>

namespace rs::fit {
namespace {

double inSpace(laws::ResidualSpace space, double y) { return space == laws::ResidualSpace::Log ? std::log(y) : y; }
double fromSpace(laws::ResidualSpace space, double g) { return space == laws::ResidualSpace::Log ? std::exp(g) : g; }
}  // namespace

BandPoint predictWithBand(const laws::Law& catalogueLaw, const FitResult& fit, const double* x) {
  const laws::Law& law = fittedLaw(catalogueLaw, fit);
  BandPoint b;
  b.y = law.predict(fit.theta.data(), x);
  b.conf_low = b.conf_high = b.pred_low = b.pred_high = b.y;
  const int p = static_cast<int>(fit.theta.size());
  if (!std::isfinite(b.y) || (fit.space == laws::ResidualSpace::Log && b.y <= 0)) return b;
  const bool bootstrap = fit.bootstrap_thetas.size() >= 20;
  if (fit.covariance.empty() && !bootstrap) return b;
  // Delta-method variance in the residual space (0 without a covariance).
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
  if (!fit.covariance.empty())
    for (int i = 0; i < p; ++i)
      for (int j = 0; j < p; ++j)
        var += grad[static_cast<std::size_t>(i)] * fit.covariance[static_cast<std::size_t>(i * p + j)] * grad[static_cast<std::size_t>(j)];
  if (!std::isfinite(var) || var < 0) return b;
  const double g = inSpace(fit.space, b.y), se = std::sqrt(var), sePred = std::sqrt(var + fit.residual_variance);
  b.conf_low = fromSpace(fit.space, g - kZ95 * se);
  b.conf_high = fromSpace(fit.space, g + kZ95 * se);
  b.pred_low = fromSpace(fit.space, g - kZ95 * sePred);
  b.pred_high = fromSpace(fit.space, g + kZ95 * sePred);
  if (bootstrap) {
    std::vector<double> ys;
    for (const auto& t : fit.bootstrap_thetas) ys.push_back(law.predict(t.data(), x));
    b.conf_low = percentile(ys, 0.025);
    b.conf_high = percentile(ys, 0.975);
    // A new run scatters at least as much as the curve is uncertain.
    b.pred_low = std::min(b.pred_low, b.conf_low);
    b.pred_high = std::max(b.pred_high, b.conf_high);
  }
  b.has_band = true;
  return b;
}

}  // namespace rs::fit
