#include "core/fit/influence.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/fit/multistart.h"

namespace rs::fit::detail {
namespace {

// The fit without `drop` (indices into data), from θ̂; empty when it fails.
std::vector<double> refitWithout(const laws::Law& law, const FitData& data, const FitResult& result, const std::vector<int>& drop,
                                 const FitOptions& options) {
  std::vector<int> keep;
  for (int i = 0; i < data.size(); ++i)
    if (std::find(drop.begin(), drop.end(), i) == drop.end()) keep.push_back(i);
  FitOptions single = options;
  single.threads = 1;
  single.progress = nullptr;
  const auto solved = solveMultiStart(law, subset(data, keep), {result.theta}, result.space, result.robust, single);
  return solved.found ? solved.theta : std::vector<double>{};
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

std::vector<InfluentialPoints> influentialPoints(const laws::Law& law, const FitData& data, const FitResult& result,
                                                 const Linearisation& lin, const FitOptions& options) {
  std::vector<InfluentialPoints> found;
  const int n = data.size(), p = law.parameterCount();
  // A few points: five at most, one in twenty, and enough left to fit.
  const int most = std::min({5, std::max(1, n / 20), n - p - 1});
  if (most < 1 || lin.bread_inverse.size() == 0) return found;
  // Δθ_i for every point, one column each.
  const Eigen::MatrixXd step = lin.bread_inverse * lin.J.transpose() * lin.psi.asDiagonal();
  const auto& specs = law.info().params;
  for (int j = 0; j < p; ++j) {
    const ParamEstimate& est = result.params[static_cast<std::size_t>(j)];
    if (est.at_bound || !std::isfinite(est.ci_low) || !std::isfinite(est.ci_high) || !(est.ci_low < est.ci_high)) continue;
    // The direction in which the top `most` points push hardest.
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::vector<int> best;
    double bestShift = 0;
    for (double sign : {1.0, -1.0}) {
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return sign * step(j, a) > sign * step(j, b); });
      std::vector<int> top;
      double shift = 0;
      for (int k = 0; k < most && sign * step(j, order[static_cast<std::size_t>(k)]) > 0; ++k) {
        top.push_back(order[static_cast<std::size_t>(k)]);
        shift += std::fabs(step(j, order[static_cast<std::size_t>(k)]));
      }
      if (shift > bestShift) bestShift = shift, best = top;
    }
    if (best.empty()) continue;
    const auto outside = [&](const std::vector<double>& theta) {
      if (theta.empty()) return false;
      const double v = laws::reportedValue(specs[static_cast<std::size_t>(j)], theta[static_cast<std::size_t>(j)]);
      return v < est.ci_low || v > est.ci_high;
    };
    std::vector<double> moved = refitWithout(law, data, result, best, options);
    if (!outside(moved)) continue;
    // The fewest of them that already do it.
    for (std::size_t k = 1; k < best.size(); ++k) {
      const std::vector<int> fewer(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(k));
      std::vector<double> t = refitWithout(law, data, result, fewer, options);
      if (outside(t)) {
        best = fewer;
        moved = std::move(t);
        break;
      }
    }
    InfluentialPoints f;
    f.param = est.name;
    f.points = best;
    for (int i : best) {
      f.run_ids.push_back(data.run_ids[static_cast<std::size_t>(i)]);
      f.labels.push_back(static_cast<std::size_t>(i) < data.labels.size() ? data.labels[static_cast<std::size_t>(i)] : std::string());
    }
    f.value = est.value;
    f.value_without = laws::reportedValue(specs[static_cast<std::size_t>(j)], moved[static_cast<std::size_t>(j)]);
    f.ci_low = est.ci_low;
    f.ci_high = est.ci_high;
    found.push_back(std::move(f));
    if (options.cancelled && options.cancelled()) break;
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.points.size() < b.points.size(); });
  return found;
}

// Findings that name the same points share one note.
std::vector<std::string> influenceNotes(const std::vector<InfluentialPoints>& findings) {
  std::vector<std::string> out;
  std::vector<bool> done(findings.size(), false);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (done[i]) continue;
    const InfluentialPoints& f = findings[i];
    std::string who, moves, intervals;
    for (std::size_t k = 0; k < f.run_ids.size(); ++k)
      who += (k ? ", " : "") + std::string("run ") + std::to_string(f.run_ids[k]) + (f.labels[k].empty() ? "" : " " + f.labels[k]);
    int params = 0;
    for (std::size_t j = i; j < findings.size(); ++j) {
      if (done[j] || findings[j].run_ids != f.run_ids) continue;
      done[j] = true;
      const InfluentialPoints& g = findings[j];
      moves += (params ? " and " : "") + g.param + " from " + number(g.value) + " to " + number(g.value_without);
      intervals += (params ? ", [" : "[") + number(g.ci_low) + ", " + number(g.ci_high) + "]";
      ++params;
    }
    out.push_back("influence: leaving out " + (f.points.size() == 1 ? std::string("1 point") : std::to_string(f.points.size()) + " points") + " (" +
                  who + ") moves " + moves + ", outside " + (params == 1 ? "its 95% interval " + intervals : "their 95% intervals (" + intervals + ")") +
                  ": the fit hangs on them");
  }
  return out;
}

}  // namespace rs::fit::detail
