// A fit that is worse than a constant, that predicts outside the metric's
// physical range, or whose γ is an intercept says so (core/fit/fit_limits.h)
// in the FitResult, the text report, and so the CLI and the fit panel.
#include <QTest>

#include "core/fit/fitter.h"
#include "core/laws/catalogue.h"
#include "tests/support/fit_test_support.h"

using namespace rs;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

// One model's dense run at ratio 0 and compressed runs at `ratios`.
std::vector<Run> curve(const std::string& model, const std::string& metric, double dense, const std::vector<std::pair<double, double>>& points,
                       std::int64_t firstId = 1, double rft = 0) {
  std::vector<Run> runs;
  Run d = testing::makeRun(firstId, model, 7e9, 1e12);
  d.metrics.push_back({metric, dense, {}, {}});
  runs.push_back(d);
  std::int64_t id = firstId + 1;
  for (const auto& [r, y] : points) {
    Run c = testing::makeRun(id++, model, 7e9, 1e12, "wanda", r, rft);
    c.metrics.push_back({metric, y, {}, {}});
    runs.push_back(c);
  }
  return runs;
}

fit::FitResult fitTo(const std::string& lawId, const std::vector<Run>& runs, const std::string& metric, bool accuracy, bool lowerIsBetter,
                     std::optional<double> floor = std::nullopt, Axis axis = Axis::Ratio) {
  const auto law = laws::findLaw(lawId);
  fit::FitDataSpec spec;
  spec.metric = metric;
  spec.anchors = &runs;
  spec.metric_is_accuracy = accuracy;
  spec.metric_lower_is_better = lowerIsBetter;
  spec.metric_floor = floor;
  spec.x_axis = axis;
  fit::FitOptions o;
  o.threads = 1;
  o.influence = false;
  return fit::fitLaw(*law, fit::buildFitData(*law, runs, spec, law->info().default_space), o);
}

bool hasLimit(const fit::FitResult& r, const QString& text) {
  for (const std::string& l : r.limits)
    if (q(l).contains(text)) return true;
  return false;
}
}  // namespace

