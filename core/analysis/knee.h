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
  std::string note;  // why none was found
};

struct KneeOptions {
  double sensitivity = 1.0;
  bool accuracy = false;  // chooses the smooth law for max-curvature
  std::uint64_t seed = 1;
};

std::vector<Knee> findKnees(const Curve& curve, const KneeOptions& options);

// True when every found knee's interval overlaps every other's.
bool kneesAgree(const std::vector<Knee>& knees);

}  // namespace rs::analysis
