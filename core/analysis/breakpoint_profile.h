#pragma once
// The breakpoint of a two-piece linear fit and its profile-likelihood
// interval.
//
// For a fixed breakpoint b the model y = c + s₁·min(x − b, 0) + s₂·max(x − b, 0)
// is linear in (c, s₁, s₂), so SSE(b) is one small least-squares solve; the
// profile SSE(b) over a fine grid of b inside the measured range (refined
// around its minimum) gives the estimate b̂. A Wald error from the curvature
// of SSE at b̂ is not valid: SSE has a kink wherever b crosses a measured x,
// and on a collapsing curve its curvature there is huge, giving intervals of
// ±1e-5. The interval is instead every b whose SSE passes the F test against
// b̂ (Hudson 1966; Muggeo 2003's profile):
//   SSE(b) ≤ SSE(b̂) · (1 + F₀.₉₅(1, n − 4) / (n − 4)),
// with four parameters (c, s₁, s₂, b). Where SSE has more than one dip, the
// interval is the hull of all of them. When it spans the whole measured
// range the data cannot place a break at all.

#include <string>
#include <vector>

#include "core/fit/student_t.h"

namespace rs::analysis {

struct BreakpointProfile {
  bool ok = false;       // false: fewer than 5 points, or x has no spread
  double breakpoint = 0, sse = 0;
  double ci_low = 0, ci_high = 0;  // 95%, inside [x.front(), x.back()]
  bool spans_range = false;        // the interval reaches both ends of the measured x
};

// x strictly increasing, the same length as y.
BreakpointProfile profileBreakpoint(const std::vector<double>& x, const std::vector<double>& y);

// Student's t quantile, with the fitter (core/fit/student_t.h).
using fit::studentTQuantile;

}  // namespace rs::analysis