class TestFitLimits : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void worseThanAConstant() {
    // A linear fall from the dense 0.9 cannot follow accuracies that sit at
    // 0.5 from the first ratio on: the line through the anchor misses them
    // by more than their spread about their own mean.
    const auto runs = curve("m", "arc_easy", 0.9, {{0.1, 0.52}, {0.3, 0.48}, {0.5, 0.51}, {0.7, 0.49}, {0.9, 0.50}});
    const fit::FitResult r = fitTo("compression-linear", runs, "arc_easy", true, false);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(r.r2 < 0);
    char expected[96];
    std::snprintf(expected, sizeof expected, "R² = %.4g < 0: the fit is worse than a constant (the mean of the points)", r.r2);
    QVERIFY2(hasLimit(r, QString::fromUtf8(expected)), expected);
    const QString report = q(fit::report(*laws::findLaw("compression-linear"), r));
    QVERIFY2(report.contains(QStringLiteral("  warning: ") + QString::fromUtf8(expected)), qPrintable(report));
  }

  void accuracyAboveOne() {
    // Accuracies that rise to 1.0 under compression: the fitted line from
    // the dense 0.96 (c = −0.0625) passes 1 by ratio 0.8 (0.96 · 1.05 = 1.008).
    const auto runs = curve("m", "piqa", 0.96, {{0.2, 0.98}, {0.4, 0.99}, {0.6, 1.0}, {0.8, 1.0}});
    const fit::FitResult r = fitTo("compression-linear", runs, "piqa", true, false);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(std::fabs(r.params[0].value + 0.0625) < 1e-6);
    QVERIFY2(hasLimit(r, QStringLiteral("predicts 'piqa' = 1.008 at r (ratio) = 0.8 (m · wanda), above 1: an accuracy lies in [0, 1]")),
             r.limits.empty() ? "no limits" : r.limits[0].c_str());
    // The same points as a loss-like metric: no accuracy limit.
    QVERIFY(!hasLimit(fitTo("compression-linear", runs, "piqa", false, false), QStringLiteral("above 1")));
  }

  void lossBelowTheDenseModel() {
    // L0 (1 − 0.3 r + 0.6 r²) from L0 = 2: exact, RMSE ~ 0, and the curve
    // dips to 1.925 at r = 0.25, below the dense model it was made from.
    std::vector<std::pair<double, double>> pts;
    for (double r : {0.2, 0.4, 0.6, 0.8}) pts.emplace_back(r, 2.0 * (1 - 0.3 * r + 0.6 * r * r));
    const auto runs = curve("m", "loss", 2.0, pts);
    const fit::FitResult r = fitTo("compression-quadratic", runs, "loss", false, true);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY2(hasLimit(r, QStringLiteral("predicts 'loss' = 1.925 at r (ratio) = 0.24 (m · wanda), below the dense model's 2 at ratio 0 by more "
                                        "than the fit's RMSE")),
             r.limits.empty() ? "no limits" : r.limits[0].c_str());
    // A loss that only grows: within its limits, and the report says no warning.
    std::vector<std::pair<double, double>> growing;
    for (double x : {0.2, 0.4, 0.6, 0.8}) growing.emplace_back(x, 2.0 * (1 + 0.1 * x + 0.5 * x * x) + (x == 0.4 ? 0.001 : 0));
    const fit::FitResult fine = fitTo("compression-quadratic", curve("m", "loss", 2.0, growing), "loss", false, true);
    QVERIFY2(fine.limits.empty(), fine.limits.empty() ? "" : fine.limits[0].c_str());
    QVERIFY(!q(fit::report(*laws::findLaw("compression-quadratic"), fine)).contains(QStringLiteral("warning:")));
    // A generic shape on the ratio axis, its dense anchor one of its points.
    const fit::FitResult power = fitTo("power", runs, "loss", false, true);
    QVERIFY2(power.ok, power.error.c_str());
    QVERIFY2(hasLimit(power, QStringLiteral("below the dense model's 2 at ratio 0")), power.limits.empty() ? "no limits" : power.limits[0].c_str());
  }

  void lossBelowItsFloor() {
    // Dense runs of L = 1.8 + 400/N^0.34 + 400/D^0.28, all above 2.56; an
    // entropy floor of 2.3 (known to the task catalogue) is above the law's
    // asymptote E = 1.8: extrapolated, it predicts what no model can reach.
    std::vector<Run> runs;
    std::int64_t id = 1;
    for (double n : {1e8, 3e8, 1e9, 3e9})
      for (double d : {2e9, 2e10}) {
        Run r = testing::makeRun(id, "m" + std::to_string(id), n, d);
        ++id;
        r.metrics.push_back({"loss", 1.8 + 400 / std::pow(n, 0.34) + 400 / std::pow(d, 0.28), {}, {}});
        runs.push_back(r);
      }
    const fit::FitResult r = fitTo("chinchilla", runs, "loss", false, true, 2.3);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY2(hasLimit(r, QStringLiteral(" at 1,000× the largest measured N and D, below its floor 2.3: extrapolated, the law promises losses "
                                        "no model can reach")),
             r.limits.empty() ? "no limits" : r.limits[0].c_str());
    // A floor above measured losses is crossed inside the measured range.
    QVERIFY(hasLimit(fitTo("chinchilla", runs, "loss", false, true, 2.6), QStringLiteral(", below its floor 2.6, which no model can reach")));
    QVERIFY(!hasLimit(fitTo("chinchilla", runs, "loss", false, true, 1.5), QStringLiteral("floor")));
  }

  void gammaIsAnInterceptWithoutRecoveryVariation() {
    // Two models, no recovery fine-tuning anywhere: (1 + 1/(0 + 1))^γ = 2^γ
    // multiplies every prediction alike.
    auto runs = curve("a", "loss", 2.0, {{0.2, 2.1}, {0.4, 2.3}, {0.6, 2.6}, {0.8, 3.1}});
    for (const Run& r : curve("b", "loss", 3.0, {{0.2, 3.1}, {0.4, 3.4}, {0.6, 3.8}, {0.8, 4.4}}, 100)) runs.push_back(r);
    const fit::FitResult r = fitTo("compression", runs, "loss", false, true);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(r.params[2].intercept);
    QCOMPARE(q(r.params[2].meaning), QStringLiteral("intercept: (1 + 1/(D_rft + 1))^γ is one constant factor for every run "
                                                     "(D_rft (rft_tokens) = 0 at every point)"));
    QVERIFY2(hasLimit(r, QStringLiteral("γ is an intercept here, not the effect of recovery fine-tuning: every run has D_rft (rft_tokens) = 0")),
             r.limits.empty() ? "no limits" : r.limits[0].c_str());
    QVERIFY(q(fit::report(*laws::findLaw("compression"), r)).contains(QStringLiteral("(intercept)")));
    // Runs that differ in recovery tokens measure recovery: γ is its effect.
    auto recovered = runs;
    for (const Run& r2 : curve("a", "loss", 2.0, {{0.4, 2.2}, {0.8, 2.8}}, 200, 1e7)) if (!r2.isDense()) recovered.push_back(r2);
    const fit::FitResult withRecovery = fitTo("compression", recovered, "loss", false, true);
    QVERIFY2(withRecovery.ok, withRecovery.error.c_str());
    QVERIFY(!withRecovery.params[2].intercept);
    QVERIFY(!hasLimit(withRecovery, QStringLiteral("intercept")));
  }
};

QTEST_APPLESS_MAIN(TestFitLimits)
#include "test_fit_limits.moc"
