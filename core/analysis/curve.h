#pragma once
// A measured curve for analysis: one series (family/model/method/budget) of
// one metric against the compression ratio, with repeated runs (seeds) at
// the same ratio averaged: y the mean, se the standard error of that mean.
// The detectors that read one value per ratio (Kneedle, dropout) use the
// means; those that fit a law (max-curvature, segmented) fit every run, the
// points `ratioscope-cli fit` fits for the same curve.

#include <optional>
#include <string>
#include <vector>

#include "core/model/run.h"
#include "core/model/series.h"

namespace rs::analysis {

struct CurvePoint {
  double x = 0, y = 0;
  std::optional<double> se;  // from the runs' stderr, or binomial from n; none when neither is known
  int runs = 0;
};

struct Curve {
  std::string series;  // "model · method"
  std::string metric;
  std::vector<CurvePoint> points;  // strictly increasing x
  // Every run's (x, y), in x order: the points a law is fitted to. Empty
  // for a curve built by hand from means: the fits then use `points`.
  std::vector<std::pair<double, double>> samples;
};

// Averages a series' points per x. `runs` are the runs the series was built from.
Curve toCurve(const Series& series, const std::string& metric, const std::vector<Run>& runs);

}  // namespace rs::analysis
