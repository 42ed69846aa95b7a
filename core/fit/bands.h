#pragma once
// Confidence and prediction bands of a fitted law, for drawing.
//
// Confidence band (where the law's curve lies): by the delta method,
// var ĝ(x) = ∇θg(x)ᵀ Σθ ∇θg(x), with g the prediction in the residual space
// (f, or log f for log residuals) and the gradient by central differences;
// when the fit has bootstrap resamples, the 2.5/97.5 percentiles of f(x; θ_b)
// instead. Prediction band (where a new run would land): the same variance
// plus the residual variance s², at Student's t quantile for the n − p
// residuals s² comes from; with resamples, each side of their percentile
// band and t·s added in quadrature (the delta method through a bootstrap
// covariance is not used: it linearises what the resamples show is curved).
// Log-space bands are multiplicative.

#include "core/fit/fitter.h"

namespace rs::fit {

struct BandPoint {
  double y = 0;
  double conf_low = 0, conf_high = 0;  // 95%
  double pred_low = 0, pred_high = 0;  // 95%
  bool has_band = false;               // false when the fit has no covariance or bootstrap
};

BandPoint predictWithBand(const laws::Law& law, const FitResult& fit, const double* x);

}  // namespace rs::fit
