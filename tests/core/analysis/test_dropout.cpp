// Dropout points (core/analysis/dropout.h) and their ranking by category on
// curves with known answers; with them, from before the suites mirrored the
// sources, Kneedle against kneed's reference answers and knees on known curves.
#include <QTest>
#include <cmath>
#include <functional>

#include "core/analysis/dropout.h"
#include "core/analysis/knee.h"
#include "core/analysis/kneedle.h"

using namespace rs;
using namespace rs::analysis;

namespace {
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
}  // namespace

class TestDropout : public QObject {
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

  void dropoutAtChance() {
    // Lower 95% bound reaches chance where 0.45/(1 + e^z) = 1.96·0.01:
    // z = ln(0.45/0.0196 − 1) → r = 0.5 + 0.05 z ≈ 0.6545, between 0.6 and 0.7.
    TaskInfo mmlu{"mmlu", 0.25, TaskCategory::Knowledge, false};
    const Dropout d = findDropout(curve(logisticAcc, 0.01), mmlu, {});
    QVERIFY(d.status == Dropout::Status::Dropped);
    QCOMPARE(d.ci_low, 0.6);
    QCOMPARE(d.ci_high, 0.7);
    QVERIFY(d.ratio > 0.6 && d.ratio < 0.7);
    QCOMPARE(d.criterion, std::string("chance"));
    QVERIFY(QString::fromStdString(d.explanation).contains(QStringLiteral("chance (0.25)")));
  }

  void dropoutByHeadroom() {
    TaskInfo mmlu{"mmlu", 0.25, TaskCategory::Knowledge, false};
    DropoutCriterion half{DropoutCriterion::Kind::Headroom, 0, 0.5};
    const Dropout d = findDropout(curve(logisticAcc, 0.01), mmlu, half);
    QVERIFY(d.status == Dropout::Status::Dropped);
    QVERIFY2(std::fabs(d.ratio - 0.5) < 0.005, qPrintable(QString::number(d.ratio)));  // the logistic's midpoint
    QCOMPARE(d.criterion, std::string("headroom:0.5"));
    // A margin above chance drops earlier, and the explanation names the threshold used.
    DropoutCriterion margin;
    margin.margin = 0.05;
    const Dropout m = findDropout(curve(logisticAcc, 0.01), mmlu, margin);
    QVERIFY(m.status == Dropout::Status::Dropped);
    QVERIFY(m.ratio < findDropout(curve(logisticAcc, 0.01), mmlu, {}).ratio);
    QVERIFY2(QString::fromStdString(m.explanation).contains(QStringLiteral("chance + 0.05 (0.25 + 0.05 = 0.3)")), m.explanation.c_str());
  }

  void dropoutEdgeCases() {
    TaskInfo piqa{"piqa", 0.5, TaskCategory::Commonsense, false};
    const Dropout never = findDropout(curve([](double r) { return 0.8 - 0.1 * r; }, 0.01, "piqa"), piqa, {});
    QVERIFY(never.status == Dropout::Status::Never);
    QVERIFY(QString::fromStdString(never.explanation).contains(QStringLiteral("largest measured ratio")));
    const Dropout start = findDropout(curve([](double) { return 0.5; }, 0.01, "piqa"), piqa, {});
    QVERIFY(start.status == Dropout::Status::AtChanceFromStart);
    Curve noSe = curve([](double r) { return 0.8 - 0.3 * r; }, 0, "piqa");
    for (auto& p : noSe.points) p.se.reset();
    QVERIFY(findDropout(noSe, piqa, {}).status == Dropout::Status::NoUncertainty);
    // Categories rank by mean dropout ratio.
    TaskInfo mmlu{"mmlu", 0.25, TaskCategory::Knowledge, false};
    const auto ranked = rankCategories({findDropout(curve(logisticAcc, 0.01), mmlu, {}), never});
    QCOMPARE(ranked.size(), std::size_t(2));
    QVERIFY(ranked[0].category == TaskCategory::Knowledge && ranked[0].dropped == 1);
    QVERIFY(ranked[1].category == TaskCategory::Commonsense && ranked[1].never == 1);
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
    // reports none and says why (test_knee covers the profile itself).
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

QTEST_APPLESS_MAIN(TestDropout)
#include "test_dropout.moc"
