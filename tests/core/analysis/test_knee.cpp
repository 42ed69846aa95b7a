// Knees that mean something: no max-curvature knee on the edge of the
// measured ratios, profile-likelihood intervals for segmented breakpoints
// (with the t quantiles they rest on and their coverage), and "agree" only
// between knees with valid intervals. Curves from tests/support/knee_curves.h.
// Kneedle against kneed's reference answers, and the three detectors on a
// bend and an accuracy collapse with known answers.
#include <QTest>

#include <cmath>
#include <functional>
#include <random>

#include "core/analysis/breakpoint_profile.h"
#include "core/analysis/knee.h"
#include "core/analysis/kneedle.h"
#include "tests/support/knee_curves.h"

using namespace rs;
using namespace rs::analysis;

namespace {

// Two straight pieces meeting at (0.6, 2.5), slopes 0.3 and 6, at 11 ratios.
std::vector<double> ratios() {
  std::vector<double> x;
  for (int i = 0; i <= 10; ++i) x.push_back(0.09 * i);
  return x;
}
double twoPieces(double r) { return r < 0.6 ? 2.5 + 0.3 * (r - 0.6) : 2.5 + 6.0 * (r - 0.6); }

std::vector<double> linspace(double a, double b, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(a + (b - a) * i / (n - 1));
  return v;
}
Curve curve(const std::function<double(double)>& f, double se, const std::string& metric = "mmlu") {
  Curve c;
  c.series = "m · magnitude";
  c.metric = metric;
  for (double r : linspace(0, 0.9, 10)) c.points.push_back({r, f(r), se, 1});
  return c;
}
double logisticAcc(double r) { return 0.25 + 0.45 / (1 + std::exp((r - 0.5) / 0.05)); }

double sseAt(const std::vector<double>& x, const std::vector<double>& y, double b) {
  // Least squares on [1, min(x − b, 0), max(x − b, 0)] by the normal equations.
  double m[3][4] = {};
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double row[3] = {1, std::min(x[i] - b, 0.0), std::max(x[i] - b, 0.0)};
    for (int a = 0; a < 3; ++a) {
      for (int c = 0; c < 3; ++c) m[a][c] += row[a] * row[c];
      m[a][3] += row[a] * y[i];
    }
  }
  for (int k = 0; k < 3; ++k)
    for (int a = k + 1; a < 3; ++a) {
      const double f = m[a][k] / m[k][k];
      for (int c = k; c < 4; ++c) m[a][c] -= f * m[k][c];
    }
  double coef[3];
  for (int k = 2; k >= 0; --k) {
    coef[k] = m[k][3];
    for (int c = k + 1; c < 3; ++c) coef[k] -= m[k][c] * coef[c];
    coef[k] /= m[k][k];
  }
  double sse = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double e = y[i] - (coef[0] + coef[1] * std::min(x[i] - b, 0.0) + coef[2] * std::max(x[i] - b, 0.0));
    sse += e * e;
  }
  return sse;
}

}  // namespace

