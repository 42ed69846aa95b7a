#pragma once
// The critical compression ratio of a fitted law (Law::criticalRatio, the
// compression law's r_crit for Y/Y0 = σ), with its standard error by the
// delta method through the fit's covariance, and one per model of a fit.
// Law-specific algebra stays on the law; this is the statistics around it.

#include <optional>
#include <string>
#include <vector>

#include "core/fit/fitter.h"
#include "core/model/run.h"

namespace rs::fit {

struct CriticalRatio {
  double sigma = 0, value = 0, std_error = 0;
  double y0 = 0, rft_tokens = 0;  // where it was evaluated (the point's Y0 and recovery tokens, 0 when not shared)
};

// r_crit at one point's variables x (kMaxVariables values, info().variables
// order). Null when the fit failed, the law has no critical ratio
// (law.hasCriticalRatio()) or cannot reach σ there (β = 0, σ or Y0 <= 0).
std::optional<CriticalRatio> criticalRatio(const laws::Law& law, const FitResult& fit, double sigma, const double* x);

// One critical ratio per model of the fit: at the variables its points
// share (its own Y0, its recovery tokens), a variable they do not share
// read as NaN (for recovery tokens: none).
struct ModelCriticalRatio {
  std::string model;
  CriticalRatio ratio;
};
std::vector<ModelCriticalRatio> criticalRatiosByModel(const laws::Law& law, const FitResult& fit, const FitData& data,
                                                      const std::vector<Run>& runs, double sigma);

}  // namespace rs::fit
