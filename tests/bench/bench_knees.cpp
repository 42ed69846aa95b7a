// Knees before and after issue 11 on the generated curves of
// tests/support/knee_curves.h: how many curves each detector reports a knee on, how
// many of the old max-curvature knees sat on the first ratio's grid point,
// and the old (Wald) and new (profile) segmented intervals. "Before" is the
// old rules replayed here (max-curvature: the curvature's argmax wherever it
// lies; segmented: the fitted law's x₀ ± 1.96 s.e.); "after" is findKnees.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "core/analysis/knee.h"
#include "core/fit/fitter.h"
#include "core/laws/catalogue.h"
#include "tests/support/knee_curves.h"

using namespace rs;

namespace {

fit::FitData curveData(const analysis::Curve& c) {
  fit::FitData d;
  for (const auto& p : c.points) {
    const double x[laws::kMaxVariables] = {p.x, 0, 0, 0};
    d.x.insert(d.x.end(), x, x + laws::kMaxVariables);
    d.y.push_back(p.y);
    d.run_ids.push_back(0);
  }
  const auto [lo, hi] = std::minmax_element(d.y.begin(), d.y.end());
  d.summary = {c.points.front().x, c.points.back().x, *lo, *hi};
  return d;
}

// The old max-curvature: argmax of κ over the grid, edge or not.
int oldCurvatureIndex(const analysis::Curve& c, double& ratio) {
  const auto law = laws::findLaw("power");
  const fit::FitData d = curveData(c);
  fit::FitOptions o;
  o.threads = 1;
  o.influence = false;
  const auto r = fit::fitLaw(*law, d, o);
  if (!r.ok) return -1;
  const double x0 = c.points.front().x, x1 = c.points.back().x, h = (x1 - x0) / 400, span = std::max(d.summary.y_max - d.summary.y_min, 1e-12);
  int best = -1;
  double bestK = -1;
  for (int i = 1; i < 400; ++i) {
    const double x = x0 + i * h, a[4] = {x - h, 0, 0, 0}, b[4] = {x, 0, 0, 0}, cc[4] = {x + h, 0, 0, 0};
    const double ya = law->predict(r.theta.data(), a), yb = law->predict(r.theta.data(), b), yc = law->predict(r.theta.data(), cc);
    const double dx = h / (x1 - x0), d1 = (yc - ya) / (2 * dx) / span, d2 = (yc - 2 * yb + ya) / (dx * dx) / span;
    const double k = std::fabs(d2) / std::pow(1 + d1 * d1, 1.5);
    if (std::isfinite(k) && k > bestK) bestK = k, best = i;
  }
  ratio = x0 + best * h;
  return best;
}

// The old segmented interval half-width: 1.96 s.e. of the fitted x₀ (NaN: none).
double oldSegmentedHalfWidth(const analysis::Curve& c, bool& found) {
  const auto law = laws::findLaw("segmented");
  fit::FitOptions o;
  o.threads = 1;
  o.influence = false;
  const auto r = fit::fitLaw(*law, curveData(c), o);
  found = r.ok && r.params[3].value > c.points.front().x && r.params[3].value < c.points.back().x;
  return found ? 1.959963984540054 * r.params[3].std_error : NAN;
}

void report(const char* name, const std::vector<analysis::Curve>& curves) {
  int oldCurv = 0, oldEdge = 0, oldSeg = 0, oldNoSe = 0, newKneedle = 0, newCurv = 0, newSeg = 0, newAgree = 0;
  std::vector<double> oldHalf, newHalf;
  for (const auto& c : curves) {
    double ratio = 0;
    const int i = oldCurvatureIndex(c, ratio);
    oldCurv += i >= 0;
    oldEdge += i == 1 || i == 399;
    bool segFound = false;
    const double half = oldSegmentedHalfWidth(c, segFound);
    oldSeg += segFound;
    if (segFound && std::isfinite(half)) oldHalf.push_back(half);
    oldNoSe += segFound && !std::isfinite(half);
    const auto knees = analysis::findKnees(c, {});
    newKneedle += knees[0].found;
    newCurv += knees[1].found;
    newSeg += knees[2].found;
    if (knees[2].found) newHalf.push_back(0.5 * (knees[2].ci_high - knees[2].ci_low));
    newAgree += analysis::kneesAgree(knees);
  }
  const auto median = [](std::vector<double> v) {
    if (v.empty()) return std::nan("");
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const auto smallest = [](const std::vector<double>& v) { return v.empty() ? std::nan("") : *std::min_element(v.begin(), v.end()); };
  std::printf("%-18s %3zu curves | max-curvature before %2d (%2d on the edge) after %2d | segmented before %2d (%d without a standard error;"
              " half-width median %.3g, min %.3g) after %2d (median %.3g, min %.3g) | kneedle %2d | agree %2d\n",
              name, curves.size(), oldCurv, oldEdge, newCurv, oldSeg, oldNoSe, median(oldHalf), smallest(oldHalf), newSeg, median(newHalf),
              smallest(newHalf), newKneedle, newAgree);
}

}  // namespace

// Coverage of 0.6 by the old (Wald) and new (profile) 95% intervals over
// noisy copies of two straight pieces meeting at 0.6, second slope `steep`.
void coverage(double steep) {
  std::mt19937_64 rng(17);
  std::normal_distribution<double> noise(0, 0.05);
  int oldCovered = 0, newCovered = 0, oldFound = 0, newFound = 0;
  const int copies = 300;
  for (int k = 0; k < copies; ++k) {
    analysis::Curve c;
    c.series = "two-piece";
    c.metric = "loss";
    for (int i = 0; i <= 10; ++i) {
      const double r = 0.09 * i;
      c.points.push_back({r, (r < 0.6 ? 2.5 + 0.3 * (r - 0.6) : 2.5 + steep * (r - 0.6)) + noise(rng), std::nullopt, 1});
    }
    bool found = false;
    const auto law = laws::findLaw("segmented");
    fit::FitOptions o;
    o.threads = 1;
    o.influence = false;
    const auto r = fit::fitLaw(*law, curveData(c), o);
    found = r.ok && r.params[3].value > 0 && r.params[3].value < 0.9;
    if (found) {
      ++oldFound;
      const double se = r.params[3].std_error;
      oldCovered += std::fabs(r.params[3].value - 0.6) <= 1.959963984540054 * se;
    }
    const auto seg = analysis::findKnees(c, {})[2];
    if (seg.found) {
      ++newFound;
      newCovered += seg.ci_low <= 0.6 && 0.6 <= seg.ci_high;
    }
  }
  std::printf("two pieces at 0.6, second slope %4.0f, noise 0.05, %d copies: Wald interval holds 0.6 in %d of %d, profile in %d of %d\n", steep,
              copies, oldCovered, oldFound, newCovered, newFound);
}

int main() {
  const testing::KneeCurveSet set = testing::kneeCurves();
  report("concave accuracy", set.concave_accuracy);
  report("concave loss", set.concave_loss);
  report("collapsing", set.collapsing);
  for (double steep : {6.0, 60.0}) coverage(steep);
  return 0;
}
