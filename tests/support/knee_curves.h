#pragma once
// Generated degradation curves with the shapes that broke the knee
// detectors on published sweeps (nothing copied; a seeded generator):
//
//  - 18 average-accuracy curves of a layer-slicing sweep: ratios 0 .. 0.5
//    (dense first), accuracy a₀ − b·r^c with c in [0.5, 1.9], so the curve
//    is most curved at its first ratio (a power law fitted to it is concave
//    there) or hardly curved at all; noise 0.4 points;
//  - 6 structured-pruning loss curves: ratios 0 .. 0.6, loss L₀·(1 + b·r^c)
//    with c in [1.1, 1.9], again most curved at the first ratio;
//  - 6 collapsing loss curves: ratios 0 .. 0.7, a slow rise until a ratio
//    in [0.42, 0.58], then a blow-up (loss ×2–×5 within 0.15): the shape on
//    which the steep second slope shrinks a Wald error of the two-piece
//    breakpoint to nothing.
// The metric is a generic average (not a catalogued task), so max-curvature
// fits the power law with offset, as it does for such metrics.

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/analysis/curve.h"

namespace rs::testing {

struct KneeCurveSet {
  std::vector<analysis::Curve> concave_accuracy, concave_loss, collapsing;
};

inline KneeCurveSet kneeCurves(std::uint64_t seed = 11) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> z(0.0, 1.0);
  KneeCurveSet set;
  const auto make = [](const std::string& name, const std::string& metric) {
    analysis::Curve c;
    c.series = name;
    c.metric = metric;
    return c;
  };
  for (int k = 0; k < 18; ++k) {
    analysis::Curve c = make("slice-" + std::to_string(k), "avg_acc");
    const double a0 = 0.55 + 0.15 * u(rng), b = 0.15 + 0.2 * u(rng), e = 0.5 + 1.4 * u(rng);
    for (double r : {0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5})
      c.points.push_back({r, a0 - b * std::pow(r, e) + (r > 0 ? 0.004 * z(rng) : 0.0), 0.004, 1});
    set.concave_accuracy.push_back(c);
  }
  for (int k = 0; k < 6; ++k) {
    analysis::Curve c = make("prune-" + std::to_string(k), "loss");
    const double l0 = 2.0 + 0.8 * u(rng), b = 0.4 + 1.2 * u(rng), e = 1.1 + 0.8 * u(rng);
    for (double r : {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6})
      c.points.push_back({r, l0 * (1 + b * std::pow(r, e)) * (r > 0 ? std::exp(0.01 * z(rng)) : 1.0), std::nullopt, 1});
    set.concave_loss.push_back(c);
  }
  for (int k = 0; k < 6; ++k) {
    analysis::Curve c = make("collapse-" + std::to_string(k), "loss");
    const double l0 = 2.0 + 0.8 * u(rng), at = 0.42 + 0.16 * u(rng), steep = 30 + 40 * u(rng);
    for (int i = 0; i <= 14; ++i) {
      const double r = 0.05 * i;
      const double y = l0 * (1 + 0.15 * r) + (r > at ? steep * (r - at) * (r - at) / 0.05 + steep * 0.2 * (r - at) : 0.0);
      c.points.push_back({r, y * (i > 0 ? std::exp(0.01 * z(rng)) : 1.0), std::nullopt, 1});
    }
    set.collapsing.push_back(c);
  }
  return set;
}

}  // namespace rs::testing
