#pragma once
// Student's t distribution's quantiles, for intervals whose scale is itself
// estimated from few points: the segmented law's breakpoint profile
// (core/analysis/breakpoint_profile.h) and the prediction bands' scatter
// term (bands.h), where s² comes from n − p residuals.

namespace rs::fit {

// The q quantile of Student's t with ν degrees of freedom (q in (0.5, 1)).
double studentTQuantile(double q, double nu);

}  // namespace rs::fit
