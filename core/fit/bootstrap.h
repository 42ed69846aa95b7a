#pragma once
// Internal to core/fit: the nonparametric bootstrap of a fit. Each resample
// draws n points with replacement and is refitted from θ̂ with one start
// (the multi-start found the basin; a resample moves within it). Resample
// indices are drawn up front from the seed, so the same seed gives the same
// resamples whatever the thread count.

#include <cstdint>
#include <vector>

#include "core/fit/fit_data.h"
#include "core/fit/fitter.h"

namespace rs::fit::detail {

// The fitted-space θ of every resample that fitted, in resample order.
std::vector<std::vector<double>> bootstrapThetas(const laws::Law& law, const FitData& data, const std::vector<double>& theta,
                                                 laws::ResidualSpace space, const laws::RobustLoss& robust, const FitOptions& options,
                                                 int resamples);

}  // namespace rs::fit::detail
