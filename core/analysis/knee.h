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
//                 parameter draws from the fit's covariance (seeded), never
//                 narrower than the curvature grid. A maximum on the edge of
//                 the measured ratios is no knee (a power law concave at the
//                 first ratio is most curved there): none, with the reason.
//  segmented      the breakpoint of a two-piece linear fit, with its
//                 profile-likelihood interval (breakpoint_profile.h); a Wald
//                 error at a kink is not valid. None when that interval
//                 spans every measured ratio.
//
// Knees "agree" when at least two detectors found a knee with an interval
// and every pair of those intervals overlaps.

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

// True when at least two knees were found with a valid interval (it holds
// the knee) and every pair of those intervals overlaps. Knees without an
// interval take no part: a bare point confirms nothing.
bool kneesAgree(const std::vector<Knee>& knees);

}  // namespace rs::analysis
