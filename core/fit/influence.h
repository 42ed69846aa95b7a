#pragma once
// Internal to core/fit: does the fit hang on a few points?
//
// For each parameter, the points that pull it hardest one way are ranked by
// their one-step influence Δθ_i = A⁻¹ ψ(r_i) J_i (the Newton step that
// removing point i would take from θ̂; for least squares the classic
// DFBETA without the leverage correction). The top k (k ≤ 5, and at most
// one point in 20, at least one) are left out and the law is refitted from
// θ̂ with a single start: p refits, a few more to find the fewest points
// that do it. The linear ranking only chooses whom to leave out; whether the
// parameter leaves its interval is decided by the refit, because one step is
// far too short where the fit hangs on a few points.

#include <string>
#include <vector>

#include "core/fit/covariance.h"
#include "core/fit/fitter.h"

namespace rs::fit::detail {

// Findings for parameters that left their 95% interval (result.params'
// ci_low/ci_high), fewest points first.
std::vector<InfluentialPoints> influentialPoints(const laws::Law& law, const FitData& data, const FitResult& result,
                                                 const Linearisation& lin, const FitOptions& options);

// The findings as notes for people, one per set of points ("influence:
// leaving out 2 points (run 12 m12, run 40 m40) moves B from 2143 to
// 1.285e+04 and beta from 0.367 to 0.453, outside their 95% intervals (...):
// the fit hangs on them").
std::vector<std::string> influenceNotes(const std::vector<InfluentialPoints>& findings);

}  // namespace rs::fit::detail
