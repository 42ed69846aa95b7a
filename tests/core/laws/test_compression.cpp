// The compression law's critical ratio (core/laws/compression.cpp,
// Law::criticalRatio): r_crit for Y/Y0 = σ against a hand computation, its
// gradient against finite differences, and the laws without one.
#include <QtTest>
#include <cmath>

#include "core/laws/catalogue.h"

using namespace rs;

class TestCompression : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void criticalRatioByHand() {
    const auto law = laws::findLaw("compression");
    QVERIFY(law->hasCriticalRatio());
    // α = 1, β = 2, γ = 0: r = σ^(1/β) − 1 = 1.21^0.5 − 1 = 0.1, whatever Y0.
    const double theta[3] = {1.0, 2.0, 0.0};
    const double x[laws::kMaxVariables] = {2.5, 0, 0, 0};  // Y0, r (ignored), D_rft
    const auto r = law->criticalRatio(theta, 1.21, x, nullptr);
    QVERIFY(r.reachable);
    QVERIFY(std::fabs(r.value - 0.1) < 1e-12);
    // α = 0.9, γ = 0.2, no recovery (g = 2), Y0 = 2.5:
    // r = (1.21 / (2.5^−0.1 · 2^0.2))^(1/2) − 1 = (1.21 / (0.912444 · 1.148698))^0.5 − 1 = 0.074451…
    const double fitted[3] = {0.9, 2.0, 0.2};
    const auto c = law->criticalRatio(fitted, 1.21, x, nullptr);
    QVERIFY(c.reachable);
    const double byHand = std::sqrt(1.21 / (std::pow(2.5, -0.1) * std::pow(2.0, 0.2))) - 1;
    QVERIFY(std::fabs(c.value - byHand) < 1e-12);
    QVERIFY(std::fabs(c.value - 0.074451) < 1e-6);
    // At r_crit the law predicts exactly σ·Y0.
    const double at[laws::kMaxVariables] = {2.5, c.value, 0, 0};
    QVERIFY(std::fabs(law->predict(fitted, at) - 1.21 * 2.5) < 1e-12);
  }

  void recoveryTokensEnterThroughG() {
    const auto law = laws::findLaw("compression");
    const double theta[3] = {0.9, 2.0, 0.2};
    const double x[laws::kMaxVariables] = {2.5, 0, 1e6, 0};
    const auto c = law->criticalRatio(theta, 1.21, x, nullptr);
    QVERIFY(c.reachable);
    const double at[laws::kMaxVariables] = {2.5, c.value, 1e6, 0};
    QVERIFY(std::fabs(law->predict(theta, at) - 1.21 * 2.5) < 1e-9);
    // Recovery tokens the points do not share (NaN) count as none: the same as D_rft = 0.
    const double unshared[laws::kMaxVariables] = {2.5, 0, std::nan(""), 0}, none[laws::kMaxVariables] = {2.5, 0, 0, 0};
    QCOMPARE(law->criticalRatio(theta, 1.21, unshared, nullptr).value, law->criticalRatio(theta, 1.21, none, nullptr).value);
  }

  void gradientMatchesFiniteDifferences() {
    const auto law = laws::findLaw("compression");
    const double theta[3] = {0.9, 2.0, 0.2};
    const double x[laws::kMaxVariables] = {2.5, 0, 1e3, 0};
    double grad[3];
    const double r0 = law->criticalRatio(theta, 1.21, x, grad).value;
    for (int k = 0; k < 3; ++k) {
      double up[3] = {theta[0], theta[1], theta[2]}, down[3] = {theta[0], theta[1], theta[2]};
      const double h = 1e-6;
      up[k] += h;
      down[k] -= h;
      const double numeric = (law->criticalRatio(up, 1.21, x, nullptr).value - law->criticalRatio(down, 1.21, x, nullptr).value) / (2 * h);
      QVERIFY2(std::fabs(grad[k] - numeric) < 1e-6 * std::max(1.0, std::fabs(numeric)), qPrintable(QString::number(k)));
    }
    QVERIFY(r0 > 0);
  }

  void outOfReach() {
    const auto law = laws::findLaw("compression");
    const double flat[3] = {1.0, 0.0, 0.0};  // β = 0: the ratio has no effect
    const double x[laws::kMaxVariables] = {2.5, 0, 0, 0};
    QVERIFY(!law->criticalRatio(flat, 1.21, x, nullptr).reachable);
    const double theta[3] = {1.0, 2.0, 0.0};
    QVERIFY(!law->criticalRatio(theta, 0.0, x, nullptr).reachable);     // σ <= 0
    const double noY0[laws::kMaxVariables] = {0, 0, 0, 0};
    QVERIFY(!law->criticalRatio(theta, 1.21, noY0, nullptr).reachable);  // Y0 <= 0
  }

  void otherLawsHaveNone() {
    for (const auto& law : laws::lawCatalogue())
      QCOMPARE(law->hasCriticalRatio(), law->info().id == "compression");
  }
};

QTEST_APPLESS_MAIN(TestCompression)
#include "test_compression.moc"
