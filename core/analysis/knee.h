#pragma once
// Where a degradation curve changes regime, by three detectors:
//
//  kneedle        Kneedle on the measured points (shape detected from the
//                 data, sensitivity S; for an S-shaped collapse, whichever
//                 curvature gives a knee inside the range); interval: the
//                 neighbouring ratios.
//  max-curvature  the maximum of κ = |y''| / (1 + y'²)^{3/2} of a fitted
//                 smooth law (logistic for accuracies, power with offset
//                 otherwise) on axes normalised to [0, 1], so units do not
//                 move it; interval: the 2.5/97.5 percentiles over 200
//                 parameter draws from the fit's covariance (seeded).
//  segmented      the breakpoint of a two-piece linear fit, ± 1.96 s.e.
//
// Knees "agree" when their intervals overlap.

#include <string>
#include <vector>

#include "core/analysis/curve.h"

namespace rs::analysis {

struct Knee {
  std::string series, metric, method;  // method: kneedle | max-curvature | segmented
  bool found = false;
  double ratio = 0, ci_low = 0, ci_high = 0;
  std::string note;  // why none was found, or why it has no interval
  // False when the detector could not measure its spread (no covariance at
  // the fit): ci_low = ci_high = ratio then, which is no interval at all.
  bool has_interval = true;
};

struct KneeOptions {
  double sensitivity = 1.0;
  bool accuracy = false;  // chooses the smooth law for max-curvature
  std::uint64_t seed = 1;
};

std::vector<Knee> findKnees(const Curve& curve, const KneeOptions& options);

// True when every pair of found knees agrees: intervals overlap, or a knee
// without an interval lies inside the other's; a pair of two bare points
// says nothing, and with nothing to judge the answer is false.
bool kneesAgree(const std::vector<Knee>& knees);

}  // namespace rs::analysis
