#include "core/analysis/knee.h"

#include "core/fit/statistics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/analysis/breakpoint_profile.h"
#include "core/analysis/kneedle.h"
#include "core/fit/fitter.h"
#include "core/fit/parameter_draws.h"
#include "core/laws/catalogue.h"

namespace rs::analysis {
namespace {

// Every run of the curve (its samples; the means for a hand-built curve):
// the points `fit` fits for the same curve, so both find the same law.
std::vector<std::pair<double, double>> fittedPoints(const Curve& c) {
  if (!c.samples.empty()) return c.samples;
  std::vector<std::pair<double, double>> out;
  for (const CurvePoint& p : c.points) out.emplace_back(p.x, p.y);
  return out;
}

fit::FitData curveData(const Curve& c) {
  fit::FitData d;
  for (const auto& [px, py] : fittedPoints(c)) {
    double x[laws::kMaxVariables] = {px, 0, 0, 0};
    d.x.insert(d.x.end(), x, x + laws::kMaxVariables);
    d.y.push_back(py);
    d.run_ids.push_back(0);
  }
  const auto [ylo, yhi] = std::minmax_element(d.y.begin(), d.y.end());
  d.summary = {c.points.front().x, c.points.back().x, *ylo, *yhi};
  return d;
}

// The curvature κ = |y''| / (1 + y'²)^{3/2} of law(θ) on axes normalised to
// [0, 1], on a grid strictly inside [x0, x1]: where it is largest, and
// whether that is the grid's first or last point (a maximum on the edge of
// the domain: κ still growing towards the edge, no peak inside).
struct CurvaturePeak {
  double x = 0;
  bool on_edge = false;
};
constexpr int kCurvatureSteps = 400;

CurvaturePeak maxCurvatureAt(const laws::Law& law, const std::vector<double>& theta, double x0, double x1, double yspan) {
  const double h = (x1 - x0) / kCurvatureSteps;
  int best = -1;
  double bestK = -1;
  for (int i = 1; i < kCurvatureSteps; ++i) {
    const double x = x0 + i * h;
    const double a[laws::kMaxVariables] = {x - h, 0, 0, 0}, b[laws::kMaxVariables] = {x, 0, 0, 0}, c[laws::kMaxVariables] = {x + h, 0, 0, 0};
    const double ya = law.predict(theta.data(), a), yb = law.predict(theta.data(), b), yc = law.predict(theta.data(), c);
    // Derivatives on axes scaled to [0, 1].
    const double dx = h / (x1 - x0);
    const double d1 = (yc - ya) / (2 * dx) / yspan, d2 = (yc - 2 * yb + ya) / (dx * dx) / yspan;
    const double k = std::fabs(d2) / std::pow(1 + d1 * d1, 1.5);
    if (std::isfinite(k) && k > bestK) { bestK = k; best = i; }
  }
  if (best < 0) return {x0, true};
  return {x0 + best * h, best == 1 || best == kCurvatureSteps - 1};
}

Knee maxCurvature(const Curve& c, const KneeOptions& o) {
  Knee k{c.series, c.metric, "max-curvature"};
  const auto law = laws::findLaw(o.accuracy ? "logistic" : "power");
  const fit::FitData data = curveData(c);
  if (static_cast<int>(c.points.size()) < law->parameterCount() + 1) { k.note = "too few ratios for " + law->info().id; return k; }
  fit::FitOptions fo;
  fo.threads = 1;
  fo.influence = false;
  const fit::FitResult r = fit::fitLaw(*law, data, fo);
  if (!r.ok) { k.note = r.error; return k; }
  const double x0 = c.points.front().x, x1 = c.points.back().x, yspan = std::max(data.summary.y_max - data.summary.y_min, 1e-12);
  const CurvaturePeak peak = maxCurvatureAt(*law, r.theta, x0, x1, yspan);
  k.has_interval = false;
  if (peak.on_edge) {
    // A fitted curve that is most curved at an end of the measured range
    // bends more and more towards it: that is its shape, not a knee.
    char where[48];
    std::snprintf(where, sizeof where, "%.3g", peak.x);
    k.note = "the fitted " + law->info().id + " curve is most curved at the edge of the measured ratios (" + where + "), not inside: no knee";
    return k;
  }
  k.found = true;
  k.ratio = peak.x;
  k.ci_low = k.ci_high = k.ratio;
  k.note = "the " + law->info().id + " fit has no parameter covariance, so the knee has no interval";
  // Parameter draws from N(θ̂, Σ) give the knee's sampling spread; a draw
  // whose curvature peaks on the edge counts there, widening the interval.
  const auto draws = fit::parameterDraws(r, 200, o.seed);
  if (draws.empty()) return k;
  k.has_interval = true;
  k.note.clear();
  std::vector<double> knees;
  for (const auto& t : draws) knees.push_back(maxCurvatureAt(*law, t, x0, x1, yspan).x);
  std::sort(knees.begin(), knees.end());
  // Never narrower than the grid the maximum is read from.
  const double step = (x1 - x0) / kCurvatureSteps;
  k.ci_low = std::min(knees[5], k.ratio - step);
  k.ci_high = std::max(knees[194], k.ratio + step);
  return k;
}

// The segmented detector: the profile-likelihood breakpoint (breakpoint_profile.h).
Knee segmented(const Curve& c, const std::vector<double>& xs, const std::vector<double>& ys) {
  Knee seg{c.series, c.metric, "segmented"};
  if (c.points.size() < 5) { seg.note = "fewer than 5 ratios for a two-piece fit"; return seg; }
  const BreakpointProfile profile = profileBreakpoint(xs, ys);
  if (!profile.ok) { seg.note = "the ratios have no spread"; return seg; }
  if (profile.spans_range) {
    seg.note = "the breakpoint's 95% profile interval spans every measured ratio: the data place no break";
    return seg;
  }
  seg.found = true;
  seg.ratio = profile.breakpoint;
  seg.ci_low = profile.ci_low;
  seg.ci_high = profile.ci_high;
  return seg;
}

}  // namespace

std::vector<Knee> findKnees(const Curve& c, const KneeOptions& o) {
  std::vector<Knee> out;
  std::vector<double> xs, ys;
  for (const CurvePoint& p : c.points) {
    xs.push_back(p.x);
    ys.push_back(p.y);
  }
  Knee kn{c.series, c.metric, "kneedle"};
  if (xs.size() >= 3) {
    // An S-shaped collapse (holds, falls, floors) bends both ways; Kneedle
    // then lands on an end point for the shape it was given. An end point is
    // no knee: try the other curvature before giving up.
    KneedleOptions shape = detectShape(xs, ys, o.sensitivity);
    auto x = kneedle(xs, ys, shape);
    if (!x || *x == xs.front() || *x == xs.back()) {
      shape.shape = shape.shape == Shape::Concave ? Shape::Convex : Shape::Concave;
      x = kneedle(xs, ys, shape);
      if (x && (*x == xs.front() || *x == xs.back())) x.reset();
    }
    if (x) {
      kn.found = true;
      kn.ratio = *x;
      const auto it = std::find(xs.begin(), xs.end(), *x);
      const std::size_t i = static_cast<std::size_t>(it - xs.begin());
      kn.ci_low = xs[i == 0 ? 0 : i - 1];
      kn.ci_high = xs[std::min(i + 1, xs.size() - 1)];
    } else {
      kn.note = "no knee inside the measured ratios";
    }
  } else {
    kn.note = "fewer than 3 ratios";
  }
  out.push_back(kn);
  out.push_back(maxCurvature(c, o));

  // The breakpoint is fitted to every run (profile F test with n runs).
  std::vector<double> sx, sy;
  for (const auto& [px, py] : fittedPoints(c)) sx.push_back(px), sy.push_back(py);
  out.push_back(segmented(c, sx, sy));
  return out;
}


bool kneesAgree(const std::vector<Knee>& knees) {
  // Only detected knees with a real interval take part: a bare point, or a
  // detector that found nothing, cannot confirm anything.
  std::vector<const Knee*> judged;
  for (const Knee& k : knees)
    if (k.found && k.has_interval && k.ci_low <= k.ratio && k.ratio <= k.ci_high) judged.push_back(&k);
  if (judged.size() < 2) return false;
  for (std::size_t i = 0; i < judged.size(); ++i)
    for (std::size_t j = i + 1; j < judged.size(); ++j)
      if (judged[i]->ci_high < judged[j]->ci_low || judged[j]->ci_high < judged[i]->ci_low) return false;
  return true;
}

}  // namespace rs::analysis
