#pragma once
// Parameter vectors drawn from N(θ̂, Σ) in a fit's fitted space: the fit's
// own uncertainty, carried through any function of θ that has no
// closed-form error (a knee's position, an inverted law).

#include <cstdint>
#include <vector>

#include "core/fit/fitter.h"

namespace rs::fit {

// `count` seeded draws; empty when the fit has no covariance or it is not
// positive definite.
std::vector<std::vector<double>> parameterDraws(const FitResult& fit, int count, std::uint64_t seed);

}  // namespace rs::fit
