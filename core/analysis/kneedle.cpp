#include "core/analysis/kneedle.h"

#include <algorithm>
#include <cmath>

namespace rs::analysis {
namespace {

std::vector<double> normalise(const std::vector<double>& v) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  std::vector<double> out(v.size());
  const double span = *hi - *lo;
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = span > 0 ? (v[i] - *lo) / span : 0.0;
  return out;
}

}  // namespace

std::optional<double> kneedle(const std::vector<double>& x, const std::vector<double>& y, const KneedleOptions& o) {
  const std::size_t n = x.size();
  if (n < 3 || y.size() != n) return std::nullopt;
  const std::vector<double> xn = normalise(x);
  std::vector<double> yn = normalise(y);
  // kneed's transform_y: every shape becomes concave increasing; two of
  // them reverse the order of the points, which maps the knee index back.
  bool reversed = false;
  const double ymax = *std::max_element(yn.begin(), yn.end());
  if (o.direction == Direction::Decreasing) {
    if (o.shape == Shape::Concave) {
      std::reverse(yn.begin(), yn.end());
      reversed = true;
    } else {
      for (double& v : yn) v = ymax - v;
    }
  } else if (o.shape == Shape::Convex) {
    for (double& v : yn) v = ymax - v;
    std::reverse(yn.begin(), yn.end());
    reversed = true;
  }
  std::vector<double> yd(n);
  for (std::size_t i = 0; i < n; ++i) yd[i] = yn[i] - xn[i];

  // Local maxima and minima of the difference curve (>= and <=, as kneed's
  // argrelextrema). Interior points only: kneed's 'clip' mode also lets an
  // end point be a maximum, which on an S-shaped collapse reports the first
  // or last ratio as the knee; on curves with one bend the two agree.
  std::vector<bool> isMax(n, false), isMin(n, false);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    isMax[i] = yd[i] >= yd[i - 1] && yd[i] >= yd[i + 1];
    isMin[i] = yd[i] <= yd[i - 1] && yd[i] <= yd[i + 1];
  }
  const auto firstMax = std::find(isMax.begin(), isMax.end(), true);
  if (firstMax == isMax.end()) return std::nullopt;
  double meanStep = 0;
  for (std::size_t i = 1; i < n; ++i) meanStep += std::fabs(xn[i] - xn[i - 1]);
  meanStep /= static_cast<double>(n - 1);

  double threshold = 0;
  std::size_t thresholdIndex = 0;
  for (std::size_t i = static_cast<std::size_t>(firstMax - isMax.begin()); i + 1 < n; ++i) {
    if (isMax[i]) {
      threshold = yd[i] - o.sensitivity * meanStep;
      thresholdIndex = i;
    }
    if (isMin[i]) threshold = 0.0;
    if (yd[i + 1] < threshold) return reversed ? x[n - 1 - thresholdIndex] : x[thresholdIndex];
  }
  return std::nullopt;
}

KneedleOptions detectShape(const std::vector<double>& x, const std::vector<double>& y, double sensitivity) {
  KneedleOptions o;
  o.sensitivity = sensitivity;
  const std::size_t n = x.size();
  if (n < 2) return o;
  o.direction = y.back() >= y.front() ? Direction::Increasing : Direction::Decreasing;
  // Mean signed distance of the curve above its chord: > 0 means concave.
  double above = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = (x[i] - x.front()) / (x.back() - x.front());
    above += y[i] - (y.front() + t * (y.back() - y.front()));
  }
  o.shape = above >= 0 ? Shape::Concave : Shape::Convex;
  return o;
}

}  // namespace rs::analysis