class TestKnee : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void kneedleReproducesKneed() {
    // kneed's figure-2 reference: x = linspace(0, 1, 10), y = 5 − 1/(x + 0.1),
    // concave increasing, S = 1 → knee at x = 0.2222.
    const auto x = linspace(0, 1, 10);
    std::vector<double> y;
    for (double v : x) y.push_back(5 - 1 / (v + 0.1));
    const auto knee = kneedle(x, y, {1.0, Shape::Concave, Direction::Increasing});
    QVERIFY(knee);
    QVERIFY(std::fabs(*knee - 2.0 / 9.0) < 1e-9);
    // The same curve in the other three orientations gives the mirrored knee.
    std::vector<double> mirrored, negated, both;
    for (std::size_t i = 0; i < x.size(); ++i) {
      mirrored.push_back(y[x.size() - 1 - i]);
      negated.push_back(-y[i]);
      both.push_back(-y[x.size() - 1 - i]);
    }
    QVERIFY(std::fabs(*kneedle(x, mirrored, {1.0, Shape::Concave, Direction::Decreasing}) - 7.0 / 9.0) < 1e-9);
    QVERIFY(std::fabs(*kneedle(x, negated, {1.0, Shape::Convex, Direction::Decreasing}) - 2.0 / 9.0) < 1e-9);
    QVERIFY(std::fabs(*kneedle(x, both, {1.0, Shape::Convex, Direction::Increasing}) - 7.0 / 9.0) < 1e-9);
    // Shape detection picks those orientations by itself.
    QVERIFY(std::fabs(*kneedle(x, y, detectShape(x, y)) - 2.0 / 9.0) < 1e-9);
    QVERIFY(std::fabs(*kneedle(x, both, detectShape(x, both)) - 7.0 / 9.0) < 1e-9);
    // A straight line has no knee.
    QVERIFY(!kneedle(x, x, {}));
  }

  void studentQuantilesMatchTables() {
    // Two-sided 95% t values from any table.
    QVERIFY(std::fabs(studentTQuantile(0.975, 1) - 12.7062) < 1e-4);
    QVERIFY(std::fabs(studentTQuantile(0.975, 6) - 2.44691) < 1e-5);
    QVERIFY(std::fabs(studentTQuantile(0.975, 10) - 2.22814) < 1e-5);
    QVERIFY(std::fabs(studentTQuantile(0.975, 1e6) - 1.95996) < 1e-5);
  }

  void profileIntervalIsTheFTestSet() {
    // Noisy two pieces: the interval's ends are where SSE(b) crosses
    // SSE(b̂)·(1 + t²/(n − 4)), recomputed here from scratch.
    const auto x = ratios();
    std::vector<double> y;
    const double wiggle[] = {0.03, -0.02, 0.01, -0.03, 0.02, -0.01, 0.03, -0.02, 0.01, -0.03, 0.02};
    for (std::size_t i = 0; i < x.size(); ++i) y.push_back(twoPieces(x[i]) + wiggle[i]);
    const BreakpointProfile p = profileBreakpoint(x, y);
    QVERIFY(p.ok && !p.spans_range);
    QVERIFY2(std::fabs(p.breakpoint - 0.6) < 0.02, std::to_string(p.breakpoint).c_str());
    QVERIFY(std::fabs(p.sse - sseAt(x, y, p.breakpoint)) < 1e-12);
    for (double b = 0.01; b < 0.9; b += 0.01) QVERIFY(sseAt(x, y, b) >= p.sse - 1e-12);
    const double t = studentTQuantile(0.975, 7), threshold = p.sse * (1 + t * t / 7);
    QVERIFY(std::fabs(sseAt(x, y, p.ci_low) - threshold) < 1e-6 * threshold);
    QVERIFY(std::fabs(sseAt(x, y, p.ci_high) - threshold) < 1e-6 * threshold);
    QVERIFY(p.ci_low < p.breakpoint && p.breakpoint < p.ci_high);
  }

  void profileIntervalCovers() {
    // 300 noisy copies of two pieces meeting at 0.6: about 95% of the
    // intervals hold 0.6 (a Wald error at the kink held far fewer).
    std::mt19937_64 rng(17);
    std::normal_distribution<double> noise(0, 0.05);
    const auto x = ratios();
    int covered = 0;
    for (int k = 0; k < 300; ++k) {
      std::vector<double> y;
      for (double r : x) y.push_back(twoPieces(r) + noise(rng));
      const BreakpointProfile p = profileBreakpoint(x, y);
      covered += p.ci_low <= 0.6 && 0.6 <= p.ci_high;
    }
    QVERIFY2(covered >= 270 && covered <= 298, std::to_string(covered).c_str());
  }

  void collapsingCurvesGetHonestBreakpointIntervals() {
    // On a collapse the old Wald interval was ±1e-5; the profile interval is
    // as wide as the ratios the data cannot tell apart, at least a grid cell.
    for (const Curve& c : testing::kneeCurves().collapsing) {
      const auto knees = findKnees(c, {});
      const Knee& seg = knees[2];
      QCOMPARE(seg.method, std::string("segmented"));
      QVERIFY2(seg.found, seg.note.c_str());
      QVERIFY(seg.has_interval && seg.ci_low <= seg.ratio && seg.ratio <= seg.ci_high);
      QVERIFY2(seg.ci_high - seg.ci_low > 0.005, qPrintable(QStringLiteral("%1: [%2, %3]").arg(QString::fromStdString(c.series)).arg(seg.ci_low).arg(seg.ci_high)));
    }
  }

  void aStraightLineHasNoBreakpoint() {
    Curve line;
    line.series = "line";
    line.metric = "loss";
    const double wiggle[] = {0.01, -0.012, 0.008, -0.01, 0.011, -0.009, 0.012, -0.011, 0.009};
    for (int i = 0; i < 9; ++i) line.points.push_back({0.1 * i, 2 + 0.5 * 0.1 * i + wiggle[i], std::nullopt, 1});
    const auto knees = findKnees(line, {});
    QVERIFY(!knees[2].found);
    QVERIFY2(QString::fromStdString(knees[2].note).contains(QStringLiteral("spans every measured ratio")), knees[2].note.c_str());
  }

  void curvatureOnTheEdgeIsNoKnee() {
    // Concave curves most curved at their first ratio: the old detector put
    // a knee on the first grid point (ratio ≈ 0.001) of nearly all of them.
    const auto set = testing::kneeCurves();
    int found = 0, total = 0;
    for (const auto* group : {&set.concave_accuracy, &set.concave_loss})
      for (const Curve& c : *group) {
        const Knee k = findKnees(c, {})[1];
        QCOMPARE(k.method, std::string("max-curvature"));
        ++total;
        if (k.found) {
          ++found;
          // What is left is a peak inside, away from the first grid point.
          QVERIFY2(k.ratio > c.points.front().x + 0.01 && k.ratio < c.points.back().x - 0.01, std::to_string(k.ratio).c_str());
          QVERIFY(k.has_interval && k.ci_low < k.ci_high);
        } else {
          QVERIFY2(QString::fromStdString(k.note).contains(QStringLiteral("edge")) || !k.note.empty(), k.note.c_str());
        }
      }
    QVERIFY2(found <= total / 4, qPrintable(QStringLiteral("%1 of %2 concave curves still have a max-curvature knee").arg(found).arg(total)));
    // A curve with a real bend inside keeps its knee and an interval.
    Curve bend;
    bend.series = "bend";
    bend.metric = "loss";
    for (double r : ratios()) bend.points.push_back({r, 2.0 + 3.0 * std::pow(r, 4.0), std::nullopt, 1});
    bend.points[3].y += 0.004, bend.points[6].y -= 0.004;
    const Knee k = findKnees(bend, {})[1];
    QVERIFY2(k.found, k.note.c_str());
    QVERIFY(k.ratio > 0.3 && k.ratio < 0.85 && k.has_interval && k.ci_low < k.ratio && k.ratio < k.ci_high);
  }

  void detectorsAgreeOnlyWithValidOverlappingIntervals() {
    const Knee a{"s", "m", "kneedle", true, 0.2, 0.1, 0.3, ""};
    Knee b{"s", "m", "segmented", true, 0.28, 0.25, 0.35, ""};
    QVERIFY(kneesAgree({a, b}));
    b.ci_low = 0.31;
    b.ratio = 0.33;
    QVERIFY(!kneesAgree({a, b}));
    // A knee without an interval confirms nothing, even inside another's.
    const Knee bare{"s", "m", "max-curvature", true, 0.2, 0.2, 0.2, "", false};
    QVERIFY(!kneesAgree({a, bare}));
    // An interval that does not hold its knee is not valid.
    const Knee broken{"s", "m", "segmented", true, 0.5, 0.1, 0.3, ""};
    QVERIFY(!kneesAgree({a, broken}));
    // Not found: no part in it, and one knee alone agrees with nobody.
    const Knee none{"s", "m", "segmented", false, 0.2, 0.1, 0.3, ""};
    QVERIFY(!kneesAgree({a, none}));
    QVERIFY(!kneesAgree({a}));
    b.ci_low = 0.25;
    b.ratio = 0.28;
    QVERIFY(kneesAgree({a, b, bare, none}));
  }

  void kneesOnKnownCurves() {
    // Two straight pieces meeting at 0.6: every detector should land near it.
    const Curve c = curve([](double r) { return r < 0.6 ? 2.5 + 0.3 * (r - 0.6) : 2.5 + 6.0 * (r - 0.6); }, 0.0, "loss");
    const auto knees = findKnees(c, {});
    QCOMPARE(knees.size(), std::size_t(3));
    for (const Knee& k : knees) {
      QVERIFY2(k.found, (k.method + ": " + k.note).c_str());
      QVERIFY(k.ci_low <= k.ratio && k.ratio <= k.ci_high);
    }
    QCOMPARE(knees[0].method, std::string("kneedle"));
    QCOMPARE(knees[0].ratio, 0.6);  // the measured ratio at the bend
    QCOMPARE(knees[2].method, std::string("segmented"));
    QVERIFY(std::fabs(knees[2].ratio - 0.6) < 1e-3);
    // A power law bends smoothly, so its curvature peaks before the corner.
    QVERIFY2(knees[1].ratio > 0.3 && knees[1].ratio < 0.7, std::to_string(knees[1].ratio).c_str());

    // An accuracy collapse: Kneedle and maximum curvature land in the
    // collapse (0.35-0.7), the max-curvature interval comes from the fit's
    // covariance. Two straight pieces cannot follow hold-fall-floor: the
    // segmented breakpoint's profile interval spans every ratio, so it
    // reports none and says why (profileIntervalIsTheFTestSet covers the profile itself).
    KneeOptions accuracy;
    accuracy.accuracy = true;
    auto noisy = curve(logisticAcc, 0.01);
    const double wiggle[] = {0.004, -0.003, 0.002, -0.004, 0.003, -0.002, 0.004, -0.003, 0.002, -0.001};
    for (std::size_t i = 0; i < noisy.points.size(); ++i) noisy.points[i].y += wiggle[i];
    const auto collapse = findKnees(noisy, accuracy);
    for (std::size_t i : {0u, 1u}) {
      QVERIFY2(collapse[i].found, (collapse[i].method + ": " + collapse[i].note).c_str());
      QVERIFY2(collapse[i].ratio > 0.35 && collapse[i].ratio < 0.7, (collapse[i].method + " at " + std::to_string(collapse[i].ratio)).c_str());
    }
    QVERIFY(collapse[1].ci_low < collapse[1].ci_high);
    QVERIFY(collapse[2].found || QString::fromStdString(collapse[2].note).contains(QStringLiteral("spans every measured ratio")));
    // Kneedle's and max-curvature's intervals overlap in the collapse.
    QVERIFY(kneesAgree(collapse));
  }
};

QTEST_APPLESS_MAIN(TestKnee)
#include "test_knee.moc"
