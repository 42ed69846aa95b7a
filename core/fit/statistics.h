#pragma once
// Small statistics shared by fits, bands and core/analysis.
#include <algorithm>
#include <cmath>
#include <vector>

namespace rs::fit {

constexpr double kZ95 = 1.959963984540054;  // two-sided 95% normal quantile

// Linear-interpolated percentile (q in [0, 1]) of a non-empty sample: the
// same definition as numpy's default, for bootstrap intervals and bands.
inline double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * (static_cast<double>(v.size()) - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos)), hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace rs::fit
