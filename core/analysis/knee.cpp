#include "core/analysis/knee.h"

#include "core/fit/statistics.h"

#include <algorithm>
#include <cmath>

#include "core/analysis/kneedle.h"
#include "core/fit/fitter.h"
#include "core/fit/parameter_draws.h"
#include "core/laws/catalogue.h"

namespace rs::analysis {
namespace {


fit::FitData curveData(const Curve& c) {
  fit::FitData d;
  for (const CurvePoint& p : c.points) {
    double x[laws::kMaxVariables] = {p.x, 0, 0, 0};
    d.x.insert(d.x.end(), x, x + laws::kMaxVariables);
    d.y.push_back(p.y);
    d.run_ids.push_back(0);
  }
  const auto [ylo, yhi] = std::minmax_element(d.y.begin(), d.y.end());
  d.summary = {c.points.front().x, c.points.back().x, *ylo, *yhi};
  return d;
}

// Argmax of the curvature of law(θ) over a grid on normalised axes.
double maxCurvatureAt(const laws::Law& law, const std::vector<double>& theta, double x0, double x1, double yspan) {
  const int steps = 400;
  const double h = (x1 - x0) / steps;
  double best = x0, bestK = -1;
  for (int i = 1; i < steps; ++i) {
    const double x = x0 + i * h;
    const double a[laws::kMaxVariables] = {x - h, 0, 0, 0}, b[laws::kMaxVariables] = {x, 0, 0, 0}, c[laws::kMaxVariables] = {x + h, 0, 0, 0};
    const double ya = law.predict(theta.data(), a), yb = law.predict(theta.data(), b), yc = law.predict(theta.data(), c);
    // Derivatives on axes scaled to [0, 1].
    const double dx = h / (x1 - x0);
    const double d1 = (yc - ya) / (2 * dx) / yspan, d2 = (yc - 2 * yb + ya) / (dx * dx) / yspan;
    const double k = std::fabs(d2) / std::pow(1 + d1 * d1, 1.5);
    if (std::isfinite(k) && k > bestK) { bestK = k; best = x; }
  }
  return best;
}

Knee maxCurvature(const Curve& c, const KneeOptions& o) {
  Knee k{c.series, c.metric, "max-curvature"};
  const auto law = laws::findLaw(o.accuracy ? "logistic" : "power");
  const fit::FitData data = curveData(c);
  if (data.size() < law->parameterCount() + 1) { k.note = "too few ratios for " + law->info().id; return k; }
  fit::FitOptions fo;
  fo.threads = 1;
  const fit::FitResult r = fit::fitLaw(*law, data, fo);
  if (!r.ok) { k.note = r.error; return k; }
  const double x0 = c.points.front().x, x1 = c.points.back().x, yspan = std::max(data.summary.y_max - data.summary.y_min, 1e-12);
  k.found = true;
  k.ratio = maxCurvatureAt(*law, r.theta, x0, x1, yspan);
  k.ci_low = k.ci_high = k.ratio;
  k.has_interval = false;
  k.note = "the " + law->info().id + " fit has no parameter covariance, so the knee has no interval";
  // Parameter draws from N(θ̂, Σ) give the knee's sampling spread.
  const auto draws = fit::parameterDraws(r, 200, o.seed);
  if (draws.empty()) return k;
  k.has_interval = true;
  k.note.clear();
  std::vector<double> knees;
  for (const auto& t : draws) knees.push_back(maxCurvatureAt(*law, t, x0, x1, yspan));
  std::sort(knees.begin(), knees.end());
  k.ci_low = knees[5];
  k.ci_high = knees[194];
  return k;
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

  Knee seg{c.series, c.metric, "segmented"};
  const auto law = laws::findLaw("segmented");
  const fit::FitData data = curveData(c);
  if (data.size() >= 5) {
    fit::FitOptions fo;
    fo.threads = 1;
    const fit::FitResult r = fit::fitLaw(*law, data, fo);
    if (r.ok && r.params[3].value > xs.front() && r.params[3].value < xs.back()) {
      seg.found = true;
      seg.ratio = r.params[3].value;
      double se = r.params[3].std_error;
      seg.has_interval = std::isfinite(se) && se > 0;
      if (!seg.has_interval) se = 0, seg.note = "the breakpoint's standard error is unavailable, so it has no interval";
      seg.ci_low = std::max(xs.front(), seg.ratio - fit::kZ95 * se);
      seg.ci_high = std::min(xs.back(), seg.ratio + fit::kZ95 * se);
    } else {
      seg.note = r.ok ? "the breakpoint falls outside the measured ratios" : r.error;
    }
  } else {
    seg.note = "fewer than 5 ratios for a two-piece fit";
  }
  out.push_back(seg);
  return out;
}

bool kneesAgree(const std::vector<Knee>& knees) {
  const auto inside = [](const Knee& point, const Knee& span) { return span.ci_low <= point.ratio && point.ratio <= span.ci_high; };
  int judged = 0;
  for (std::size_t i = 0; i < knees.size(); ++i)
    for (std::size_t j = i + 1; j < knees.size(); ++j) {
      const Knee &a = knees[i], &b = knees[j];
      if (!a.found || !b.found) continue;
      bool agree = false;
      if (a.has_interval && b.has_interval) agree = !(a.ci_high < b.ci_low || b.ci_high < a.ci_low);
      else if (a.has_interval) agree = inside(b, a);
      else if (b.has_interval) agree = inside(a, b);
      else continue;  // two bare points: nothing to judge
      ++judged;
      if (!agree) return false;
    }
  return judged > 0;
}

}  // namespace rs::analysis
