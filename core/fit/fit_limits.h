#pragma once
// Where a fit's numbers stop meaning what they seem, so the report and the
// fit panel say so instead of a bare "Fitted":
//  - R² < 0: the law predicts worse than the mean of the points (a constant).
//  - predictions outside the metric's physical range, anywhere over the
//    measured range of the law's primary variable (on a ratio, from 0):
//    an accuracy (or error rate) outside [0, 1]; a value below the metric's
//    floor (a loss's entropy floor, when the task catalogue knows one); a
//    loss below the dense model's own value at ratio 0 by more than the
//    fit's RMSE (a compressed model better than the model it was made from,
//    beyond the scatter the fit itself leaves).
//  - a parameter that measures the effect of a variable which does not vary
//    over the points (the compression law's γ with one recovery budget): it
//    is an intercept, and is named so (ParamEstimate::intercept).

#include <string>
#include <vector>

#include "core/fit/fitter.h"

namespace rs::fit {

// Marks intercepts in fit.params and returns every limit, in words.
// `law` is the law fit.theta belongs to (fittedLaw()).
std::vector<std::string> checkLimits(const laws::Law& law, const FitData& data, FitResult& fit);

}  // namespace rs::fit
