#include "core/analysis/breakpoint_profile.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace rs::analysis {
namespace {

// SSE of the two-piece fit with the breakpoint fixed at b.
double sseAt(const std::vector<double>& x, const std::vector<double>& y, double b) {
  const Eigen::Index n = static_cast<Eigen::Index>(x.size());
  Eigen::MatrixXd design(n, 3);
  Eigen::VectorXd target(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double d = x[static_cast<std::size_t>(i)] - b;
    design(i, 0) = 1;
    design(i, 1) = std::min(d, 0.0);
    design(i, 2) = std::max(d, 0.0);
    target[i] = y[static_cast<std::size_t>(i)];
  }
  const Eigen::VectorXd coef = design.colPivHouseholderQr().solve(target);
  return (design * coef - target).squaredNorm();
}

}  // namespace

BreakpointProfile profileBreakpoint(const std::vector<double>& x, const std::vector<double>& y) {
  BreakpointProfile out;
  const std::size_t n = x.size();
  if (n < 5 || y.size() != n || !(x.back() > x.front())) return out;
  // Breakpoints strictly inside the measured range, on a grid much finer
  // than the spacing of the points.
  const int steps = 1000;
  const double x0 = x.front(), x1 = x.back(), h = (x1 - x0) / steps;
  std::vector<double> sse(static_cast<std::size_t>(steps + 1), INFINITY);
  int best = 1;
  for (int k = 1; k < steps; ++k) {
    sse[static_cast<std::size_t>(k)] = sseAt(x, y, x0 + k * h);
    if (sse[static_cast<std::size_t>(k)] < sse[static_cast<std::size_t>(best)]) best = k;
  }
  // Golden-section refinement inside the neighbouring grid cells.
  double a = x0 + (best - 1) * h, b = x0 + (best + 1) * h;
  const double g = 0.5 * (std::sqrt(5.0) - 1);
  double c = b - g * (b - a), d = a + g * (b - a), fc = sseAt(x, y, c), fd = sseAt(x, y, d);
  for (int i = 0; i < 60; ++i) {
    if (fc < fd) b = d, d = c, fd = fc, c = b - g * (b - a), fc = sseAt(x, y, c);
    else a = c, c = d, fc = fd, d = a + g * (b - a), fd = sseAt(x, y, d);
  }
  out.breakpoint = fc < fd ? c : d;
  out.sse = std::min({fc, fd, sse[static_cast<std::size_t>(best)]});
  if (sse[static_cast<std::size_t>(best)] <= out.sse) out.breakpoint = x0 + best * h;
  const double dof = static_cast<double>(n) - 4;
  const double t = studentTQuantile(0.975, dof);
  const double threshold = out.sse * (1 + t * t / dof);
  // The hull of every grid breakpoint that passes, edges refined by bisection.
  int lo = best, hi = best;
  for (int k = 1; k < steps; ++k)
    if (sse[static_cast<std::size_t>(k)] <= threshold) lo = std::min(lo, k), hi = std::max(hi, k);
  const auto crossing = [&](double inside, double outside) {
    for (int i = 0; i < 50; ++i) {
      const double mid = 0.5 * (inside + outside);
      (sseAt(x, y, mid) <= threshold ? inside : outside) = mid;
    }
    return inside;
  };
  out.ci_low = lo == 1 ? x0 : crossing(x0 + lo * h, x0 + (lo - 1) * h);
  out.ci_high = hi == steps - 1 ? x1 : crossing(x0 + hi * h, x0 + (hi + 1) * h);
  out.ci_low = std::min(out.ci_low, out.breakpoint);
  out.ci_high = std::max(out.ci_high, out.breakpoint);
  out.spans_range = lo == 1 && hi == steps - 1;
  out.ok = true;
  return out;
}

}  // namespace rs::analysis
