#include "core/fit/fit_limits.h"
#include "core/model/compact_number.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

namespace rs::fit {
namespace {

// A point's label without its ratio: "llama-7b · rtn".
std::string curveOf(const FitData& data, int i) {
  if (static_cast<std::size_t>(i) >= data.labels.size()) return {};
  const std::string& l = data.labels[static_cast<std::size_t>(i)];
  return l.substr(0, l.find(" r="));
}

// The worst prediction on one side of a limit, and where it was made.
struct Worst {
  double excess = 0;  // how far beyond the limit (> 0 when beyond)
  double value = 0, at = 0, limit = 0;
  int point = -1;
  void offer(double e, double v, double x, double lim, int i) {
    if (e > excess) *this = {e, v, x, lim, i};
  }
};

}  // namespace

std::vector<std::string> checkLimits(const laws::Law& law, const FitData& data, FitResult& fit) {
  std::vector<std::string> out;
  const laws::LawInfo& info = law.info();
  const int n = data.size();
  if (n == 0 || fit.theta.empty()) return out;

  if (fit.r2 < 0)
    out.push_back("R² = " + significant(fit.r2, 4) + " < 0: the fit is worse than a constant (the mean of the points)");

  // Intercepts: the effect of a variable that is one value at every point.
  for (const laws::ParamEffect& effect : info.effects) {
    const auto v = std::find(info.variables.begin(), info.variables.end(), effect.variable) - info.variables.begin();
    if (v >= static_cast<long>(info.variables.size())) continue;
    bool constant = true;
    for (int i = 1; i < n && constant; ++i) constant = data.xAt(i)[v] == data.xAt(0)[v];
    if (!constant) continue;
    for (ParamEstimate& p : fit.params) {
      if (p.name != effect.param) continue;
      std::string meaning;
      for (const laws::ParamSpec& s : info.params)
        if (s.name == p.name) meaning = s.meaning;
      p.intercept = true;
      p.meaning = "intercept: " + effect.constant_reading + " (" + laws::variableName(effect.variable) + " = " + significant(data.xAt(0)[v], 4) +
                  " at every point)";
      out.push_back(p.display + " is an intercept here, not the " + meaning + ": every run has " + laws::variableName(effect.variable) +
                    " = " + significant(data.xAt(0)[v], 4) + ", so " + effect.constant_reading +
                    "; runs that differ in it are needed to measure that effect");
    }
  }

  // Predictions over the measured range of the primary variable (from 0 on
  // a ratio: the dense model's place), at every other setting of the points.
  const int v = data.primaryVariable;
  double lo = data.xAt(0)[v], hi = lo;
  for (int i = 0; i < n; ++i) lo = std::min(lo, data.xAt(i)[v]), hi = std::max(hi, data.xAt(i)[v]);
  if (data.primary_is_ratio) lo = std::min(lo, 0.0);
  const MetricRange& range = data.range;
  const bool denseCheck = range.lower_is_better && !range.accuracy && data.primary_is_ratio && std::isfinite(fit.rmse);
  Worst below0, above1, belowFloor, belowDense;
  std::set<std::vector<double>> settings;  // other variables (and the dense value) already swept
  constexpr int kSteps = 40;
  for (int i = 0; i < n; ++i) {
    const double dense = static_cast<std::size_t>(i) < data.dense_y.size() ? data.dense_y[static_cast<std::size_t>(i)] : NAN;
    std::vector<double> x(data.xAt(i), data.xAt(i) + laws::kMaxVariables);
    std::vector<double> key = x;
    key[static_cast<std::size_t>(v)] = 0;
    key.push_back(std::isfinite(dense) ? dense : -1);
    if (!settings.insert(key).second) continue;
    for (int k = 0; k <= kSteps; ++k) {
      x[static_cast<std::size_t>(v)] = lo + (hi - lo) * k / kSteps;
      const double y = law.predict(fit.theta.data(), x.data());
      if (!std::isfinite(y)) continue;
      const double at = x[static_cast<std::size_t>(v)];
      if (range.accuracy) {
        below0.offer(-y, y, at, 0, i);
        above1.offer(y - 1, y, at, 1, i);
      }
      if (range.floor) belowFloor.offer(*range.floor - y, y, at, *range.floor, i);
      if (denseCheck && std::isfinite(dense)) belowDense.offer(dense - fit.rmse - y, y, at, dense, i);
    }
  }
  // A scaling law's limit as size and tokens grow (Chinchilla's E): 1,000×
  // beyond the largest measured N and D. Below the floor, the law promises
  // losses no model can reach once it is extrapolated.
  Worst beyondFloor;
  if (range.floor) {
    std::vector<double> far(laws::kMaxVariables, 0), top(laws::kMaxVariables, 0);
    bool scales = false;
    for (std::size_t j = 0; j < info.variables.size(); ++j)
      if (info.variables[j] == laws::Variable::N || info.variables[j] == laws::Variable::D) {
        scales = true;
        for (int i = 0; i < n; ++i) top[j] = std::max(top[j], data.xAt(i)[j]);
      }
    if (scales)
      for (int i = 0; i < n; ++i) {
        far.assign(data.xAt(i), data.xAt(i) + laws::kMaxVariables);
        for (std::size_t j = 0; j < info.variables.size(); ++j)
          if (info.variables[j] == laws::Variable::N || info.variables[j] == laws::Variable::D) far[j] = 1e3 * top[j];
        const double y = law.predict(fit.theta.data(), far.data());
        if (std::isfinite(y)) beyondFloor.offer(*range.floor - y, y, 0, *range.floor, i);
      }
  }
  const std::string variable = info.variables[static_cast<std::size_t>(v)] == laws::Variable::X
                                   ? (data.primary_is_ratio ? "ratio" : "x")
                                   : laws::variableName(info.variables[static_cast<std::size_t>(v)]);
  const std::string metric = "'" + range.metric + "'";
  const auto where = [&](const Worst& w) {
    const std::string curve = curveOf(data, w.point);
    return " at " + variable + " = " + significant(w.at, 4) + (curve.empty() ? "" : " (" + curve + ")");
  };
  constexpr double tiny = 1e-9;
  if (below0.excess > tiny) out.push_back("predicts " + metric + " = " + significant(below0.value, 4) + where(below0) + ", below 0: an accuracy lies in [0, 1]");
  if (above1.excess > tiny) out.push_back("predicts " + metric + " = " + significant(above1.value, 4) + where(above1) + ", above 1: an accuracy lies in [0, 1]");
  if (belowFloor.excess > tiny)
    out.push_back("predicts " + metric + " = " + significant(belowFloor.value, 4) + where(belowFloor) + ", below its floor " + significant(belowFloor.limit, 4) +
                  ", which no model can reach");
  if (beyondFloor.excess > tiny && belowFloor.excess <= tiny)
    out.push_back("predicts " + metric + " = " + significant(beyondFloor.value, 4) + " at 1,000× the largest measured N and D, below its floor " +
                  significant(beyondFloor.limit, 4) + ": extrapolated, the law promises losses no model can reach");
  if (belowDense.excess > 0)
    out.push_back("predicts " + metric + " = " + significant(belowDense.value, 4) + where(belowDense) + ", below the dense model's " +
                  significant(belowDense.limit, 4) + " at ratio 0 by more than the fit's RMSE (" + significant(fit.rmse, 4) +
                  "): a compressed model better than the one it was made from");
  return out;
}

}  // namespace rs::fit
