// fit::criticalRatio and criticalRatiosByModel (core/fit/critical_ratio.h):
// the law's r_crit with its delta-method error through the fit's
// covariance, one per model at the variables its points share.
#include <QtTest>
#include <cmath>

#include "core/fit/critical_ratio.h"
#include "core/laws/catalogue.h"

using namespace rs;

namespace {
fit::FitResult compressionFit(double alpha, double beta, double gamma) {
  fit::FitResult r;
  r.law = "compression";
  r.ok = true;
  for (const auto& [name, value, se] : {std::tuple{"alpha", alpha, 0.01}, {"beta", beta, 0.1}, {"gamma", gamma, 0.01}}) {
    fit::ParamEstimate p;
    p.name = name;
    p.value = p.fitted = value;
    p.std_error = se;
    r.params.push_back(p);
  }
  r.theta = {alpha, beta, gamma};
  r.covariance = {0, 0, 0, 0, 0.01, 0, 0, 0, 0};  // only β uncertain
  return r;
}
}  // namespace

class TestCriticalRatio : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void deltaMethodThroughTheCovariance() {
    const auto law = laws::findLaw("compression");
    const fit::FitResult r = compressionFit(1.0, 2.0, 0.0);
    const double x[laws::kMaxVariables] = {2.5, 0, 0, 0};
    const auto c = fit::criticalRatio(*law, r, 1.21, x);
    QVERIFY(c);
    QVERIFY(std::fabs(c->value - 0.1) < 1e-12);  // (1 + 0.1)^2 = 1.21
    // se = |∂r/∂β| · 0.1 = (1 + r) log σ / β² · 0.1 = 1.1 · log 1.21 / 4 · 0.1 = 0.005242…
    QVERIFY(std::fabs(c->std_error - std::pow(1.21, 0.5) * std::log(1.21) / 4 * 0.1) < 1e-12);
    QVERIFY(std::fabs(c->std_error - 0.005242) < 1e-6);
    QCOMPARE(c->y0, 2.5);
    QCOMPARE(c->rft_tokens, 0.0);
    // Without a covariance, the standard errors alone: the same when only β's is not 0.
    fit::FitResult noCov = r;
    noCov.covariance.clear();
    noCov.params[0].std_error = noCov.params[2].std_error = 0;
    QVERIFY(std::fabs(fit::criticalRatio(*law, noCov, 1.21, x)->std_error - c->std_error) < 1e-12);
  }

  void noneWhereTheLawHasNone() {
    const fit::FitResult r = compressionFit(1.0, 2.0, 0.0);
    const double x[laws::kMaxVariables] = {2.5, 0, 0, 0};
    QVERIFY(!fit::criticalRatio(*laws::findLaw("power"), r, 1.21, x));
    fit::FitResult failed = r;
    failed.ok = false;
    QVERIFY(!fit::criticalRatio(*laws::findLaw("compression"), failed, 1.21, x));
  }

  void oneRatioPerModelAtItsOwnY0() {
    const auto law = laws::findLaw("compression");
    const fit::FitResult r = compressionFit(0.9, 2.0, 0.2);
    // Two models: m1 (Y0 2.5, every run at D_rft 1e6), m2 (Y0 3, runs at two D_rft: none shared).
    fit::FitData data;
    std::vector<Run> runs;
    const struct { std::int64_t id; const char* model; double y0, ratio, rft; } points[] = {
        {1, "m1", 2.5, 0.5, 1e6}, {2, "m1", 2.5, 1.0, 1e6}, {3, "m2", 3.0, 0.5, 0}, {4, "m2", 3.0, 1.0, 1e3}};
    for (const auto& p : points) {
      data.x.insert(data.x.end(), {p.y0, p.ratio, p.rft, 0});
      data.y.push_back(1);
      data.run_ids.push_back(p.id);
      Run run;
      run.id = p.id;
      run.model = p.model;
      runs.push_back(run);
    }
    const auto list = fit::criticalRatiosByModel(*law, r, data, runs, 1.21);
    QCOMPARE(list.size(), std::size_t(2));
    QCOMPARE(list[0].model, std::string("m1"));
    QCOMPARE(list[0].ratio.y0, 2.5);
    QCOMPARE(list[0].ratio.rft_tokens, 1e6);
    const double x1[laws::kMaxVariables] = {2.5, 0, 1e6, 0};
    QCOMPARE(list[0].ratio.value, law->criticalRatio(r.theta.data(), 1.21, x1, nullptr).value);
    QCOMPARE(list[1].model, std::string("m2"));
    QCOMPARE(list[1].ratio.y0, 3.0);
    QCOMPARE(list[1].ratio.rft_tokens, 0.0);  // not shared: no recovery
    // By hand: (1.21 / (3^−0.1 · 2^0.2))^(1/2) − 1.
    QVERIFY(std::fabs(list[1].ratio.value - (std::sqrt(1.21 / (std::pow(3.0, -0.1) * std::pow(2.0, 0.2))) - 1)) < 1e-12);
  }
};

QTEST_APPLESS_MAIN(TestCriticalRatio)
#include "test_critical_ratio.moc"
